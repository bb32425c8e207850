import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { ConnectorDefinition } from '@sqlflow/core';
import { createS3Client, s3ClientConfig } from './s3-client';
import { type S3Config, resolveS3Options, s3Spec } from './s3-config';
import { S3Session } from './s3-session';

/** Options of {@link createS3Connector}. */
export interface S3ConnectorOptions {
  /**
   * Builds the S3 client for a session from the configuration derived from the parameters
   * (region, endpoint, path style, credentials, `maxAttempts: 1`). Return your own client to
   * add middleware, a proxy or credentials; the session destroys it on close.
   */
  readonly createClient?: (config: S3ClientConfig) => S3Client;
}

/** An S3 connector definition, optionally with your own S3 client factory. */
export function createS3Connector(options: S3ConnectorOptions = {}): ConnectorDefinition<S3Config> {
  return {
    name: 's3',
    kind: 'both',
    version: '0.1.0',
    transport: 'file',
    description: 'Reads csv, tsv, json, jsonl and Parquet objects from AWS S3 or S3-compatible storage (partitions, incremental, cost limits) and writes csv, jsonl and Parquet.',
    spec: s3Spec,
    open: async (config, context) => {
      const resolved = resolveS3Options(config);
      const client = options.createClient ? options.createClient(s3ClientConfig(resolved)) : createS3Client(resolved);
      return new S3Session(resolved, context, client, true);
    },
  };
}

/**
 * The S3 connector: source and destination.
 *
 * @example
 * await using session = await openConnector(s3Connector, { bucket: 'lake', path_prefix: 'events/', file_format: 'parquet' }, createContext());
 */
export const s3Connector: ConnectorDefinition<S3Config> = createS3Connector();
