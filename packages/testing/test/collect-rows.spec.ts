import { Field, Int32, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { BatchBuilder, type StreamBatch } from '@sqlflow/core';
import { assertSameRows, batchRows, collectRows, ConformanceFailure } from '@sqlflow/testing';

const schema = new Schema([new Field('id', new Int32()), new Field('at', new TimestampMicrosecond('UTC'))]);

async function* stream(): AsyncGenerator<StreamBatch> {
  const b = new BatchBuilder(schema, { maxRows: 2 });
  const rows = [
    { id: 1, at: '2024-01-01T00:00:00.000001Z' },
    { id: 2, at: '2024-01-02T00:00:00Z' },
    { id: 3, at: null },
  ];
  for (const row of rows) {
    const batch = b.add(row);
    if (batch) yield { batch, watermark: { type: 'int', value: String(row.id) } };
  }
  yield { batch: b.flush()! };
}

describe('collectRows', () => {
  it('returns every row normalized and each watermark with the rows read before it', async () => {
    const got = await collectRows(stream());
    expect(got.batches).toBe(2);
    expect(got.rows).toEqual([
      { id: 1, at: '2024-01-01T00:00:00.000001Z' },
      { id: 2, at: '2024-01-02T00:00:00.000000Z' },
      { id: 3, at: null },
    ]);
    expect(got.watermarks).toEqual([{ watermark: { type: 'int', value: '2' }, afterRows: 2, batchIndex: 0 }]);
    expect(got.finalWatermark).toEqual({ type: 'int', value: '2' });
    expect(got.schema?.fields.map((f) => f.name)).toEqual(['id', 'at']);
  });

  it('keeps microseconds that Arrow get() would drop', () => {
    const b = new BatchBuilder(schema);
    b.add({ id: 1, at: '1970-01-01T00:00:00.000007Z' });
    expect(batchRows(b.flush()!)).toEqual([{ id: 1, at: '1970-01-01T00:00:00.000007Z' }]);
  });
});

describe('assertSameRows', () => {
  const actual = [
    { id: 1, name: 'a', extra: true },
    { id: 2, name: 'b', extra: false },
  ];

  it('ignores order and columns the expected rows leave out', () => {
    expect(() => assertSameRows('t', actual, [{ id: 2n, name: 'b' }, { id: 1, name: 'a' }], ['id'])).not.toThrow();
  });

  it('lets the schema decide how expected values are read', () => {
    const typed = new Schema([new Field('id', new Int32()), new Field('name', new Utf8())]);
    expect(() => assertSameRows('t', actual, [{ id: '2', name: 'b' }, { id: '1', name: 'a' }], ['id'], typed)).not.toThrow();
    expect(() => assertSameRows('t', actual, [{ id: '2', name: 'b' }, { id: '1', name: 'a' }], ['id'])).toThrow(/missing row \["1"\]/);
  });

  it('lists missing, unexpected, duplicate and differing rows', () => {
    const dup = [...actual, { id: 2, name: 'b', extra: false }];
    let error: unknown;
    try {
      assertSameRows('t', dup, [{ id: 1, name: 'x' }, { id: 3, name: 'c' }], ['id']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConformanceFailure);
    const message = (error as Error).message;
    expect(message).toContain('duplicate row for key [2]');
    expect(message).toContain('row [1] differs in `name`: got "a", expected "x"');
    expect(message).toContain('missing row [3]');
    expect(message).toContain('unexpected row [2]');
  });
});
