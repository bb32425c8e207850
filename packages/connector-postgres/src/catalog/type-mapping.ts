import { logicalField, type WatermarkType } from '@sqlflow/core';
import {
  Binary, Bool, type DataType, DateDay, Decimal, Field, Float32, Float64, Int16, Int32, Int64, List, TimeMicrosecond,
  TimestampMicrosecond, Utf8,
} from 'apache-arrow';
import type { ColumnInfo } from './column-info';

/** How a binary COPY value is decoded. */
export type WireKind =
  | 'bool' | 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'decimal' | 'numeric_text' | 'text' | 'jsonb' | 'uuid'
  | 'date' | 'time' | 'timestamp' | 'interval' | 'bytea';

/** Field metadata key holding the PostgreSQL type a field came from. */
export const POSTGRES_TYPE_KEY = 'postgres:type';

/** Well-known type OIDs (stable across PostgreSQL versions). */
export const OID = {
  bool: 16, bytea: 17, char: 18, name: 19, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, json: 114, xml: 142,
  float4: 700, float8: 701, bpchar: 1042, varchar: 1043, date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184,
  interval: 1186, timetz: 1266, numeric: 1700, uuid: 2950, jsonb: 3802,
} as const;

/** The mapping of one column: Arrow field, select expression, decoder and cursor type. */
export interface ColumnMapping {
  readonly column: ColumnInfo;
  readonly field: Field;
  /** Decoder of the value (of the element, for lists). */
  readonly wire: WireKind;
  readonly isList: boolean;
  /** Cast applied in the SELECT list, when the wire format is not decoded natively. */
  readonly selectCast: 'text' | 'text[]' | 'int8' | undefined;
  /** Numeric precision/scale when decoded as Decimal or numeric text. */
  readonly precision: number;
  readonly scale: number;
  /** The watermark type when this column is a cursor; undefined when it cannot be one. */
  readonly watermarkType: WatermarkType | undefined;
}

/** Largest precision Arrow's 128-bit decimal holds. */
export const MAX_DECIMAL128_PRECISION = 38;

/** Precision and scale of a numeric type modifier (undefined for unconstrained numeric). */
export function numericTypmod(typmod: number): { precision: number; scale: number } | undefined {
  if (typmod < 4) return undefined;
  const m = typmod - 4;
  const raw = m & 0x7ff;
  return { precision: (m >> 16) & 0xffff, scale: raw >= 0x400 ? raw - 0x800 : raw };
}

interface Scalar {
  type: DataType;
  wire: WireKind;
  logical?: 'json' | 'uuid' | 'interval' | 'enum' | `decimal(${number},${number})`;
  precision?: number;
  scale?: number;
  cast?: 'text' | 'int8';
  watermark?: WatermarkType;
}

function scalarFor(oid: number, typtype: string, typmod: number): Scalar {
  if (typtype === 'e') return { type: new Utf8(), wire: 'text', logical: 'enum', watermark: 'string' };
  switch (oid) {
    case OID.bool: return { type: new Bool(), wire: 'bool' };
    case OID.int2: return { type: new Int16(), wire: 'int2', watermark: 'int' };
    case OID.int4: return { type: new Int32(), wire: 'int4', watermark: 'int' };
    case OID.int8: return { type: new Int64(), wire: 'int8', watermark: 'int' };
    case OID.oid: return { type: new Int64(), wire: 'int8', cast: 'int8', watermark: 'int' };
    case OID.float4: return { type: new Float32(), wire: 'float4', watermark: 'float' };
    case OID.float8: return { type: new Float64(), wire: 'float8', watermark: 'float' };
    case OID.numeric: {
      const ps = numericTypmod(typmod);
      if (ps && ps.precision <= MAX_DECIMAL128_PRECISION && ps.scale >= 0) {
        return { type: new Decimal(ps.scale, ps.precision, 128), wire: 'decimal', ...ps, watermark: ps.scale === 0 ? 'int' : 'float' };
      }
      if (ps) return { type: new Utf8(), wire: 'numeric_text', logical: `decimal(${ps.precision},${ps.scale})`, ...ps, watermark: ps.scale === 0 ? 'int' : 'float' };
      return { type: new Utf8(), wire: 'numeric_text', precision: 0, scale: 0, watermark: 'float' };
    }
    case OID.text: case OID.varchar: case OID.bpchar: case OID.name: case OID.char:
      return { type: new Utf8(), wire: 'text', watermark: 'string' };
    case OID.uuid: return { type: new Utf8(), wire: 'uuid', logical: 'uuid', watermark: 'string' };
    case OID.json: return { type: new Utf8(), wire: 'text', logical: 'json' };
    case OID.jsonb: return { type: new Utf8(), wire: 'jsonb', logical: 'json' };
    case OID.date: return { type: new DateDay(), wire: 'date', watermark: 'date' };
    case OID.time: return { type: new TimeMicrosecond(), wire: 'time' };
    case OID.timestamp: return { type: new TimestampMicrosecond(), wire: 'timestamp', watermark: 'timestamp' };
    case OID.timestamptz: return { type: new TimestampMicrosecond('UTC'), wire: 'timestamp', watermark: 'timestamp' };
    case OID.interval: return { type: new Utf8(), wire: 'interval', logical: 'interval' };
    case OID.bytea: return { type: new Binary(), wire: 'bytea' };
    default: return { type: new Utf8(), wire: 'text', cast: 'text' };
  }
}

function fieldOf(name: string, s: Scalar, nullable: boolean, pgType: string): Field {
  const metadata = new Map<string, string>([[POSTGRES_TYPE_KEY, pgType]]);
  if (s.logical) metadata.set('sqlflow:logical_type', s.logical);
  const base = s.logical ? logicalField(name, s.type, s.logical, nullable) : new Field(name, s.type, nullable);
  return new Field(base.name, base.type, base.nullable, metadata);
}

/**
 * Maps a catalog column to Arrow (see the README's type table). Types without a native decoder
 * (inet, money, ranges, composites, xml, timetz, ...) are cast to text in the SELECT and become
 * Utf8; one-dimensional arrays become Arrow lists of their element mapping.
 */
export function mapColumn(column: ColumnInfo): ColumnMapping {
  const nullable = !column.notNull;
  if (column.elemOid !== 0) {
    const el = scalarFor(column.elemOid, column.elemTyptype, column.typmod);
    const native = el.cast === undefined;
    const child = fieldOf('item', native ? el : { type: new Utf8(), wire: 'text' }, true, column.declaredType.replace(/\[\]$/, ''));
    return {
      column,
      field: new Field(column.name, new List(child), nullable, new Map([[POSTGRES_TYPE_KEY, column.declaredType]])),
      wire: native ? el.wire : 'text',
      isList: true,
      selectCast: native ? undefined : 'text[]',
      precision: el.precision ?? 0,
      scale: el.scale ?? 0,
      watermarkType: undefined,
    };
  }
  const s = scalarFor(column.typeOid, column.typtype, column.typmod);
  return {
    column,
    field: fieldOf(column.name, s, nullable, column.declaredType),
    wire: s.wire,
    isList: false,
    selectCast: s.cast,
    precision: s.precision ?? 0,
    scale: s.scale ?? 0,
    watermarkType: s.watermark,
  };
}
