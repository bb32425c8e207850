import { DataError } from '@sqlflow/core';
import { type Data, type DataType, type Field, makeData, type List } from 'apache-arrow';
import type { ColumnMapping, WireKind } from '../catalog/type-mapping';
import { decodeInterval } from './interval-binary';
import { decodeNumeric, writeDecimal128 } from './numeric-binary';
import { Validity } from './validity';

/** Accumulates one column of binary COPY values into Arrow buffers. */
export interface ColumnBuilder {
  /** Values since the last flush. */
  readonly length: number;
  /** Appends the value whose `len` bytes start at `pos`. */
  append(buf: Buffer, pos: number, len: number): void;
  appendNull(): void;
  /** The Arrow data of the values since the last flush; starts over. */
  flush(): Data;
}

const PG_EPOCH_DAYS = 10_957;
// 946684800000000 microseconds between 1970-01-01 and 2000-01-01, split into 32-bit words
const PG_EPOCH_MICROS_HI = 220_417;
const PG_EPOCH_MICROS_LO = 993_517_568;
const TWO32 = 4294967296;
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

abstract class Base implements ColumnBuilder {
  length = 0;
  protected readonly validity = new Validity();
  constructor(
    protected readonly type: DataType,
    protected readonly column: string,
  ) {}
  abstract append(buf: Buffer, pos: number, len: number): void;
  abstract appendNull(): void;
  abstract flush(): Data;
  protected fail(what: string): never {
    throw new DataError(`column \`${this.column}\`: ${what}`, { details: { column: this.column } });
  }
}

type Fixed = Int16Array | Int32Array | Float32Array | Float64Array;

class FixedBuilder extends Base {
  private values: Fixed;
  constructor(
    type: DataType,
    column: string,
    private readonly wire: WireKind,
    private readonly make: (n: number) => Fixed,
  ) {
    super(type, column);
    this.values = make(1024);
  }
  append(buf: Buffer, pos: number): void {
    if (this.length === this.values.length) this.grow();
    const i = this.length;
    switch (this.wire) {
      case 'int2': this.values[i] = buf.readInt16BE(pos); break;
      case 'int4': this.values[i] = buf.readInt32BE(pos); break;
      case 'float4': this.values[i] = buf.readFloatBE(pos); break;
      case 'float8': this.values[i] = buf.readDoubleBE(pos); break;
      case 'date': {
        const days = buf.readInt32BE(pos);
        if (days === 0x7fffffff || days === -0x80000000) return this.appendNull();
        this.values[i] = days + PG_EPOCH_DAYS;
        break;
      }
      default: this.fail(`unexpected wire kind ${this.wire}`);
    }
    this.validity.set(i, true);
    this.length++;
  }
  appendNull(): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length] = 0;
    this.validity.set(this.length++, false);
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const data = makeData({ type: this.type as never, length: n, nullCount, data: this.values.subarray(0, n) as never, nullBitmap: this.validity.take(n) });
    this.values = this.make(Math.max(1024, this.values.length));
    this.length = 0;
    return data;
  }
  private grow(): void {
    const next = this.make(this.values.length * 2);
    next.set(this.values as never);
    this.values = next;
  }
}

/** 64-bit values (int8, time, timestamp) kept as two 32-bit words, without BigInt per row. */
class Int64Builder extends Base {
  private words = new Int32Array(2048);
  constructor(
    type: DataType,
    column: string,
    private readonly epochShift: boolean,
  ) {
    super(type, column);
  }
  append(buf: Buffer, pos: number): void {
    if (this.length * 2 === this.words.length) this.grow();
    let hi = buf.readInt32BE(pos);
    let lo = buf.readUInt32BE(pos + 4);
    if (this.epochShift) {
      if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) return this.appendNull();
      const sum = lo + PG_EPOCH_MICROS_LO;
      const carry = sum >= TWO32 ? 1 : 0;
      lo = sum - carry * TWO32;
      hi = (hi + PG_EPOCH_MICROS_HI + carry) | 0;
    }
    const i = this.length * 2;
    this.words[i] = lo | 0;
    this.words[i + 1] = hi;
    this.validity.set(this.length++, true);
  }
  appendNull(): void {
    if (this.length * 2 === this.words.length) this.grow();
    this.words[this.length * 2] = 0;
    this.words[this.length * 2 + 1] = 0;
    this.validity.set(this.length++, false);
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const values = new BigInt64Array(this.words.buffer, 0, n);
    const data = makeData({ type: this.type as never, length: n, nullCount, data: values as never, nullBitmap: this.validity.take(n) });
    this.words = new Int32Array(Math.max(2048, this.words.length));
    this.length = 0;
    return data;
  }
  private grow(): void {
    const next = new Int32Array(this.words.length * 2);
    next.set(this.words);
    this.words = next;
  }
}

