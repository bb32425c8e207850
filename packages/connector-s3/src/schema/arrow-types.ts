import { type DataType, DataType as DT, Field, Float64, Int64, Null, TimestampMicrosecond, Timestamp, Utf8 } from 'apache-arrow';
import { logicalTypeOf } from '@sqlflow/core';

const UTC_ZONES = new Set(['+00:00', 'UTC', 'Etc/UTC', 'Z', 'utc', '+0000']);

/** The type as the stream carries it: dictionaries decoded to their values, UTC zones spelled `UTC`. */
export function normalType(type: DataType): DataType {
  if (DT.isDictionary(type)) return normalType(type.dictionary);
  if (DT.isTimestamp(type) && type.timezone && UTC_ZONES.has(type.timezone) && type.timezone !== 'UTC') return new Timestamp(type.unit, 'UTC');
  return type;
}

/** A field with its type normalised (see {@link normalType}), keeping metadata. */
export function normalField(field: Field): Field {
  const type = normalType(field.type);
  return type === field.type ? field : new Field(field.name, type, true, field.metadata);
}

/** Whether two types are the same for the stream (names of types compared, zones included). */
export function sameType(a: DataType, b: DataType): boolean {
  return a.typeId === b.typeId && String(a) === String(b);
}

/**
 * The type that holds values of both, or undefined when they conflict: equal types stay,
 * `Null` (all-null samples) yields to the other, integers widen to Int64, integers and floats
 * to Float64, JSON text and plain text to plain text.
 */
export function widenType(a: Field, b: Field): Field | undefined {
  if (sameType(a.type, b.type)) {
    return logicalTypeOf(a) === logicalTypeOf(b) ? a : new Field(a.name, new Utf8(), true);
  }
  if (DT.isNull(a.type)) return b;
  if (DT.isNull(b.type)) return a;
  if (DT.isInt(a.type) && DT.isInt(b.type)) return new Field(a.name, new Int64(), true);
  const numeric = (t: DataType): boolean => DT.isInt(t) || DT.isFloat(t);
  if (numeric(a.type) && numeric(b.type)) return new Field(a.name, new Float64(), true);
  return undefined;
}

/** The type a still-unknown (all-null) column gets in the end. */
export function settleType(field: Field): Field {
  return DT.isNull(field.type) ? new Field(field.name, new Utf8(), true) : field;
}

/** The metadata column with each object's LastModified. */
export const LAST_MODIFIED_COLUMN = '_s3_last_modified';

/** The Arrow field of {@link LAST_MODIFIED_COLUMN}. */
export function lastModifiedField(): Field {
  return new Field(LAST_MODIFIED_COLUMN, new TimestampMicrosecond('UTC'), true);
}

/** A field of the Null type: a column whose sampled values were all null. */
export function unknownField(name: string): Field {
  return new Field(name, new Null(), true);
}
