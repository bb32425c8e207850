// @sqlflow/pipeline: The SQLFlow pipeline language (.sf): lexer, parser, validator, planner, executor, profiles and variables.

// Language: parsing
export { parsePipeline, parseSourceFile } from './language/parse-pipeline';
export { SourceFile } from './language/source-file';
export type { Span } from './language/source-file';
export type {
  PipelineProgram,
  Statement,
  SourceStatement,
  LoadStatement,
  CreateTableStatement,
  ExportStatement,
  SetStatement,
  IncludeStatement,
  IfStatement,
  Condition,
  Operand,
  CompareOperator,
  LoadMode,
  TableMode,
  SetValue,
  Template,
  VariableReference,
  JsonNode,
  JsonEntry,
  JsonObjectNode,
} from './language/ast';
export { templateSource } from './language/template';

// Language: errors and diagnostics
export { PipelineSyntaxError, PipelineValidationError, isPipelineError } from './language/pipeline-errors';
export { formatDiagnostic, caretExcerpt } from './language/diagnostic';
export type { PipelineDiagnostic } from './language/diagnostic';

// Language: variables, IF, INCLUDE (resolution)
export { resolvePipeline, loadPipeline } from './language/resolve-pipeline';
export type { ResolveOptions } from './language/resolve-pipeline';
export { evaluateCondition, compareValues, isTruthy } from './language/condition-evaluator';
export { VariableScope } from './language/variable-scope';
export type {
  ResolvedPipeline,
  ResolvedStatement,
  ResolvedSource,
  ResolvedLoad,
  ResolvedCreateTable,
  ResolvedExport,
  VariableValue,
} from './language/resolved';

// Profiles
export { loadProfile, parseProfile } from './profile/load-profile';
export type { LoadProfileOptions } from './profile/load-profile';
export { substituteEnv } from './profile/profile-env';
export type { Profile, ProfileConnection, EngineSettings, StateSettings, LogLevel } from './profile/profile';

// Connectors
export { ConnectorRegistry, pluginPackageNames } from './connectors/connector-registry';
export type { AnyConnectorDefinition } from './connectors/connector-registry';

// Validation and planning
export { validatePipeline } from './plan/validate-pipeline';
export type { ConnectorLookup, ValidateOptions, ValidatedPipeline, ValidatedSource } from './plan/validate-pipeline';
export { planPipeline, canonicalTable } from './plan/plan-pipeline';
export type { PipelinePlan, PlanStep, StepKind } from './plan/pipeline-plan';
export { tableReferences } from './plan/table-references';
export { redactSecrets } from './plan/redact-plan';

// Execution (run a planned pipeline against DuckDB)
export { runPipeline } from './execute/run-pipeline';
export type { RunPipelineOptions } from './execute/run-pipeline';
export { runPipelineFile, runPreparedPipeline, preparePipeline } from './execute/run-pipeline-file';
export type { RunPipelineFileOptions, RunPreparedOptions, PreparePipelineOptions, PreparedPipeline } from './execute/run-pipeline-file';
export type { RunReport, StepReport, StepStatus } from './execute/run-report';
export type { RunEvent } from './execute/run-events';
export { createRecordingTracer } from './execute/recording-tracer';
export type { RecordingTracer, TraceSpan } from './execute/recording-tracer';
export { projectDirFor, pipelineNameFor, defaultDatabasePath } from './execute/project';
export { scheduleSteps } from './execute/schedule-steps';