class BoolBuilder extends Base {
  private bits = new Validity();
  append(buf: Buffer, pos: number): void {
    this.bits.set(this.length, buf[pos] !== 0);
    this.validity.set(this.length++, true);
  }
  appendNull(): void {
    this.bits.set(this.length, false);
    this.validity.set(this.length++, false);
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const nullBitmap = this.validity.take(n);
    const bits = this.bits.take(n) ?? new Uint8Array((n + 7) >> 3);
    this.bits = new Validity();
    this.length = 0;
    return makeData({ type: this.type as never, length: n, nullCount, data: bits as never, nullBitmap });
  }
}

const HEX = '0123456789abcdef';
/** Values up to this many bytes are copied byte by byte. */
const SHORT_COPY = 64;

/** Variable-length values (text, json, bytea, uuid, interval, numeric text) as offsets + bytes. */
class VarBuilder extends Base {
  private offsets = new Int32Array(1025);
  private bytes = new Uint8Array(64 * 1024);
  private used = 0;
  constructor(
    type: DataType,
    column: string,
    private readonly wire: WireKind,
  ) {
    super(type, column);
  }
  append(buf: Buffer, pos: number, len: number): void {
    switch (this.wire) {
      case 'jsonb':
        if (buf[pos] !== 1) this.fail(`unsupported jsonb format version ${buf[pos]}`);
        this.copy(buf, pos + 1, len - 1);
        break;
      case 'uuid': this.uuid(buf, pos); break;
      case 'interval': this.text(decodeInterval(buf, pos)); break;
      case 'numeric_text': this.text(decodeNumeric(buf, pos)); break;
      default: this.copy(buf, pos, len);
    }
    this.validity.set(this.length, true);
    this.offsets[++this.length] = this.used;
  }
  appendNull(): void {
    this.ensureOffsets();
    this.validity.set(this.length, false);
    this.offsets[++this.length] = this.used;
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const data = makeData({
      type: this.type as never,
      length: n,
      nullCount,
      valueOffsets: this.offsets.subarray(0, n + 1),
      data: this.bytes.subarray(0, this.used),
      nullBitmap: this.validity.take(n),
    } as never);
    this.offsets = new Int32Array(Math.max(1025, this.offsets.length));
    this.bytes = new Uint8Array(Math.max(64 * 1024, this.bytes.length));
    this.used = 0;
    this.length = 0;
    return data;
  }
  private ensureOffsets(): void {
    if (this.length + 1 >= this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
  }
  private reserve(extra: number): void {
    this.ensureOffsets();
    if (this.used + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.used + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }
  private copy(buf: Buffer, pos: number, len: number): void {
    this.reserve(len);
    // A loop beats Buffer#copy's native call for the short values most columns hold.
    if (len <= SHORT_COPY) {
      const bytes = this.bytes;
      const at = this.used;
      for (let k = 0; k < len; k++) bytes[at + k] = buf[pos + k]!;
    } else buf.copy(this.bytes, this.used, pos, pos + len);
    this.used += len;
  }
  private text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.copy(b, 0, b.length);
  }
  private uuid(buf: Buffer, pos: number): void {
    this.reserve(36);
    let o = this.used;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) this.bytes[o++] = 45; // '-'
      const b = buf[pos + i]!;
      this.bytes[o++] = HEX.charCodeAt(b >> 4);
      this.bytes[o++] = HEX.charCodeAt(b & 15);
    }
    this.used = o;
  }
}

