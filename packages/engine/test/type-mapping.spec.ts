import { logicalField, type WriteRequest } from '@sqlflow/core';
import type { Engine } from '@sqlflow/engine';
import {
  Binary, Bool, type Data, DateDay, Decimal, type DataType, Dictionary, Field, Float32, Float64, Int16, Int32, Int64, Int8, List, makeData,
  RecordBatch, Schema, Struct, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimeMicrosecond, Uint32, Uint64, Uint8, Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { openEngine, plain, streamOf } from './support';

function column(name: string, type: DataType, values: unknown[], field?: Field): { field: Field; data: Data } {
  return { field: field ?? new Field(name, type, true), data: vectorFromArray(values, type).data[0]! };
}

function batchFrom(columns: { field: Field; data: Data }[]): RecordBatch {
  const fields = columns.map((c) => c.field);
  const length = columns[0]!.data.length;
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, nullCount: 0, children: columns.map((c) => c.data) }));
}

/** Decimal128 data from unscaled bigints (two's complement, little-endian 32-bit words). */
function decimalData(type: Decimal, values: (bigint | null)[]): Data {
  const words = new Uint32Array(values.length * 4);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) return;
    validity[i >> 3]! |= 1 << (i & 7);
    let x = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(x & 0xffffffffn); x >>= 32n; }
  });
  const nulls = values.filter((v) => v === null).length;
  return makeData({ type, length: values.length, nullCount: nulls, data: words, nullBitmap: nulls ? validity : undefined });
}

