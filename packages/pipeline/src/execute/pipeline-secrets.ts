import { secretValues } from '@sqlflow/core';
import type { ValidatedPipeline } from '../plan/validate-pipeline';

/**
 * Every value to redact from a run's output: values substituted from `${env.X}` (and profile
 * secrets) plus each SOURCE's `x-secret` parameters, even when written literally in PARAMS.
 */
export function pipelineSecrets(pipeline: ValidatedPipeline): string[] {
  return [...pipeline.pipeline.secrets, ...[...pipeline.sources.values()].flatMap((s) => secretValues(s.definition.spec, s.config))];
}
