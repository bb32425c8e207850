/** How a source reads a stream: everything, or what changed since a watermark. */
export const SYNC_MODES = ['full_refresh', 'incremental', 'cdc'] as const;
/** One of {@link SYNC_MODES}. */
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * How rows land in a destination: `append` adds, `overwrite` replaces, `append_dedup` upserts
 * by primary key (the spelling `upsert` is accepted as a synonym in configuration).
 */
export const DESTINATION_SYNC_MODES = ['append', 'overwrite', 'append_dedup'] as const;
/** One of {@link DESTINATION_SYNC_MODES}. */
export type DestinationSyncMode = (typeof DESTINATION_SYNC_MODES)[number];

/** What a connector can do. */
export type ConnectorKind = 'source' | 'destination' | 'both';