const micros = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('Arrow to DuckDB type mapping', () => {
  let engine: Engine;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ engine, cleanup } = await openEngine()));
  afterEach(() => cleanup());

  it('round-trips every mapped type, including nulls', async () => {
    const tsType = new TimestampMicrosecond();
    const batch = batchFrom([
      column('i8', new Int8(), [-128, 127, null]),
      column('i16', new Int16(), [-32768, 32767, null]),
      column('i32', new Int32(), [-2147483648, 2147483647, null]),
      column('i64', new Int64(), [-9223372036854775808n, 9223372036854775807n, null]),
      column('u8', new Uint8(), [0, 255, null]),
      column('u32', new Uint32(), [0, 4294967295, null]),
      column('u64', new Uint64(), [0n, 18446744073709551615n, null]),
      column('f32', new Float32(), [1.5, -0.25, null]),
      column('f64', new Float64(), [Math.PI, -1e300, null]),
      column('b', new Bool(), [true, false, null]),
      column('s', new Utf8(), ['héllo', '', null]),
      column('j', new Utf8(), ['{"a":[1,2]}', '[]', null], logicalField('j', new Utf8(), 'json')),
      column('dec_text', new Utf8(), ['12345678901234567.89', '-0.01', null], logicalField('dec_text', new Utf8(), 'decimal(20,2)')),
      { field: new Field('dec', new Decimal(2, 10, 128), true), data: decimalData(new Decimal(2, 10, 128), [12345n, -5n, null]) },
      column('d', new DateDay(), [new Date('2024-02-29'), new Date('1969-12-31'), null]),
      { field: new Field('ts', tsType, true), data: makeData({ type: tsType, length: 3, nullCount: 1, nullBitmap: new Uint8Array([3]),
        data: new BigInt64Array([micros('2024-03-01T12:00:00Z') + 123456n, -1n, 0n]) }) },
      { field: new Field('tstz', new TimestampMicrosecond('UTC'), true), data: makeData({ type: new TimestampMicrosecond('UTC'), length: 3, nullCount: 1,
        nullBitmap: new Uint8Array([3]), data: new BigInt64Array([micros('2024-03-01T12:00:00Z') + 1n, 253402300799999999n, 0n]) }) },
      { field: new Field('ts_ms', new TimestampMillisecond(), true), data: makeData({ type: new TimestampMillisecond(), length: 3, nullCount: 1,
        nullBitmap: new Uint8Array([3]), data: new BigInt64Array([1709294400123n, 0n, 0n]) }) },
      { field: new Field('ts_ns', new TimestampNanosecond('+01:00'), true), data: makeData({ type: new TimestampNanosecond('+01:00'), length: 3, nullCount: 1,
        nullBitmap: new Uint8Array([3]), data: new BigInt64Array([1709294400123456789n, 0n, 0n]) }) },
      { field: new Field('tm', new TimeMicrosecond(), true), data: makeData({ type: new TimeMicrosecond(), length: 3, nullCount: 1,
        nullBitmap: new Uint8Array([3]), data: new BigInt64Array([3_723_000_001n, 0n, 0n]) }) },
      column('bin', new Binary(), [new Uint8Array([0, 1, 255]), new Uint8Array([]), null]),
      column('l', new List(new Field('item', new Int32(), true)), [[1, 2, null], [], null]),
      column('ls', new List(new Field('item', new Utf8(), true)), [['a', 'a list item past twelve bytes'], ['ç'.repeat(9)], null]),
      column('st', new Struct([new Field('x', new Int32(), true), new Field('y', new Utf8(), true)]), [{ x: 1, y: 'a' }, { x: null, y: 'b' }, null]),
      column('dict', new Dictionary(new Utf8(), new Int32()), ['red', 'blue', null]),
    ]);
    await engine.loadStream({ pipeline: 'p', source: 's', stream: 'types', table: 'types', mode: 'append', batches: streamOf({ batch }) });

    const types = plain(await engine.query("SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE table_name = 'types' ORDER BY column_index"));
    expect(Object.fromEntries(types.map((r) => [r['c'], r['t']]))).toEqual({
      i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', i64: 'BIGINT', u8: 'UTINYINT', u32: 'UINTEGER', u64: 'UBIGINT', f32: 'FLOAT', f64: 'DOUBLE',
      b: 'BOOLEAN', s: 'VARCHAR', j: 'JSON', dec_text: 'DECIMAL(20,2)', dec: 'DECIMAL(10,2)', d: 'DATE', ts: 'TIMESTAMP',
      tstz: 'TIMESTAMP WITH TIME ZONE', ts_ms: 'TIMESTAMP', ts_ns: 'TIMESTAMP WITH TIME ZONE', tm: 'TIME', bin: 'BLOB',
      l: 'INTEGER[]', ls: 'VARCHAR[]', st: 'STRUCT(x INTEGER, y VARCHAR)', dict: 'VARCHAR',
    });
    const rows = await engine.query('SELECT COLUMNS(*)::VARCHAR FROM types ORDER BY i8');
    expect(rows[0]).toEqual({
      i8: '-128', i16: '-32768', i32: '-2147483648', i64: '-9223372036854775808', u8: '0', u32: '0', u64: '0', f32: '1.5',
      f64: '3.141592653589793', b: 'true', s: 'héllo', j: '{"a":[1,2]}', dec_text: '12345678901234567.89', dec: '123.45', d: '2024-02-29',
      ts: '2024-03-01 12:00:00.123456', tstz: '2024-03-01 12:00:00.000001+00', ts_ms: '2024-03-01 12:00:00.123',
      ts_ns: '2024-03-01 12:00:00.123456+00', tm: '01:02:03.000001', bin: '\\x00\\x01\\xFF', l: '[1, 2, NULL]', ls: '[a, a list item past twelve bytes]',
      st: "{'x': 1, 'y': a}", dict: 'red',
    });
    expect(rows[1]).toMatchObject({ i64: '9223372036854775807', u64: '18446744073709551615', dec: '-0.05', dec_text: '-0.01',
      ts: '1969-12-31 23:59:59.999999', tstz: '9999-12-31 23:59:59.999999+00', s: '', l: '[]', ls: `[${'ç'.repeat(9)}]`, st: "{'x': NULL, 'y': b}", bin: '' });
    const nulls = await engine.query('SELECT count(*) AS n FROM types WHERE i8 IS NULL AND ' +
      'COLUMNS(* EXCLUDE (i8)) IS NULL');
    expect(plain(nulls)).toEqual([{ n: 1 }]);
  });

  it('writes sliced batches, unaligned null bitmaps and batches larger than one DuckDB chunk', async () => {
    const n = 5000;
    const values = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i));
    const texts = values.map((v) => (v === null ? null : `t${v}`));
    const whole = batchFrom([column('v', new Int64(), values.map((v) => (v === null ? null : BigInt(v)))), column('t', new Utf8(), texts),
      column('f', new Bool(), values.map((v) => (v === null ? null : v % 2 === 0)))]);
    const parts = [whole.slice(0, 3), whole.slice(3, 4099), whole.slice(4099)];
    await engine.loadStream({ pipeline: 'p', source: 's', stream: 'x', table: 'sliced', mode: 'append',
      batches: streamOf(...parts.map((batch) => ({ batch }))) });
    const got = plain(await engine.query('SELECT count(*) AS n, count(v) AS nv, sum(v) AS s, count(t) AS nt, sum(CASE WHEN f THEN 1 ELSE 0 END) AS ev, ' +
      "bool_and(t = 't' || v) AS same FROM sliced"));
    const present = values.filter((v): v is number => v !== null);
    expect(got).toEqual([{ n, nv: present.length, s: present.reduce((a, b) => a + b, 0), nt: present.length,
      ev: present.filter((v) => v % 2 === 0).length, same: true }]);
  });

  it('streams a query result back as Arrow batches (exportTo) keeping micros, int64, lists, times and json', async () => {
    await engine.run(`CREATE TABLE src AS SELECT i AS id, (9007199254740993 + i)::BIGINT AS big,
      TIMESTAMPTZ '2024-01-01 00:00:00.000001+00' + to_microseconds(i) AS at, DATE '2024-01-01' + i::INTEGER AS d,
      ('{"k":' || i || '}')::JSON AS j, (i / 100)::DECIMAL(10,2) AS price, [i, i + 1] AS pair, CASE WHEN i % 2 = 0 THEN 'x' END AS maybe,
      ['a', NULL, 'tag ' || i] AS tags, TIME '01:02:03.000004' + to_microseconds(i) AS tm, [[i], []] AS nested, [1.5::DECIMAL(3,1)] AS decs
      FROM range(25000) t(i)`);
    const seen: { batches: number; rows: number; first?: Record<string, unknown>; schema?: string[] } = { batches: 0, rows: 0 };
    const result = await engine.exportTo('SELECT * FROM src ORDER BY id', async (request: WriteRequest) => {
      seen.schema = request.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.metadata.get('sqlflow:logical_type') ?? ''}`);
      for await (const batch of request.batches) {
        seen.batches++;
        if (!seen.first) {
          const row = batch.get(1)!.toJSON() as Record<string, unknown>;
          seen.first = {
            ...row, at: (batch.getChild('at')!.data[0]!.values as BigInt64Array)[1], tm: (batch.getChild('tm')!.data[0]!.values as BigInt64Array)[1],
            pair: [...(batch.getChild('pair')!.get(1) as Iterable<bigint>)], tags: [...(batch.getChild('tags')!.get(1) as Iterable<string | null>)],
          };
        }
        seen.rows += batch.numRows;
      }
      return { rows: seen.rows, locations: [request.stream] };
    }, { stream: 'dest', batchRows: 10_000 });
    expect(result).toEqual({ rows: 25000, locations: ['dest'] });
    expect(seen.batches).toBe(3);
    expect(seen.schema).toEqual([
      'id:Int64:', 'big:Int64:', 'at:Timestamp<MICROSECOND, UTC>:', 'd:Date32<DAY>:', 'j:Utf8:json', 'price:Utf8:decimal(10,2)',
      'pair:List<Int64>:', 'maybe:Utf8:', 'tags:List<Utf8>:', 'tm:Time64<MICROSECOND>:', 'nested:Utf8:json', 'decs:Utf8:json',
    ]);
    expect(seen.first).toMatchObject({
      id: 1n, big: 9007199254740994n, at: 1704067200000002n, j: '{"k":1}', price: '0.01', pair: [1n, 2n], maybe: null,
      tags: ['a', null, 'tag 1'], tm: 3_723_000_005n, nested: '[[1],[]]', decs: '[1.5]',
    });
  });
});
