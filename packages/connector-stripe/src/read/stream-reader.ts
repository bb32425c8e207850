import {
  BatchBuilder, ConfigError, type Logger, type ReadRequest, StateError, type StreamBatch, toWatermark, type WatermarkValue, parseTimestampMicros,
} from '@sqlflow/core';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { StripeClient, StripeRecord } from '../stripe-client';
import type { ResolvedStripeConfig } from '../stripe-config';
import { SYNC_POSITION } from '../streams/stream-columns';
import type { StripeStreamDefinition } from '../streams/stream-definition';
import { eventWindows } from './event-windows';
import { listPages, timeSlices } from './list-pages';
import { mergeIterables } from './merge-iterables';

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;
/** Listing reads take their position this far before "now", so events around the start are replayed, not missed. */
const POSITION_MARGIN_SECONDS = 60;

/** What one read needs besides the request. */
export interface StreamReadContext {
  readonly client: StripeClient;
  readonly config: ResolvedStripeConfig;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

function rowOf(def: StripeStreamDefinition, o: StripeRecord, deleted: boolean, position: number): Record<string, unknown> {
  const row: Record<string, unknown> = { id: o.id, created: typeof o.created === 'number' ? o.created * 1000 : null };
  for (const c of def.columns) row[c.field.name] = c.value(o);
  row.livemode = o.livemode ?? null;
  row.metadata = o.metadata ?? null;
  row.deleted = deleted;
  row[SYNC_POSITION] = position * 1000;
  return row;
}

const positionMark = (seconds: number): WatermarkValue => toWatermark('timestamp', seconds * 1000);

/**
 * Reads one stream. Plan:
 * - no watermark (first sync, full refresh): list by `created` in parallel time slices; every row
 *   carries the event position taken before listing; the watermark comes with the last batch;
 * - watermark within Stripe's 30-day event retention: replay `/v1/events` from it (closed bound,
 *   minus the lookback) oldest first, applying each change; each batch carries its position;
 * - watermark older than retention: say so, and re-list by slices;
 * - balance transactions (no events): re-list by `created` from the watermark.
 */
export async function* readStripeStream(def: StripeStreamDefinition, schema: Schema, request: ReadRequest, ctx: StreamReadContext): AsyncGenerator<StreamBatch> {
  const incremental = request.syncMode === 'incremental';
  if (incremental && request.cursorField && request.cursorField !== SYNC_POSITION) {
    throw new ConfigError(`Stripe stream ${def.name} is read incrementally by \`${SYNC_POSITION}\` (its position in Stripe's event log); set \`cursor_field\` to \`${SYNC_POSITION}\`, not \`${request.cursorField}\``, { parameter: 'cursor_field', connector: 'stripe' });
  }
  const watermark = incremental ? request.watermark : undefined;
  if (watermark && watermark.type !== 'timestamp') {
    throw new StateError(`the stored watermark of Stripe stream ${def.name} is a ${watermark.type}, not a timestamp; reset it (\`sqlflow state reset\`) or run with --full-refresh`);
  }
  const now = Math.floor(ctx.nowMs() / 1000);
  const lookback = Math.max(ctx.config.lookbackSeconds, request.lookbackWindow ?? 0);
  const builder = new BatchBuilder(schema, { maxRows: ctx.config.batchSize });
  const signal = request.signal;

  if (!watermark) {
    yield* listed(def, builder, ctx, ctx.config.startSeconds, now, signal, incremental);
    return;
  }
  const from = Number(parseTimestampMicros(watermark.value) / 1_000_000n);
  if (!def.eventTypes && def.name !== 'events') {
    yield* listed(def, builder, ctx, Math.max(ctx.config.startSeconds, from - lookback), now, signal, incremental);
    return;
  }
  const retained = now - EVENT_RETENTION_SECONDS;
  if (from < retained) {
    const when = new Date(from * 1000).toISOString();
    if (def.name === 'events') {
      ctx.logger.warn(`Stripe stream events: the stored position ${when} is older than Stripe's 30-day event retention; events between it and ${new Date(retained * 1000).toISOString()} are gone and cannot be read`);
    } else {
      ctx.logger.warn(
        `Stripe stream ${def.name}: the stored event position ${when} is older than Stripe's 30-day event retention, so changes since then cannot be replayed; re-reading every ${def.objectType} by created date instead (objects deleted in the gap cannot be detected by a re-read and keep deleted = false)`,
      );
      yield* listed(def, builder, ctx, ctx.config.startSeconds, now, signal, true);
      return;
    }
  }
  yield* replayed(def, builder, ctx, Math.max(from - lookback, retained), now, signal);
}

/** A sliced listing; the last batch carries the watermark. */
async function* listed(def: StripeStreamDefinition, builder: BatchBuilder, ctx: StreamReadContext, from: number, now: number, signal: AbortSignal | undefined, needPosition: boolean): AsyncGenerator<StreamBatch> {
  if (def.name === 'events') {
    yield* replayed(def, builder, ctx, Math.max(from, now - EVENT_RETENTION_SECONDS), now, signal);
    return;
  }
  const byCreated = !def.eventTypes;
  const position = byCreated ? 0 : needPosition ? await eventPosition(ctx, now, signal) : now;
  const slices = timeSlices(from, now + 1, ctx.config.sliceSeconds);
  const concurrency = Math.max(1, Math.min(slices.length, Math.ceil(ctx.config.requestsPerSecond / 5)));
  const pages = mergeIterables(slices.map((s) => listPages(ctx.client, `list ${def.name}`, def.list, s, ctx.config.pageSize, signal)), concurrency);
  let held: RecordBatch | undefined;
  let maxCreated = 0;
  for await (const page of pages) {
    for (const o of page) {
      if (o.created > maxCreated) maxCreated = o.created;
      const full = builder.add(rowOf(def, o, false, byCreated ? o.created : position));
      if (full) {
        if (held) yield { batch: held };
        held = full;
      }
    }
  }
  const rest = builder.flush();
  if (rest) {
    if (held) yield { batch: held };
    held = rest;
  }
  if (held) yield { batch: held, watermark: positionMark(byCreated ? maxCreated : position) };
}

/** Replays events from `from` (inclusive) to now, oldest first; each batch carries the position of its last row. */
async function* replayed(def: StripeStreamDefinition, builder: BatchBuilder, ctx: StreamReadContext, from: number, now: number, signal: AbortSignal | undefined): AsyncGenerator<StreamBatch> {
  const isEvents = def.name === 'events';
  const deletes = new Set(def.deleteEvents ?? []);
  let last = 0;
  for await (const events of eventWindows(ctx.client, isEvents ? undefined : def.eventTypes, from, now, ctx.config.pageSize, signal)) {
    for (const e of events) {
      const object = isEvents ? e : ((e.data as { object?: StripeRecord } | undefined)?.object);
      if (!object || typeof object.id !== 'string' || (!isEvents && object.object !== def.objectType)) continue;
      last = e.created;
      const batch = builder.add(rowOf(def, object, deletes.has(String(e.type)), e.created));
      if (batch) yield { batch, watermark: positionMark(last) };
    }
  }
  const rest = builder.flush();
  if (rest) yield { batch: rest, watermark: positionMark(last) };
}

/** The event-log position to stamp on listed rows: the newest event's time (or now), less a margin. */
async function eventPosition(ctx: StreamReadContext, now: number, signal: AbortSignal | undefined): Promise<number> {
  const page = await ctx.client.list('read the newest event', (s, p, o) => s.events.list(p, o), { limit: 1 }, signal);
  const newest = page.data[0]?.created ?? now;
  return Math.min(newest, now) - POSITION_MARGIN_SECONDS;
}
