// sqlflow: the command line. Logic lives in the @sqlflow packages; this composes them.
export { main } from './main';
export type { CliIo } from './cli-io';
export { processIo } from './cli-io';
export { createCliRegistry, BUILTIN_CONNECTORS } from './builtin-connectors';
export { EXIT } from './exit-codes';
