// @sqlflow/testing: conformance suite for any SQLFlow connector, plus local test servers.

// Conformance suite
export type { ConformanceHarness, ExpectedRow } from './conformance-harness';
export { describeConnectorConformance, CONFORMANCE_CASES } from './conformance-suite';
export type { ConformanceCase, ConformanceOptions } from './conformance-suite';
export type { TestFramework, TestFunction } from './test-framework';
export { ConformanceFailure } from './conformance-failure';
export type { ConformanceCheck } from './checks/check-support';
export { checkSpec } from './checks/spec-check';
export { checkValidParams, checkBadParams, checkDidYouMean } from './checks/config-checks';
export { checkConnectionPasses, checkConnectionFails } from './checks/connection-checks';
export { checkDiscover } from './checks/discover-check';
export { checkFullRead, schemaDifference } from './checks/read-checks';
export { checkIncrementalRead } from './checks/incremental-check';
export { checkAbort, checkEarlyBreak } from './checks/abort-checks';
export { checkDispose } from './checks/dispose-check';

// Row helpers
export { collectRows } from './collect-rows';
export type { CollectedRows, EmittedWatermark } from './collect-rows';
export { normalizeRow, normalizeValue, canonicalTimestamp } from './normalize-row';
export type { NormalizedRow } from './normalize-row';
export { batchRows } from './batch-rows';
export { assertSameRows } from './row-set';

// PostgreSQL test databases
export { createTestDatabase, DEFAULT_TEST_PG_URL } from './test-database';
export type { TestDatabase, TestDatabaseOptions } from './test-database';

// S3 test server (fauxqs in a child process, behind a recording front)
export { startS3Server } from './s3/s3-test-server';
export type { S3TestServer } from './s3/s3-test-server';
export type { S3LoggedRequest, S3Fault } from './s3/s3-recording-proxy';
