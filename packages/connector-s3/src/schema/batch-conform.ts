import {
  type Data,
  DataType as DT,
  type Field,
  makeBuilder,
  makeData,
  RecordBatch,
  type Schema,
  Struct,
  type Timestamp,
  TimeUnit,
  type Vector,
} from 'apache-arrow';
import { coerceValue } from '@sqlflow/core';
import { normalType, sameType } from './arrow-types';

/** A column every row of a file shares (a partition value, the object's LastModified), as the builder takes it. */
export type ConstantValue = bigint | number | string | Date | null;

const MICROS_PER: Record<TimeUnit, number> = { [TimeUnit.SECOND]: 1e6, [TimeUnit.MILLISECOND]: 1e3, [TimeUnit.MICROSECOND]: 1, [TimeUnit.NANOSECOND]: 1e-3 };

function filled(field: Field, value: ConstantValue, length: number): Data {
  const type = field.type;
  if (value !== null && DT.isInt(type) && type.bitWidth === 64 && typeof value === 'bigint') {
    return makeData({ type, length, nullCount: 0, data: new BigInt64Array(length).fill(value) });
  }
  if (value !== null && DT.isTimestamp(type) && typeof value === 'bigint') {
    return makeData({ type, length, nullCount: 0, data: new BigInt64Array(length).fill(value) });
  }
  if (value !== null && DT.isDate(type) && value instanceof Date && type.unit === 0) {
    return makeData({ type, length, nullCount: 0, data: new Int32Array(length).fill(Math.floor(value.getTime() / 86_400_000)) });
  }
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  const v = value === null ? null : coerceValue(value, type, field.name);
  for (let i = 0; i < length; i++) builder.append(v);
  return builder.finish().flush();
}

function cast(field: Field, vector: Vector): Data {
  const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
  for (let i = 0; i < vector.length; i++) builder.append(coerceValue(vector.get(i), field.type, field.name));
  return builder.finish().flush();
}

function columnData(field: Field, vector: Vector): Data {
  const data = vector.data.length === 1 ? vector.data[0]! : undefined;
  const source = vector.type as DT;
  if (data && sameType(source, field.type)) return data;
  if (data && DT.isTimestamp(source) && sameType(normalType(source), field.type)) return data.clone(field.type);
  if (DT.isDictionary(source) || vector.data.length !== 1 || !sameType(normalType(source), field.type)) return cast(field, vector);
  return data!;
}

/**
 * A batch with exactly the target schema: columns in target order, missing ones null, types
 * widened where the union widened them, and `constants` (partition values, LastModified)
 * filled in for every row.
 */
export function conformBatch(batch: RecordBatch, target: Schema, constants: ReadonlyMap<string, ConstantValue>): RecordBatch {
  const length = batch.numRows;
  const children = target.fields.map((field) => {
    if (constants.has(field.name) && batch.schema.fields.findIndex((f) => f.name === field.name) < 0) return filled(field, constants.get(field.name)!, length);
    const vector = batch.getChild(field.name);
    return vector ? columnData(field, vector) : filled(field, null, length);
  });
  return new RecordBatch(target, makeData({ type: new Struct(target.fields), length, nullCount: 0, children }));
}

/** The rows of `batch` at `indices`, same schema (timestamps copied exactly). */
export function takeRows(batch: RecordBatch, indices: readonly number[]): RecordBatch {
  const children = batch.schema.fields.map((field, c) => {
    const vector = batch.getChildAt(c)!;
    if (DT.isTimestamp(field.type) && vector.data.length === 1) {
      const data = vector.data[0]!;
      const values = data.values as BigInt64Array;
      const out = new BigInt64Array(indices.length);
      const validity = new Uint8Array((indices.length + 7) >> 3);
      let nulls = 0;
      indices.forEach((row, i) => {
        if (data.getValid(row)) {
          out[i] = values[row]!;
          validity[i >> 3]! |= 1 << (i & 7);
        } else nulls++;
      });
      return makeData({ type: field.type as Timestamp, length: indices.length, nullCount: nulls, data: out, nullBitmap: nulls > 0 ? validity : undefined });
    }
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    for (const row of indices) builder.append(vector.get(row));
    return builder.finish().flush();
  });
  return new RecordBatch(batch.schema, makeData({ type: new Struct(batch.schema.fields), length: indices.length, nullCount: 0, children }));
}

/** Microseconds of a raw timestamp value in `type`'s unit. */
export function timestampMicros(raw: bigint, type: Timestamp): bigint {
  const per = MICROS_PER[type.unit];
  return per >= 1 ? raw * BigInt(per) : raw / 1000n;
}
