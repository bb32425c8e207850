// @sqlflow/testing: conformance suite for any SQLFlow connector, plus local test servers.
export type { ConformanceHarness, ExpectedRow } from './conformance-harness';
