import { Field, Int64, Schema, TimestampMillisecond, TimestampNanosecond, Utf8, vectorFromArray, DateDay, Binary } from 'apache-arrow';
import { logicalField } from '@sqlflow/core';
import { canonicalTimestamp, normalizeRow, normalizeValue } from '@sqlflow/testing';

describe('normalizeValue without a field', () => {
  it('turns safe bigints into numbers and unsafe ones into decimal strings', () => {
    expect(normalizeValue(5n)).toBe(5);
    expect(normalizeValue(5)).toBe(5);
    expect(normalizeValue(2n ** 60n)).toBe('1152921504606846976');
    expect(normalizeValue(-(2n ** 60n))).toBe('-1152921504606846976');
  });

  it('maps special numbers to text and -0 to 0', () => {
    expect(normalizeValue(NaN)).toBe('NaN');
    expect(normalizeValue(-Infinity)).toBe('-Infinity');
    expect(Object.is(normalizeValue(-0), 0)).toBe(true);
    expect(normalizeValue(1.5)).toBe(1.5);
  });

  it('gives Dates and ISO timestamps one canonical UTC text with microseconds', () => {
    const want = '2024-01-02T03:04:05.600000Z';
    expect(normalizeValue(new Date('2024-01-02T03:04:05.6Z'))).toBe(want);
    expect(normalizeValue('2024-01-02T03:04:05.6Z')).toBe(want);
    expect(normalizeValue('2024-01-02 05:04:05.600+02:00')).toBe(want);
    expect(normalizeValue('2024-01-02')).toBe('2024-01-02');
    expect(normalizeValue('not a date')).toBe('not a date');
  });

  it('renders bytes as hex and recurses into arrays and objects with sorted keys', () => {
    expect(normalizeValue(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(normalizeValue(Buffer.from('hi'))).toBe('6869');
    const out = normalizeValue({ z: [1n, null], a: { d: new Date(0) } });
    expect(Object.keys(out as object)).toEqual(['a', 'z']);
    expect(out).toEqual({ a: { d: '1970-01-01T00:00:00.000000Z' }, z: [1, null] });
    expect(normalizeValue(undefined)).toBeNull();
  });

  it('turns Arrow list vectors into arrays', () => {
    expect(normalizeValue(vectorFromArray([1, 2, 3]))).toEqual([1, 2, 3]);
  });
});

describe('normalizeValue with an Arrow field', () => {
  it('reads timestamp numbers as epoch milliseconds and bigints in the field unit', () => {
    const ms = new Field('t', new TimestampMillisecond());
    const ns = new Field('t', new TimestampNanosecond());
    expect(normalizeValue(1_000, ms)).toBe('1970-01-01T00:00:01.000000Z');
    expect(normalizeValue(1_000_001_000n, ns)).toBe('1970-01-01T00:00:01.000001Z');
    expect(canonicalTimestamp('2024-01-01')).toBe('2024-01-01T00:00:00.000000Z');
  });

  it('formats dates as YYYY-MM-DD whatever the input', () => {
    const f = new Field('d', new DateDay());
    expect(normalizeValue(86_400_000, f)).toBe('1970-01-02');
    expect(normalizeValue(new Date('1970-01-02T00:00:00Z'), f)).toBe('1970-01-02');
    expect(normalizeValue('1970-01-02T00:00:00Z', f)).toBe('1970-01-02');
  });

  it('parses numeric text for integer fields and leaves text fields alone', () => {
    expect(normalizeValue('42', new Field('i', new Int64()))).toBe(42);
    expect(normalizeValue('2024-01-01T00:00:00Z', new Field('s', new Utf8()))).toBe('2024-01-01T00:00:00Z');
    expect(normalizeValue('abc', new Field('b', new Binary()))).toBe('616263');
  });

  it('compares JSON fields by value, not by text', () => {
    const f = logicalField('meta', new Utf8(), 'json');
    expect(normalizeValue('{"b":1,"a":2}', f)).toEqual(normalizeValue({ a: 2, b: 1 }, f));
  });
});

describe('normalizeRow', () => {
  it('lets the schema decide per column and the value rules decide elsewhere', () => {
    const schema = new Schema([new Field('id', new Int64()), new Field('at', new TimestampMillisecond())]);
    expect(normalizeRow({ id: '7', at: 0, extra: 3n }, schema)).toEqual({ id: 7, at: '1970-01-01T00:00:00.000000Z', extra: 3 });
  });
});
