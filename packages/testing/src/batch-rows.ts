import { type Data, DataType, type RecordBatch, type Timestamp, type Vector } from 'apache-arrow';
import { normalizeValue, canonicalTimestamp, type NormalizedRow } from './normalize-row';

/** Raw 64-bit timestamp values: Arrow's `get()` returns float milliseconds and drops digits. */
function timestampValues(vector: Vector, type: Timestamp): unknown[] {
  const out: unknown[] = [];
  for (const data of vector.data as ReadonlyArray<Data<Timestamp>>) {
    const values = data.values as unknown as ArrayLike<bigint | number>;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) out.push(null);
      else {
        const raw = values[i]!;
        out.push(canonicalTimestamp(typeof raw === 'bigint' ? raw : BigInt(raw), type.unit));
      }
    }
  }
  return out;
}

/**
 * The rows of an Arrow record batch as plain, normalized objects (see `normalizeRow`), one key
 * per schema field. Timestamps keep full precision (read from the raw 64-bit values).
 */
export function batchRows(batch: RecordBatch): NormalizedRow[] {
  const rows: NormalizedRow[] = Array.from({ length: batch.numRows }, () => ({}));
  batch.schema.fields.forEach((field, j) => {
    const vector = batch.getChildAt(j);
    if (!vector) return;
    if (DataType.isTimestamp(field.type)) {
      timestampValues(vector, field.type as Timestamp).forEach((v, i) => {
        rows[i]![field.name] = v;
      });
      return;
    }
    for (let i = 0; i < batch.numRows; i++) rows[i]![field.name] = normalizeValue(vector.get(i), field);
  });
  return rows;
}
