import {
  compareWatermarks,
  formatTimestampMicros,
  isWatermarkValue,
  lowerBound,
  maxWatermark,
  parseTimestampMicros,
  StateError,
  toWatermark,
} from '@sqlflow/core';

describe('timestamps keep microseconds', () => {
  it('parses zones and fractions exactly', () => {
    expect(parseTimestampMicros('1970-01-01T00:00:00.000001Z')).toBe(1n);
    expect(parseTimestampMicros('2024-03-01 12:00:00.123456+02:00')).toBe(parseTimestampMicros('2024-03-01T10:00:00.123456Z'));
    expect(parseTimestampMicros('2024-03-01')).toBe(1_709_251_200_000_000n);
    expect(formatTimestampMicros(1_709_251_200_123_456n)).toBe('2024-03-01T00:00:00.123456Z');
    expect(formatTimestampMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z');
  });
});

describe('watermarks', () => {
  it('keep their type and compare by value, not by text', () => {
    const a = toWatermark('int', 9);
    const b = toWatermark('int', '10');
    expect(a).toEqual({ type: 'int', value: '9' });
    expect(compareWatermarks(a, b)).toBeLessThan(0);
    expect(toWatermark('int', 9_007_199_254_740_993n).value).toBe('9007199254740993');
    const t1 = toWatermark('timestamp', '2024-01-01T00:00:00.000001Z');
    const t2 = toWatermark('timestamp', '2024-01-01T01:00:00+02:00');
    expect(compareWatermarks(t2, t1)).toBeLessThan(0);
    expect(maxWatermark(t1, t2)).toBe(t1);
    expect(maxWatermark(undefined, t2)).toBe(t2);
  });

  it('refuses to compare different types', () => {
    expect(() => compareWatermarks(toWatermark('int', 1), toWatermark('string', 'a'))).toThrow(StateError);
  });

  it('moves the lower bound back by the lookback window', () => {
    expect(lowerBound(toWatermark('timestamp', '2024-01-02T00:00:00Z'), 86_400)).toEqual({ type: 'timestamp', value: '2024-01-01T00:00:00.000000Z' });
    expect(lowerBound(toWatermark('int', 100), 5)).toEqual({ type: 'int', value: '95' });
    expect(lowerBound(toWatermark('date', '2024-01-10'), 3 * 86_400)).toEqual({ type: 'date', value: '2024-01-07' });
    expect(lowerBound(toWatermark('string', 'k'), 10)).toEqual({ type: 'string', value: 'k' });
  });

  it('validates values read back from JSON', () => {
    expect(isWatermarkValue({ type: 'int', value: '12' })).toBe(true);
    expect(isWatermarkValue({ type: 'int', value: '1.5' })).toBe(false);
    expect(isWatermarkValue({ type: 'timestamp', value: 3 })).toBe(false);
    expect(isWatermarkValue(null)).toBe(false);
  });
});
