import { defineSpec, sourceParameterProperties, sourceParameterRules, type SourceParametersInput } from '@sqlflow/core';

/** Parameters of the jsonl connector, as a user writes them. */
export interface JsonlConfig extends SourceParametersInput {
  path: string;
  stream?: string;
  batch_size?: number;
}

/** The jsonl connector's configuration schema: the single source of its parameters. */
export const jsonlSpec = defineSpec<JsonlConfig>({
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'JSON-lines file to read', 'x-aliases': ['file'], 'x-path': true, 'x-example': 'data/events.jsonl' },
      stream: { type: 'string', nullable: true, description: 'Stream name (default: the file name without extension)' },
      batch_size: { type: 'integer', nullable: true, default: 10000, minimum: 1, description: 'Rows per Arrow batch' },
      ...sourceParameterProperties,
    },
  },
  rules: sourceParameterRules,
});
