// @sqlflow/pipeline: The SQLFlow pipeline language (.sf): lexer, parser, validator, planner, executor, profiles and variables.
export {};
