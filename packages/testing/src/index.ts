// @sqlflow/testing: Conformance suite for any SQLFlow connector, plus local test servers (PostgreSQL database per test, S3, HTTP API kit).
export {};
