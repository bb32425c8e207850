// sqlflow-connector-jsonl: the complete example of docs/writing-a-connector.md.
export { jsonlConnector } from './jsonl-connector';
export { jsonlSpec } from './jsonl-config';
export type { JsonlConfig } from './jsonl-config';