class DecimalBuilder extends Base {
  private words = new Uint32Array(4096);
  constructor(
    type: DataType,
    column: string,
    private readonly scale: number,
  ) {
    super(type, column);
  }
  append(buf: Buffer, pos: number): void {
    if (this.length * 4 === this.words.length) this.grow();
    if (!this.fast(buf, pos)) writeDecimal128(decodeNumeric(buf, pos), this.scale, this.words, this.length * 4, this.column);
    this.validity.set(this.length++, true);
  }
  appendNull(): void {
    if (this.length * 4 === this.words.length) this.grow();
    this.words.fill(0, this.length * 4, this.length * 4 + 4);
    this.validity.set(this.length++, false);
  }
  /** Small values straight from the base-10000 digits, without text; false when it does not apply. */
  private fast(buf: Buffer, pos: number): boolean {
    const ndigits = buf.readInt16BE(pos);
    const weight = buf.readInt16BE(pos + 2);
    const sign = buf.readUInt16BE(pos + 4);
    if (sign !== 0 && sign !== 0x4000) return false;
    let unscaled = 0;
    for (let i = 0; i < ndigits; i++) {
      const exponent = 4 * (weight - i) + this.scale;
      const digit = buf.readInt16BE(pos + 8 + i * 2);
      if (exponent >= 0) {
        if (exponent > 15) return false;
        unscaled += digit * POW10[exponent]!;
      } else {
        // A base-10000 group that straddles the scale (e.g. cents: 12.34 is [12, 3400] with the
        // 3400 at 10^-2): exact when the digits below the scale are zeros, else the slow path.
        if (exponent < -3) return false;
        const divisor = POW10[-exponent]!;
        if (digit % divisor !== 0) return false;
        unscaled += digit / divisor;
      }
    }
    if (unscaled > Number.MAX_SAFE_INTEGER) return false;
    const at = this.length * 4;
    const lo = unscaled % TWO32;
    const hi = Math.floor(unscaled / TWO32);
    if (sign === 0 || unscaled === 0) {
      this.words[at] = lo;
      this.words[at + 1] = hi;
      this.words[at + 2] = 0;
      this.words[at + 3] = 0;
    } else {
      // two's complement of a value below 2^53
      const nlo = (TWO32 - lo) % TWO32;
      this.words[at] = nlo;
      this.words[at + 1] = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      this.words[at + 2] = 0xffffffff;
      this.words[at + 3] = 0xffffffff;
    }
    return true;
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const data = makeData({ type: this.type as never, length: n, nullCount, data: this.words.subarray(0, n * 4) as never, nullBitmap: this.validity.take(n) });
    this.words = new Uint32Array(Math.max(4096, this.words.length));
    this.length = 0;
    return data;
  }
  private grow(): void {
    const next = new Uint32Array(this.words.length * 2);
    next.set(this.words);
    this.words = next;
  }
}

/** One-dimensional arrays as Arrow lists; elements go to a child builder. */
class ListBuilder extends Base {
  private offsets = new Int32Array(1025);
  constructor(
    type: DataType,
    column: string,
    private readonly child: ColumnBuilder,
  ) {
    super(type, column);
  }
  append(buf: Buffer, pos: number): void {
    const ndim = buf.readInt32BE(pos);
    if (ndim > 1) this.fail(`multi-dimensional arrays are not supported; flatten the column in \`query\` (e.g. with unnest or a cast to text)`);
    if (ndim === 1) {
      const count = buf.readInt32BE(pos + 12);
      let p = pos + 20;
      for (let i = 0; i < count; i++) {
        const len = buf.readInt32BE(p);
        p += 4;
        if (len < 0) this.child.appendNull();
        else {
          this.child.append(buf, p, len);
          p += len;
        }
      }
    }
    this.push(true);
  }
  appendNull(): void {
    this.push(false);
  }
  flush(): Data {
    const n = this.length;
    const nullCount = this.validity.nulls;
    const data = makeData({
      type: this.type as List,
      length: n,
      nullCount,
      valueOffsets: this.offsets.subarray(0, n + 1),
      child: this.child.flush(),
      nullBitmap: this.validity.take(n),
    });
    this.offsets = new Int32Array(Math.max(1025, this.offsets.length));
    this.length = 0;
    return data;
  }
  private push(valid: boolean): void {
    if (this.length + 1 >= this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.validity.set(this.length, valid);
    this.offsets[++this.length] = this.child.length;
  }
}

function scalarBuilder(type: DataType, column: string, wire: WireKind, scale: number): ColumnBuilder {
  switch (wire) {
    case 'bool': return new BoolBuilder(type, column);
    case 'int2': return new FixedBuilder(type, column, wire, (n) => new Int16Array(n));
    case 'int4': case 'date': return new FixedBuilder(type, column, wire, (n) => new Int32Array(n));
    case 'float4': return new FixedBuilder(type, column, wire, (n) => new Float32Array(n));
    case 'float8': return new FixedBuilder(type, column, wire, (n) => new Float64Array(n));
    case 'int8': case 'time': return new Int64Builder(type, column, false);
    case 'timestamp': return new Int64Builder(type, column, true);
    case 'decimal': return new DecimalBuilder(type, column, scale);
    default: return new VarBuilder(type, column, wire);
  }
}

/** The builder for a mapped column. */
export function columnBuilder(mapping: ColumnMapping): ColumnBuilder {
  const { field } = mapping;
  if (mapping.isList) {
    const child = (field.type as List).children[0] as Field;
    return new ListBuilder(field.type, field.name, scalarBuilder(child.type, field.name, mapping.wire, mapping.scale));
  }
  return scalarBuilder(field.type, field.name, mapping.wire, mapping.scale);
}
