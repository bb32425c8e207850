// sqlflow: The sqlflow command line: run, validate and compile .sf pipelines; inspect connectors and state.
export {};
