// @sqlflow/connector-csv: streaming CSV source (files, globs, gzip, incremental) and CSV destination.
export { csvConnector, createCsvConnector } from './csv-connector';
export type { CsvConnectorOptions } from './csv-connector';
export { csvSpec, resolveCsvOptions } from './csv-config';
export type { CsvConfig, CsvOptions, CsvCompression, CsvOnError } from './csv-config';
export { CSV_COLUMN_TYPES } from './csv-column-types';
export type { CsvColumnType } from './csv-column-types';
export { CsvSession } from './csv-session';
export type { CsvReadStats } from './csv-reader';
