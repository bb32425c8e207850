import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchBuilder, type StreamBatch, type WatermarkValue } from '@sqlflow/core';
import { Engine } from '@sqlflow/engine';
import type { Schema } from 'apache-arrow';

/** A temp directory removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sqlflow-engine-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One batch holding `rows` (no watermark). */
export function batchOf(schema: Schema, rows: ReadonlyArray<Record<string, unknown>>, watermark?: WatermarkValue): StreamBatch {
  const b = new BatchBuilder(schema, { maxRows: Number.MAX_SAFE_INTEGER });
  for (const r of rows) b.add(r);
  const batch = b.flush()!;
  return watermark ? { batch, watermark } : { batch };
}

/** Yields the given batches. */
export async function* streamOf(...batches: StreamBatch[]): AsyncGenerator<StreamBatch> {
  for (const b of batches) yield b;
}

/** Opens an engine on a file in a fresh temp dir. */
export async function openEngine(): Promise<{ engine: Engine; dir: string; cleanup: () => Promise<void> }> {
  const t = tempDir();
  const engine = await Engine.open({ path: join(t.dir, 'db', 'test.duckdb') });
  return { engine, dir: t.dir, cleanup: async () => { await engine.close(); t.cleanup(); } };
}

/** Rows of a query with bigints turned into numbers where safe, for easy comparisons. */
export function plain<T extends Record<string, unknown>>(rows: T[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v])));
}

/**
 * An in-memory incremental source: rows sorted by `cursor`, read with a closed lower bound
 * (`cursor >= watermark - lookback`), in batches of `batchRows`, each carrying the greatest
 * cursor emitted so far as its watermark.
 */
export class MemorySource {
  readonly rows: Record<string, unknown>[] = [];
  constructor(
    readonly schema: Schema,
    private readonly cursor: string,
    private readonly toWatermarkValue: (v: unknown) => WatermarkValue,
    private readonly compare: (a: unknown, b: unknown) => number,
  ) {}

  add(...rows: Record<string, unknown>[]): void {
    this.rows.push(...rows);
  }

  async *read(from: unknown, batchRows: number): AsyncGenerator<StreamBatch> {
    const selected = this.rows
      .filter((r) => from === undefined || this.compare(r[this.cursor], from) >= 0)
      .sort((a, b) => this.compare(a[this.cursor], b[this.cursor]));
    for (let i = 0; i < selected.length; i += batchRows) {
      const part = selected.slice(i, i + batchRows);
      yield batchOf(this.schema, part, this.toWatermarkValue(part[part.length - 1]![this.cursor]));
    }
  }
}
