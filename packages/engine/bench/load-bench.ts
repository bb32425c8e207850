// Load throughput of Engine.loadStream: 1M rows (BIGINT id, DOUBLE, VARCHAR, TIMESTAMPTZ) in
// 10k-row Arrow batches into a DuckDB file, per mode. Run from packages/engine:
//   node -r ./test/fixtures/ts-hook.cjs bench/load-bench.ts [rows]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamBatch } from '@sqlflow/core';
import { Engine, type LoadMode } from '@sqlflow/engine';
import { Field, Float64, Int64, makeData, RecordBatch, Schema, Struct, TimestampMicrosecond, Utf8, vectorFromArray } from 'apache-arrow';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;
const fields = [new Field('id', new Int64()), new Field('amount', new Float64()), new Field('name', new Utf8()), new Field('at', new TimestampMicrosecond('UTC'))];
const schema = new Schema(fields);

function makeBatches(offset: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let start = 0; start < ROWS; start += BATCH) {
    const n = Math.min(BATCH, ROWS - start);
    const ids = new BigInt64Array(n);
    const amounts = new Float64Array(n);
    const ats = new BigInt64Array(n);
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = start + i + offset;
      ids[i] = BigInt(id);
      amounts[i] = id * 0.5;
      ats[i] = 1_700_000_000_000_000n + BigInt(id);
      names.push(`name-${id}`);
    }
    const children = [
      makeData({ type: new Int64(), length: n, nullCount: 0, data: ids }),
      makeData({ type: new Float64(), length: n, nullCount: 0, data: amounts }),
      vectorFromArray(names, new Utf8()).data[0]!,
      makeData({ type: new TimestampMicrosecond('UTC'), length: n, nullCount: 0, data: ats }),
    ];
    out.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children })));
  }
  return out;
}

async function* stream(batches: RecordBatch[], watermarks: boolean): AsyncGenerator<StreamBatch> {
  for (const batch of batches) {
    const last = batch.getChild('id')!.get(batch.numRows - 1) as bigint;
    yield watermarks ? { batch, watermark: { type: 'int', value: String(last) } } : { batch };
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-bench-'));
  const engine = await Engine.open({ path: join(dir, 'bench.duckdb') });
  const first = makeBatches(0);
  const runs: [string, LoadMode, RecordBatch[], boolean, string[]?][] = [
    ['replace (full)', 'replace', first, false],
    ['append (full, no cursor)', 'append', first, false],
    ['append incremental (cursor, boundary dedup, checkpoint/50k)', 'append', makeBatches(ROWS), true],
    ['upsert into 2M rows, 50% updates (checkpoint/50k)', 'upsert', makeBatches(ROWS * 1.5), true, ['id']],
  ];
  for (const [label, mode, batches, incremental, key] of runs) {
    const table = mode === 'replace' ? 'bench_replace' : 'bench';
    const t0 = performance.now();
    const r = await engine.loadStream({
      pipeline: 'bench', source: 'gen', stream: label, table, mode, ...(key ? { key } : {}),
      ...(incremental ? { cursorField: 'id' } : {}), batches: stream(batches, incremental),
    });
    const ms = performance.now() - t0;
    console.log(`${label}: ${r.rows} rows in ${ms.toFixed(0)} ms = ${Math.round((r.rows / ms) * 1000).toLocaleString('en')} rows/s (${r.checkpoints} checkpoints)`);
  }
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
