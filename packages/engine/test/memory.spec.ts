import type { StreamBatch } from '@sqlflow/core';
import { Field, Int64, Schema, Utf8 } from 'apache-arrow';
import { batchOf, openEngine } from './support';

// A long APPEND or UPSERT load passes every row through a temporary staging table, emptied at
// each checkpoint. DuckDB keeps the memory of rows deleted from a temporary table, so the
// engine replaces the table instead. In-memory table storage (DuckDB's IN_MEMORY_TABLE) then
// holds one checkpoint's staged rows plus the target's rows committed since DuckDB's last
// automatic checkpoint (it writes them out when its WAL passes 16 MB): bounded, where deleting
// kept all ~55 MB of the stream's text.
const schema = new Schema([new Field('id', new Int64(), false), new Field('payload', new Utf8(), false)]);
const ROWS = 400_000;
const BATCH = 5_000;
const CHECKPOINT = 10_000;

async function* rows(): AsyncGenerator<StreamBatch> {
  for (let start = 0; start < ROWS; start += BATCH) {
    const part = Array.from({ length: BATCH }, (_, i) => ({ id: BigInt(start + i), payload: `${start + i}:${'x'.repeat(120)}` }));
    yield batchOf(schema, part, { type: 'int', value: String(start + BATCH - 1) });
  }
}

describe('staging memory', () => {
  it.each(['append', 'upsert'] as const)('%s: temporary tables hold about one checkpoint, not the whole stream', async (mode) => {
    const { engine, cleanup } = await openEngine();
    try {
      let peak = 0;
      const result = await engine.loadStream({
        pipeline: 'p', source: 's', stream: 'events', table: 'events', mode, key: mode === 'upsert' ? ['id'] : undefined,
        cursorField: 'id', checkpointRows: CHECKPOINT, batches: rows(),
        onCheckpoint: async () => {
          const [row] = await engine.query("SELECT coalesce(sum(memory_usage_bytes), 0) AS bytes FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'");
          peak = Math.max(peak, Number(row!.bytes));
        },
      });
      expect(result.rows).toBe(ROWS);
      expect(result.checkpoints).toBeGreaterThanOrEqual(ROWS / CHECKPOINT);
      // Seen: 28-32 MB with the table replaced, ~100 MB when rows were deleted from it.
      expect(peak).toBeLessThan(48 * 1024 * 1024);
      expect(await engine.query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events')).toEqual([{ n: BigInt(ROWS), d: BigInt(ROWS) }]);
    } finally {
      await cleanup();
    }
  });
});
