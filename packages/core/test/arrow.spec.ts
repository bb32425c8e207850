import { BatchBuilder, DataError, inferSchema, logicalTypeOf } from '@sqlflow/core';
import { Bool, DataType, Field, Float64, Int32, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';

const schema = new Schema([
  new Field('id', new Int64(), false),
  new Field('n', new Int32(), true),
  new Field('price', new Float64(), true),
  new Field('ok', new Bool(), true),
  new Field('name', new Utf8(), true),
  new Field('at', new TimestampMicrosecond('UTC'), true),
]);

describe('BatchBuilder', () => {
  it('cuts batches at the row high-water mark and flushes the rest', () => {
    const b = new BatchBuilder(schema, { maxRows: 4 });
    const batches = [];
    for (let i = 0; i < 10; i++) {
      const full = b.add({ id: i, n: String(i), price: '1.5', ok: 'true', name: `r${i}`, at: '2024-01-01T00:00:00.000007Z' });
      if (full) batches.push(full);
    }
    const rest = b.flush();
    expect(batches.map((x) => x.numRows)).toEqual([4, 4]);
    expect(rest?.numRows).toBe(2);
    expect(b.flush()).toBeUndefined();
    expect(batches[1]!.getChild('id')!.get(0)).toBe(4n);
    expect(batches[0]!.getChild('n')!.get(3)).toBe(3);
    expect(batches[0]!.getChild('ok')!.get(0)).toBe(true);
  });

  it('cuts batches at the byte high-water mark', () => {
    const b = new BatchBuilder(schema, { maxRows: 1_000_000, maxBytes: 1000 });
    let first;
    for (let i = 0; i < 100 && !first; i++) first = b.add({ id: i, name: 'x'.repeat(100) });
    expect(first).toBeDefined();
    expect(first!.numRows).toBeLessThan(20);
  });

  it('keeps microsecond timestamps and nulls', () => {
    const b = new BatchBuilder(schema);
    b.add({ id: 1n, at: '2024-01-01T00:00:00.123456Z' });
    b.add({ id: 2, at: null, name: null });
    b.add({ id: 3, at: new Date('2024-01-01T00:00:00.001Z') });
    const batch = b.flush()!;
    const at = batch.getChild('at')!;
    expect(at.data[0]!.values[0]).toBe(1_704_067_200_123_456n);
    expect(at.get(1)).toBeNull();
    expect(at.data[0]!.values[2]).toBe(1_704_067_200_001_000n);
    expect(batch.getChild('name')!.get(1)).toBeNull();
  });

  it('names the column when a value does not fit', () => {
    const b = new BatchBuilder(schema);
    expect(() => b.add({ id: 'twelve' })).toThrow(DataError);
    expect(() => b.add({ id: 1, price: 'cheap' })).toThrow('column `price`: cannot convert "cheap" to Float64');
    expect(() => b.add({ id: 1, at: 'yesterday' })).toThrow('column `at`: cannot convert "yesterday" to a timestamp');
  });
});

describe('inferSchema', () => {
  it('applies the documented rules', () => {
    const s = inferSchema([
      { i: '1', f: '1', b: 'true', d: '2024-01-01', t: '2024-01-01 10:00:00', tz: '2024-01-01T10:00:00Z', s: 'x', j: { a: 1 }, e: '' },
      { i: '-20', f: '2.5', b: 'FALSE', d: '2024-02-29', t: '2024-01-01', tz: '2024-01-01T10:00:00+01:00', s: '12', j: [1], e: null },
    ]);
    const types = Object.fromEntries(s.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      i: 'Int64',
      f: 'Float64',
      b: 'Bool',
      d: 'Date32<DAY>',
      t: 'Timestamp<MICROSECOND>',
      tz: 'Timestamp<MICROSECOND, UTC>',
      s: 'Utf8',
      j: 'Utf8',
      e: 'Utf8',
    });
    expect(logicalTypeOf(s.fields.find((f) => f.name === 'j')!)).toBe('json');
    expect(DataType.isTimestamp(s.fields[4]!.type)).toBe(true);
  });
});
