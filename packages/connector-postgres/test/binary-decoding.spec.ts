import { BinaryCopyDecoder, columnBuilder, mapColumn, toPostgresSqlflowError, type ColumnInfo } from '@sqlflow/connector-postgres';
import { Schema } from 'apache-arrow';

function column(name: string, typeOid: number, typmod = -1): ColumnInfo {
  return { name, typeOid, typmod, typtype: 'b', elemOid: 0, elemTyptype: '', declaredType: 'x', castType: 'x', notNull: false };
}

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

function tuple(...fields: Array<Buffer | null>): Buffer {
  const parts: Buffer[] = [Buffer.alloc(2)];
  parts[0]!.writeInt16BE(fields.length);
  for (const f of fields) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(f === null ? -1 : f.length);
    parts.push(len);
    if (f) parts.push(f);
  }
  return Buffer.concat(parts);
}

function int4(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}

function numeric(ndigits: number[], weight: number, sign: number, dscale: number): Buffer {
  const b = Buffer.alloc(8 + ndigits.length * 2);
  b.writeInt16BE(ndigits.length, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(sign, 4);
  b.writeInt16BE(dscale, 6);
  ndigits.forEach((d, i) => b.writeInt16BE(d, 8 + i * 2));
  return b;
}

describe('BinaryCopyDecoder', () => {
  const mappings = [mapColumn(column('id', 23)), mapColumn(column('name', 25)), mapColumn(column('n', 1700))];
  const schema = new Schema(mappings.map((m) => m.field));
  const trailer = Buffer.from([0xff, 0xff]);
  const stream = Buffer.concat([
    HEADER,
    tuple(int4(1), Buffer.from('a'), numeric([12, 3400], 0, 0, 4)),
    tuple(int4(2), null, numeric([1], -2, 0x4000, 8)),
    tuple(int4(3), Buffer.from('ccc'), numeric([], 0, 0xc000, 0)),
    trailer,
  ]);

  test.each([1, 2, 3, 7, 64])('decodes tuples split across chunks of %i bytes, batching by rows', (size) => {
    const decoder = new BinaryCopyDecoder(schema, mappings.map(columnBuilder), { maxRows: 2, maxBytes: 1 << 20 });
    const batches = [];
    for (let i = 0; i < stream.length; i += size) batches.push(...decoder.push(stream.subarray(i, i + size)));
    const rest = decoder.flush();
    if (rest) batches.push(rest);
    expect(decoder.done).toBe(true);
    expect(batches.map((b) => b.numRows)).toEqual([2, 1]);
    const rows = batches.flatMap((b) => b.toArray().map((r) => ({ ...(r as { toJSON(): object }).toJSON() })));
    expect(rows).toEqual([
      { id: 1, name: 'a', n: '12.3400' },
      { id: 2, name: null, n: '-0.00000001' },
      { id: 3, name: 'ccc', n: 'NaN' },
    ]);
  });

  test('a text stream instead of binary is a DataError', () => {
    const decoder = new BinaryCopyDecoder(schema, mappings.map(columnBuilder), { maxRows: 2, maxBytes: 1 << 20 });
    expect(() => decoder.push(Buffer.from('1\ta\t2\n'.repeat(5)))).toThrow(expect.objectContaining({ code: 'DATA_INVALID' }));
  });

  test('NaN cannot go into an Arrow decimal: DataError naming the column', () => {
    const m = [mapColumn(column('amount', 1700, ((10 << 16) | 2) + 4))];
    const decoder = new BinaryCopyDecoder(new Schema(m.map((x) => x.field)), m.map(columnBuilder), { maxRows: 10, maxBytes: 1 << 20 });
    expect(() => decoder.push(Buffer.concat([HEADER, tuple(numeric([], 0, 0xc000, 0))]))).toThrow(/column `amount`/);
  });
});

describe('error classification', () => {
  const site = { endpoint: 'db:5432', database: 'shop', username: 'etl' };
  test.each([
    ['28P01', 'AUTH_FAILED', false],
    ['28000', 'AUTH_FAILED', false],
    ['3D000', 'CONFIG_INVALID', false],
    ['42P01', 'NOT_FOUND', false],
    ['42601', 'CONFIG_INVALID', false],
    ['23505', 'DATA_INVALID', false],
    ['57P01', 'TRANSIENT', true],
    ['08006', 'TRANSIENT', true],
    ['40001', 'TRANSIENT', true],
    ['53300', 'TRANSIENT', true],
    ['ECONNRESET', 'TRANSIENT', true],
    ['CONNECTION_CLOSED', 'TRANSIENT', true],
    ['XX000', 'TRANSIENT', false],
  ])('%s -> %s (retryable %s), cause kept', (code, expected, retryable) => {
    const cause = Object.assign(new Error('boom'), { code });
    const error = toPostgresSqlflowError(cause, site);
    expect(error).toMatchObject({ code: expected, retryable });
    expect(error.cause).toBe(cause);
  });
});
