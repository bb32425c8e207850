import { Field, type DataType } from 'apache-arrow';

/** Field metadata key carrying a type Arrow has no exact equivalent for. */
export const LOGICAL_TYPE_KEY = 'sqlflow:logical_type';

/**
 * Logical types a Utf8 (or other) Arrow field may carry, so that destinations create the
 * right column: `json` -> DuckDB JSON / PostgreSQL jsonb, `decimal(p,s)` kept exact as text,
 * `uuid`, `interval`, `enum`.
 */
export type LogicalType = 'json' | 'uuid' | 'interval' | 'enum' | `decimal(${number},${number})`;

/** A field tagged with a logical type. */
export function logicalField(name: string, type: DataType, logical: LogicalType, nullable = true): Field {
  return new Field(name, type, nullable, new Map([[LOGICAL_TYPE_KEY, logical]]));
}

/** The logical type of a field, if tagged. */
export function logicalTypeOf(field: Field): LogicalType | undefined {
  return field.metadata.get(LOGICAL_TYPE_KEY) as LogicalType | undefined;
}
