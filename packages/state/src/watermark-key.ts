import { createHash } from 'node:crypto';
import type { WatermarkKey } from './state-store';

/** A stable id for a watermark key (hex), used to join watermark and boundary rows. */
export function watermarkKeyId(key: WatermarkKey): string {
  const parts = [key.pipeline, key.source, key.stream, key.table, key.cursorField];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** `pipeline/source.stream -> table (cursor)` for messages. */
export function describeWatermarkKey(key: WatermarkKey): string {
  return `${key.pipeline}/${key.source}.${key.stream} -> ${key.table} (cursor ${key.cursorField})`;
}
