import { type Field, Schema } from 'apache-arrow';
import { ConfigError, type Logger, lowerBound, throwIfAborted } from '@sqlflow/core';
import { type CostEstimate, enforceLimits, estimateCost, exceedsLimits, TEXT_SAMPLE_BYTES } from '../cost/cost-estimate';
import { codecOf, type FileFormat, formatOf } from '../formats/format-detect';
import type { ObjectBytesCache } from '../formats/object-bytes-cache';
import { openParquet, parquetFields } from '../formats/parquet-format';
import { decompressPrefix } from '../formats/text-codec';
import { sampleRows } from '../formats/text-rows';
import { inferTextFields } from '../formats/text-schema';
import { assertFilterColumnsKnown, comparePartitionValues, partitionsPass } from '../partitions/partition-filter';
import { type PartitionValue, partitionsOf } from '../partitions/partition-path';
import { PARTITION_DATE_COLUMN, partitionDateOf, partitionField, partitionJsValue, type PartitionType, partitionTypeOf } from '../partitions/partition-types';
import type { S3Calls } from '../s3-client';
import type { S3Options } from '../s3-config';
import { LAST_MODIFIED_COLUMN, lastModifiedField, settleType } from '../schema/arrow-types';
import type { ConstantValue } from '../schema/batch-conform';
import { type FileColumns, unionColumns } from '../schema/schema-union';
import { type CursorKey, type CursorPlan, type CursorRequest, cursorKeyOf, planCursor } from './cursor-plan';
import { keyFraction, type ListedFile, listFiles } from './s3-listing';

/** A file to read: its format, probed columns, per-file constant columns and cursor value. */
export interface PlannedFile extends ListedFile {
  readonly format: FileFormat;
  readonly fields: readonly Field[];
  readonly constants: ReadonlyMap<string, ConstantValue>;
  /** The file's cursor value when the cursor is per object. */
  readonly cursorKey: CursorKey | null;
}

/** Everything a read needs, settled before the first row. */
export interface ReadPlan {
  readonly files: readonly PlannedFile[];
  readonly schema: Schema;
  /** The data columns (files' own), before all-null columns are settled as text. */
  readonly dataFields: readonly Field[];
  readonly estimate: CostEstimate;
  readonly cursor: CursorPlan | undefined;
  /** Parquet columns to fetch (undefined: all). */
  readonly parquetColumns: readonly string[] | undefined;
}

/** Inputs of {@link planRead}. */
export interface PlanInput {
  readonly calls: S3Calls;
  readonly options: S3Options;
  readonly cache: ObjectBytesCache;
  readonly logger: Logger;
  readonly cursor: CursorRequest | undefined;
  /** Columns discovered earlier in the session, kept so reads match `discover()`. */
  readonly knownFields?: readonly Field[];
  /** Receives the estimate before limits are enforced (so a refused read still reports it). */
  readonly onEstimate?: (estimate: CostEstimate) => void;
  /**
   * Plan for `discover()` of a source whose reads are incremental: probe only the last
   * `discoverSample` files in key order (the newest partitions), and none when the listing
   * exceeds a limit; never throw for limits (the read enforces them on what it will fetch).
   */
  readonly discoverSample?: number;
  readonly signal?: AbortSignal;
}

function locationOf(options: S3Options, key: string): string {
  return `s3://${options.bucket}/${key}`;
}

/** Keeps prefixes whose latest possible partition date is at or after `boundDays`. */
function dateKeep(boundDays: number | undefined): (parts: readonly PartitionValue[]) => boolean {
  if (boundDays === undefined) return () => true;
  return (parts) => {
    const latest = partitionDateOf(parts, true);
    return latest === undefined || latest >= boundDays;
  };
}

/** Keeps prefixes whose value of the partition cursor `column` is at or after `bound`. */
function columnKeep(column: string | undefined, bound: string | undefined): (parts: readonly PartitionValue[]) => boolean {
  if (column === undefined || bound === undefined) return () => true;
  return (parts) => parts.every((p) => p.column !== column || p.value === null || comparePartitionValues(p.value, bound) >= 0);
}

/** The lower bound of a partition-column watermark as partition text, when it can prune folders. */
function columnBoundText(cursor: CursorRequest): string | undefined {
  const w = cursor.watermark;
  if (!w) return undefined;
  if (w.type === 'int') return (BigInt(w.value) - BigInt(Math.ceil(cursor.lookback))).toString();
  if (w.type === 'string') return w.value;
  if (w.type === 'date') return String(lowerBound(w, cursor.lookback).value);
  return undefined;
}

