import { Binary, Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { batchOf, openEngine, streamOf } from './support';

// Strings reach DuckDB two ways: short ASCII values are laid out inline in DuckDB's 16-byte
// string slots in bulk; longer or non-ASCII values are assigned one by one. Both must give the
// exact value back, at every length around the 12-byte inline limit, with nulls and slices.
const values = [
  '',
  'a',
  'abcdefghijk', // 11
  'abcdefghijkl', // 12: the longest inline string
  'abcdefghijklm', // 13: the shortest assigned one
  'é', // 2 bytes, non-ASCII
  'ñandú €', // non-ASCII, 11 bytes
  'x'.repeat(10_000),
  null,
  'tail',
];

describe('string columns', () => {
  it('round-trips every length and encoding, in whole and in sliced batches', async () => {
    const { engine, cleanup } = await openEngine();
    try {
      const schema = new Schema([new Field('i', new Int32(), false), new Field('s', new Utf8(), true), new Field('b', new Binary(), true)]);
      const rows = values.map((s, i) => ({ i, s, b: s === null ? null : new TextEncoder().encode(s) }));
      const batch = batchOf(schema, rows).batch;
      await engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'whole', mode: 'append', batches: streamOf({ batch }) });
      // Slices start mid-buffer, so offsets and the validity bitmap are not at 0.
      const parts = [batch.slice(0, 3), batch.slice(3, 7), batch.slice(7)];
      await engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'sliced', mode: 'append', batches: streamOf(...parts.map((b) => ({ batch: b }))) });
      for (const table of ['whole', 'sliced']) {
        const back = await engine.query(`SELECT i, s, octet_length(b) AS blen, b = encode(s) AS same FROM ${table} ORDER BY i`);
        expect(back.map((r) => r.s)).toEqual(values);
        expect(back.map((r) => (r.blen === null ? null : Number(r.blen)))).toEqual(values.map((v) => (v === null ? null : new TextEncoder().encode(v).length)));
        expect(back.filter((r) => r.s !== null).every((r) => r.same === true)).toBe(true);
      }
    } finally {
      await cleanup();
    }
  });
});
