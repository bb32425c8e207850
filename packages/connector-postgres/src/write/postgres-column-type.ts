import { logicalTypeOf } from '@sqlflow/core';
import { type DataType, DataType as DT, type Decimal, type Field, type Int, type List, type Timestamp } from 'apache-arrow';
import { POSTGRES_TYPE_KEY } from '../catalog/type-mapping';

// Source types a field may carry (from this connector's reads) that are safe to re-create as is.
const PORTABLE_SOURCE_TYPE = /^(numeric|text|inet|cidr|macaddr|money|xml|time with time zone|character varying(\(\d+\))?|character\(\d+\))$/;

function arrowType(type: DataType): string {
  if (DT.isBool(type)) return 'boolean';
  if (DT.isInt(type)) {
    const t = type as Int;
    if (t.bitWidth <= 16 && (t.isSigned || t.bitWidth <= 8)) return 'smallint';
    if (t.bitWidth <= 32 && (t.isSigned || t.bitWidth <= 16)) return 'integer';
    if (t.bitWidth <= 32 || t.isSigned) return 'bigint';
    return 'numeric(20,0)';
  }
  if (DT.isFloat(type)) return type.precision === 2 ? 'double precision' : 'real';
  if (DT.isDecimal(type)) return `numeric(${(type as Decimal).precision},${(type as Decimal).scale})`;
  if (DT.isUtf8(type) || DT.isLargeUtf8(type)) return 'text';
  if (DT.isBinary(type) || DT.isLargeBinary(type) || DT.isFixedSizeBinary(type)) return 'bytea';
  if (DT.isDate(type)) return 'date';
  if (DT.isTime(type)) return 'time';
  if (DT.isTimestamp(type)) return (type as Timestamp).timezone ? 'timestamptz' : 'timestamp';
  if (DT.isInterval(type) || DT.isDuration(type)) return 'interval';
  if (DT.isList(type) || DT.isFixedSizeList(type)) {
    const child = (type as List).children[0]!;
    const inner = columnType(child);
    return inner.endsWith('[]') || inner === 'jsonb' ? 'jsonb' : `${inner}[]`;
  }
  if (DT.isStruct(type) || DT.isMap(type) || DT.isUnion(type)) return 'jsonb';
  return 'text';
}

/**
 * The PostgreSQL column type for an Arrow field: logical tags first (json -> jsonb, uuid,
 * interval, enum -> text, decimal(p,s) -> numeric(p,s)), then the Arrow type (Int64 -> bigint,
 * Timestamp with zone -> timestamptz, List<T> -> T[], Struct -> jsonb, ...).
 */
export function columnType(field: Field): string {
  const logical = logicalTypeOf(field);
  if (logical === 'json') return 'jsonb';
  if (logical === 'uuid') return 'uuid';
  if (logical === 'interval') return 'interval';
  if (logical === 'enum') return 'text';
  if (logical?.startsWith('decimal(')) {
    const m = /^decimal\((\d+),(-?\d+)\)$/.exec(logical);
    return m && Number(m[1]) >= 1 && Number(m[1]) <= 1000 ? `numeric(${m[1]},${m[2]})` : 'numeric';
  }
  const source = field.metadata.get(POSTGRES_TYPE_KEY);
  if (source && PORTABLE_SOURCE_TYPE.test(source) && (DT.isUtf8(field.type) || DT.isLargeUtf8(field.type))) return source;
  return arrowType(field.type);
}
