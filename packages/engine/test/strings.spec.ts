import { DataError } from '@sqlflow/core';
import { Binary, Field, Int32, makeData, RecordBatch, Schema, Struct, Utf8 } from 'apache-arrow';
import { batchOf, openEngine, streamOf } from './support';

// Strings reach DuckDB in bulk: values of up to 12 bytes are laid out inline in DuckDB's 16-byte
// string slots, longer ones point into one copy of the vector's bytes. Both must give the exact
// value back, at every length around the 12-byte inline limit, with nulls, slices and any UTF-8.
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

/** A one-column batch of raw UTF-8 bytes cut at `offsets`, with an optional validity bitmap. */
function rawUtf8Batch(bytes: Uint8Array, offsets: number[], nulls?: Uint8Array): RecordBatch {
  const fields = [new Field('s', new Utf8(), true)];
  const length = offsets.length - 1;
  const nullCount = nulls ? length - [...Array(length).keys()].filter((i) => (nulls[i >> 3]! >> (i & 7)) & 1).length : 0;
  const s = makeData({ type: new Utf8(), length, nullCount, valueOffsets: new Int32Array(offsets), data: bytes, nullBitmap: nulls });
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, nullCount: 0, children: [s] }));
}

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

  it('keeps multi-byte characters in long and short values, including many rows in one vector', async () => {
    const { engine, cleanup } = await openEngine();
    try {
      const schema = new Schema([new Field('i', new Int32(), false), new Field('s', new Utf8(), true)]);
      const pick = (i: number): string | null => (i % 7 === 0 ? null : i % 3 === 0 ? `€${i}` : `naïve café ${i} ${'ß'.repeat(i % 5)}`);
      const rows = Array.from({ length: 5000 }, (_, i) => ({ i, s: pick(i) }));
      await engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'many', mode: 'replace', batches: streamOf(batchOf(schema, rows)) });
      const back = await engine.query('SELECT i, s FROM many ORDER BY i');
      expect(back.map((r) => r.s)).toEqual(rows.map((r) => r.s));
    } finally {
      await cleanup();
    }
  });

  it('refuses bytes that are not UTF-8 with a DataError naming the column and row, and loads nothing', async () => {
    const { engine, cleanup } = await openEngine();
    try {
      const text = new TextEncoder().encode('a fine first value, long enough');
      const bytes = new Uint8Array([...text, 0x62, 0xff, 0x63]);
      const batch = rawUtf8Batch(bytes, [0, text.length, bytes.length]);
      const load = engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'bad', mode: 'replace', batches: streamOf({ batch }) });
      await expect(load).rejects.toBeInstanceOf(DataError);
      await expect(load).rejects.toThrow(/column `s`: row 1 of the batch is not valid UTF-8/);
      expect(await engine.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'bad'")).toEqual([{ n: 0n }]);
      // 'é' split across two values: the run of bytes is valid UTF-8, each value is not.
      const split = new Uint8Array([...text, 0xc3, 0xa9]);
      const torn = rawUtf8Batch(split, [0, text.length + 1, split.length]);
      await expect(engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'bad', mode: 'replace', batches: streamOf({ batch: torn }) }))
        .rejects.toThrow(/column `s`: row 0 of the batch is not valid UTF-8/);
    } finally {
      await cleanup();
    }
  });

  it('accepts undefined bytes under null rows (Arrow leaves them undefined)', async () => {
    const { engine, cleanup } = await openEngine();
    try {
      const long = new TextEncoder().encode('a long value that is not inline');
      const bytes = new Uint8Array([...long, 0xff, 0xfe, 0xfd, ...long]);
      // row 1 is null, its 3 bytes are not UTF-8
      const batch = rawUtf8Batch(bytes, [0, long.length, long.length + 3, bytes.length], new Uint8Array([0b101]));
      await engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'holes', mode: 'append', batches: streamOf({ batch }) });
      const back = await engine.query('SELECT s FROM holes ORDER BY rowid');
      expect(back.map((r) => r.s)).toEqual(['a long value that is not inline', null, 'a long value that is not inline']);
    } finally {
      await cleanup();
    }
  });
});
