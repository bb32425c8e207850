import { toWatermark, type WatermarkValue } from '@sqlflow/core';
import { type Data, makeVector } from 'apache-arrow';
import type { ColumnMapping } from '../catalog/type-mapping';
import { readDecimal128 } from './numeric-binary';

/**
 * The watermark after a batch of an incremental read ordered by the cursor: the cursor value
 * of its last non-null row, at full precision (timestamps in microseconds, int8 and numeric
 * exact). Undefined when every cursor in the batch is null.
 */
export function batchWatermark(data: Data, mapping: ColumnMapping): WatermarkValue | undefined {
  const type = mapping.watermarkType;
  if (!type) return undefined;
  const vector = makeVector(data);
  let i = data.length - 1;
  while (i >= 0 && !vector.isValid(i)) i--;
  if (i < 0) return undefined;
  const values = data.values as ArrayLike<number | bigint>;
  switch (mapping.wire) {
    case 'int2': case 'int4': case 'int8': case 'float4': case 'float8':
      return toWatermark(type, values[i]);
    case 'date':
      return toWatermark('date', Number(values[i]));
    case 'timestamp':
      return toWatermark('timestamp', values[i] as bigint);
    case 'decimal': {
      const text = readDecimal128(data.values as Uint32Array, i * 4, mapping.scale);
      return type === 'int' ? toWatermark('int', text) : toWatermark('float', Number(text));
    }
    case 'numeric_text': {
      const text = String(vector.get(i));
      return type === 'int' ? toWatermark('int', text) : toWatermark('float', Number(text));
    }
    default:
      return toWatermark(type, String(vector.get(i)));
  }
}
