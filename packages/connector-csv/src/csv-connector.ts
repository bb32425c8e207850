import type { ConnectorDefinition } from '@sqlflow/core';
import { type CsvConfig, csvSpec, resolveCsvOptions } from './csv-config';
import { CsvSession } from './csv-session';

/** Options of {@link createCsvConnector}. */
export interface CsvConnectorOptions {
  /** Directory relative `path`s and globs resolve against; default: the process's working directory. */
  readonly cwd?: string;
}

/** A CSV connector definition whose relative paths resolve against `options.cwd`. */
export function createCsvConnector(options: CsvConnectorOptions = {}): ConnectorDefinition<CsvConfig> {
  return {
    name: 'csv',
    kind: 'both',
    transport: 'file',
    version: '0.1.0',
    description: 'Streams CSV files (one file or a glob, gzip, any encoding, incremental on a cursor column) and writes CSV files.',
    spec: csvSpec,
    open: async (config, context) => new CsvSession(resolveCsvOptions(config), context, options.cwd ?? process.cwd()),
  };
}

/**
 * The CSV connector: source and destination.
 *
 * @example
 * await using session = await openConnector(csvConnector, { path: 'data/orders_*.csv' }, createContext());
 */
export const csvConnector: ConnectorDefinition<CsvConfig> = createCsvConnector();
