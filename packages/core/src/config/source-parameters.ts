import type { JSONSchemaType } from 'ajv';
import { DESTINATION_SYNC_MODES, type DestinationSyncMode, SYNC_MODES, type SyncMode } from '../connector/sync-modes';
import { ConfigError } from '../errors/error-classes';
import type { ConfigIssue } from './connector-spec';

/** The industry-standard source parameters every source connector accepts, as the user writes them. */
export interface SourceParametersInput {
  sync_mode?: SyncMode;
  cursor_field?: string;
  primary_key?: string | string[];
  lookback_window?: number | string;
  start_date?: string;
  destination_sync_mode?: DestinationSyncMode | 'upsert';
}

/** The same parameters resolved: primary key as a list, lookback in seconds (or cursor units). */
export interface SourceParameters {
  readonly syncMode: SyncMode;
  readonly cursorField: string | undefined;
  readonly primaryKey: readonly string[];
  readonly lookbackWindow: number;
  readonly startDate: string | undefined;
  readonly destinationSyncMode: DestinationSyncMode | undefined;
}

/** The JSON Schema `properties` type of the shared source parameters. */
export type SourceParameterProperties = NonNullable<JSONSchemaType<SourceParametersInput>['properties']>;

/**
 * JSON Schema properties of the shared source parameters, to spread into a connector's
 * schema `properties`; typed so that a connector's `JSONSchemaType<Config>` (with `Config`
 * extending {@link SourceParametersInput}) accepts the spread without casts.
 */
export const sourceParameterProperties: SourceParameterProperties = {
  sync_mode: {
    type: 'string',
    enum: [...SYNC_MODES],
    default: 'full_refresh',
    nullable: true,
    description: '`full_refresh` reads everything; `incremental` reads rows whose cursor is at or after the last watermark.',
    'x-aliases': ['replication_method', 'sync_type'],
  },
  cursor_field: {
    type: 'string',
    nullable: true,
    description: 'Column whose growing value drives incremental reads (a timestamp, date or number).',
    'x-aliases': ['cursor_column', 'incremental_column', 'replication_key'],
  },
  primary_key: {
    type: ['string', 'array'],
    items: { type: 'string' },
    nullable: true,
    description: 'Column or list of columns identifying a row; required for `append_dedup`.',
    'x-aliases': ['primary_keys', 'key_properties'],
  },
  lookback_window: {
    type: ['number', 'string'],
    nullable: true,
    description: 'Re-read this far behind the watermark to catch late rows: seconds (or a duration such as `2h`, `3 days`, `PT1H`) for time cursors, cursor units for numeric ones.',
    'x-aliases': ['lookback'],
  },
  start_date: {
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Ignore rows whose cursor is before this ISO-8601 date or timestamp on the first incremental run.',
    'x-aliases': ['replication_start_date'],
  },
  destination_sync_mode: {
    type: 'string',
    enum: [...DESTINATION_SYNC_MODES, 'upsert'],
    nullable: true,
    description: 'How rows land: `append`, `overwrite`, or `append_dedup` (`upsert`) by primary key.',
    'x-aliases': ['write_disposition'],
  },
};

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
};

/**
 * Seconds in a duration: a number, `"90"`, `"2h"`, `"3 days"`, or ISO-8601 `PT1H30M`/`P2D`.
 * Throws `ConfigError` naming `parameter` when the text is not a duration.
 */
export function parseDuration(value: number | string, parameter = 'lookback_window'): number {
  if (typeof value === 'number') return value;
  const text = value.trim().toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const simple = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text);
  if (simple && UNIT_SECONDS[simple[2]!] !== undefined) return Number(simple[1]) * UNIT_SECONDS[simple[2]!]!;
  const iso = /^p(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(text);
  if (iso && text !== 'p' && text !== 'pt') {
    const [, w = '0', d = '0', h = '0', m = '0', s = '0'] = iso;
    return Number(w) * 604_800 + Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  throw new ConfigError(`\`${parameter}\` must be seconds or a duration such as "2h", "3 days" or "PT1H"; got "${value}"`, { parameter });
}

/** The cross-field rules of the shared source parameters, for a spec's `rules`. */
export const sourceParameterRules: ReadonlyArray<(c: SourceParametersInput) => ConfigIssue | undefined> = [
  (c) =>
    c.sync_mode === 'incremental' && !c.cursor_field
      ? { parameter: 'cursor_field', message: '`sync_mode` is `incremental` but no `cursor_field` is set; name the column that grows with each change (e.g. `updated_at`)' }
      : undefined,
  (c) =>
    (c.sync_mode ?? 'full_refresh') === 'full_refresh' && c.cursor_field
      ? { parameter: 'cursor_field', message: '`cursor_field` is set but `sync_mode` is `full_refresh`; set `"sync_mode": "incremental"` or remove `cursor_field`' }
      : undefined,
  (c) =>
    (c.destination_sync_mode === 'append_dedup' || c.destination_sync_mode === 'upsert') && keyList(c.primary_key).length === 0
      ? { parameter: 'primary_key', message: '`destination_sync_mode` `' + c.destination_sync_mode + '` needs a `primary_key` to deduplicate on' }
      : undefined,
  (c) => {
    if (c.lookback_window === undefined || c.lookback_window === null) return undefined;
    try {
      return parseDuration(c.lookback_window) < 0 ? { parameter: 'lookback_window', message: '`lookback_window` must not be negative' } : undefined;
    } catch (e) {
      return { parameter: 'lookback_window', message: (e as Error).message };
    }
  },
];

function keyList(key: string | string[] | null | undefined): string[] {
  if (key === undefined || key === null) return [];
  return (Array.isArray(key) ? key : key.split(',')).map((k) => k.trim()).filter(Boolean);
}

/** Resolves the shared parameters of an already validated configuration. */
export function resolveSourceParameters(c: SourceParametersInput): SourceParameters {
  const dsm = c.destination_sync_mode ?? undefined;
  return {
    syncMode: c.sync_mode ?? 'full_refresh',
    cursorField: c.cursor_field ?? undefined,
    primaryKey: keyList(c.primary_key),
    lookbackWindow: c.lookback_window === undefined || c.lookback_window === null ? 0 : parseDuration(c.lookback_window),
    startDate: c.start_date ?? undefined,
    destinationSyncMode: dsm === 'upsert' ? 'append_dedup' : dsm,
  };
}