/**
 * Lists, prunes, estimates and probes: partition filters and partition-cursor bounds skip
 * prefixes unlisted; limits are enforced on the estimate before any object is fetched; then
 * each file's columns are probed (Parquet footer, or the first 256 KiB of text) and united.
 */
export async function planRead(input: PlanInput): Promise<ReadPlan> {
  const { calls, options, cursor, signal } = input;
  const where = locationOf(options, options.prefix);
  const filter = options.partitionFilter;
  const dateBound = cursor?.column === PARTITION_DATE_COLUMN ? (planCursor(cursor, partitionField(cursor.column, 'date'), true).bound as number | undefined) : undefined;
  const peek = cursor && cursor.column !== LAST_MODIFIED_COLUMN && cursor.column !== PARTITION_DATE_COLUMN && (cursor.watermark || cursor.startDate);
  const listStart = calls.usage.listRequests;
  let columnBound: string | undefined;
  let hierarchical = filter !== undefined || dateBound !== undefined;
  if (peek) {
    // One key shows whether the cursor is a partition column worth pruning folders by.
    const first = await calls.listPage(options.prefix, { maxKeys: 1, signal });
    const sample = first.objects[0];
    if (sample && partitionsOf(sample.key.slice(options.prefix.length).replace(/^\/+/, '')).some((p) => p.column === cursor.column)) {
      columnBound = columnBoundText(cursor);
      hierarchical = hierarchical || columnBound !== undefined;
    }
  }
  const keepDate = dateKeep(dateBound);
  const keepColumn = columnKeep(cursor?.column, columnBound);
  const listed = await listFiles(calls, {
    prefix: options.prefix,
    patterns: options.patterns,
    keep: (parts) => partitionsPass(parts, filter) && keepDate(parts) && keepColumn(parts),
    hierarchical,
    concurrency: options.parallelWorkers,
    signal,
  });
  const partitionColumns = new Map<string, Array<string | null>>();
  for (const f of listed) for (const p of f.partitions) (partitionColumns.get(p.column) ?? partitionColumns.set(p.column, []).get(p.column)!).push(p.value);
  assertFilterColumnsKnown(filter, new Set(partitionColumns.keys()), listed.length > 0);
  const partTypes = new Map<string, PartitionType>([...partitionColumns].map(([c, values]) => [c, partitionTypeOf(values)]));
  const hasDate = listed.some((f) => partitionDateOf(f.partitions) !== undefined);

  let files = listed.map((f) => ({ ...f, format: formatOf(f.key, options.format) }));
  if (options.devSampling !== undefined) files = files.filter((f) => keyFraction(f.key) < options.devSampling!);
  if (options.compression !== 'auto' && files.some((f) => f.format === 'parquet')) {
    throw new ConfigError('s3: Parquet files declare their own codec, so reading them takes `"compression": "auto"`; remove `compression` (it sets the codec of written Parquet)', {
      connector: 's3',
      parameter: 'compression',
    });
  }
  if (options.parquetColumns && files.some((f) => f.format !== 'parquet')) {
    throw new ConfigError('s3: `parquet_columns` applies to Parquet files, but the listed files include other formats; remove it or narrow `path_pattern` to `*.parquet`', {
      connector: 's3',
      parameter: 'parquet_columns',
    });
  }

  // The cursor, as far as it can be known from the listing alone.
  const objectCursor = cursor && (cursor.column === LAST_MODIFIED_COLUMN || cursor.column === PARTITION_DATE_COLUMN || partTypes.has(cursor.column));
  let cursorPlan: CursorPlan | undefined;
  const fileKey = (f: ListedFile): CursorKey | null => {
    if (!cursorPlan || cursorPlan.kind !== 'object') return null;
    if (cursorPlan.column === LAST_MODIFIED_COLUMN) return BigInt(f.lastModified) * 1000n;
    if (cursorPlan.column === PARTITION_DATE_COLUMN) return partitionDateOf(f.partitions) ?? null;
    const v = f.partitions.find((p) => p.column === cursorPlan!.column)?.value ?? null;
    return cursorKeyOf(v === null ? null : partitionJsValue(v, partTypes.get(cursorPlan.column)!), cursorPlan.type);
  };
  if (cursor && objectCursor) {
    const field = cursor.column === LAST_MODIFIED_COLUMN ? lastModifiedField() : cursor.column === PARTITION_DATE_COLUMN ? partitionField(cursor.column, 'date') : partitionField(cursor.column, partTypes.get(cursor.column)!);
    cursorPlan = planCursor(cursor, field, true);
    const bound = cursorPlan.bound;
    const keyed = files.map((f) => ({ f, k: fileKey(f) }));
    files = keyed
      .filter(({ k }) => bound === undefined || (k !== null && k >= bound))
      .sort((a, b) => (a.k === b.k ? (a.f.key < b.f.key ? -1 : 1) : a.k === null ? -1 : b.k === null ? 1 : a.k < b.k ? -1 : 1))
      .map(({ f }) => f);
  }
  if (options.devMaxFiles !== undefined) files = files.slice(0, options.devMaxFiles);

  const estimate = estimateCost(files, calls.usage.listRequests - listStart, options);
  input.logger.info(`s3: read plan for ${where}: ${files.length} objects, ~${estimate.getRequests} GET, ~${estimate.bytes} bytes, ~$${estimate.costUsd.toFixed(6)}`, { estimate });
  input.onEstimate?.(estimate);
  if (input.discoverSample === undefined) enforceLimits(estimate, options, where);
  else files = exceedsLimits(estimate, options) ? [] : files.slice(Math.max(0, files.length - input.discoverSample));

  const probed = await probeAll(input, files);
  const dataFields = unionColumns([...(input.knownFields ? [{ location: 'the discovered schema', fields: input.knownFields }] : []), ...probed]);
  let selected = dataFields;
  if (options.parquetColumns) {
    const missing = options.parquetColumns.filter((c) => !dataFields.some((f) => f.name === c));
    if (missing.length > 0 && files.length > 0) {
      throw new ConfigError(`s3: \`parquet_columns\` names ${missing.map((c) => `\`${c}\``).join(', ')}, not in the files; their columns are ${dataFields.map((f) => `\`${f.name}\``).join(', ')}`, {
        connector: 's3',
        parameter: 'parquet_columns',
      });
    }
    selected = options.parquetColumns.map((c) => dataFields.find((f) => f.name === c)).filter((f): f is Field => f !== undefined);
  }
  const dataNames = new Set(selected.map((f) => f.name));
  const partFields = [...partTypes].filter(([c]) => !dataNames.has(c)).map(([c, t]) => partitionField(c, t));
  const extra = [...(hasDate && !dataNames.has(PARTITION_DATE_COLUMN) ? [partitionField(PARTITION_DATE_COLUMN, 'date')] : []), lastModifiedField()];
  const schema = new Schema([...selected.map(settleType), ...partFields, ...extra]);

  if (cursor && !objectCursor) cursorPlan = planCursor(cursor, schema.fields.find((f) => f.name === cursor.column), false);
  const planned: PlannedFile[] = files.map((f, i) => {
    const constants = new Map<string, ConstantValue>();
    for (const p of f.partitions) if (!dataNames.has(p.column)) constants.set(p.column, partitionJsValue(p.value, partTypes.get(p.column)!));
    if (hasDate) {
      const d = partitionDateOf(f.partitions);
      constants.set(PARTITION_DATE_COLUMN, d === undefined ? null : new Date(d * 86_400_000));
    }
    constants.set(LAST_MODIFIED_COLUMN, BigInt(f.lastModified) * 1000n);
    return { ...f, fields: probed[i]!.fields, constants, cursorKey: fileKey(f) };
  });
  return { files: planned, schema, dataFields: selected, estimate, cursor: cursorPlan, parquetColumns: options.parquetColumns ? [...dataNames] : undefined };
}

async function probeAll(input: PlanInput, files: ReadonlyArray<ListedFile & { format: FileFormat }>): Promise<FileColumns[]> {
  const out: FileColumns[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      throwIfAborted(input.signal);
      out[i] = { location: locationOf(input.options, files[i]!.key), fields: await probe(input, files[i]!) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.options.parallelWorkers, files.length) }, worker));
  return out;
}

async function probe(input: PlanInput, file: ListedFile & { format: FileFormat }): Promise<Field[]> {
  const { calls, options, cache, signal } = input;
  if (file.size === 0) return [];
  if (file.format === 'parquet') {
    const pf = await openParquet(calls, file.key, file.size, cache, signal);
    try {
      return parquetFields(pf);
    } finally {
      pf.free();
    }
  }
  const end = Math.min(file.size, TEXT_SAMPLE_BYTES);
  const bytes = await calls.getRange(file.key, 0, end, signal);
  const complete = end === file.size;
  if (complete) cache.put(file.key, { start: 0, bytes });
  const text = decompressPrefix(bytes, codecOf(file.key, options.compression)).toString('utf8');
  const sample = sampleRows(text, complete, file.format, { delimiter: options.csvDelimiter, hasHeader: options.hasHeader, flatten: options.jsonFlatten }, locationOf(options, file.key), 1000);
  return inferTextFields(sample.rows, sample.header);
}
