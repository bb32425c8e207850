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
export { createTestDatabase, createTestDatabaseWithClient, DEFAULT_TEST_PG_URL } from './test-database';
export type { TestDatabase, TestDatabaseWithClient, TestDatabaseOptions } from './test-database';

// S3 test server (fauxqs in a child process, behind a recording front)
export { startS3Server } from './s3/s3-test-server';
export type { S3TestServer } from './s3/s3-test-server';
export type { S3LoggedRequest, S3Fault, S3ErrorFault, S3CutFault, S3FaultMatch } from './s3/s3-recording-proxy';

// HTTP test kit: fake APIs on port 0 (router, paging, rate limits, faults), and a Stripe fake
export { startHttpTestServer } from './http/http-test-server';
export type { HttpTestServer, HttpTestServerOptions } from './http/http-test-server';
export type { TestHttpRequest, TestHttpResponse, HttpHandler, HttpMiddleware, TestClock } from './http/http-types';
export { HttpRouter } from './http/http-router';
export { cursorPage, offsetPage, linkHeader, encodeCursor, decodeCursor } from './http/paging';
export type { CutPage } from './http/paging';
export { rateLimit } from './http/rate-limit-middleware';
export type { RateLimitOptions, RateLimitState } from './http/rate-limit-middleware';
export { injectFaults } from './http/fault-middleware';
export type { Fault, FaultOptions, FaultInjector } from './http/fault-middleware';
export { RequestLog, ANSWERED_BY_HEADER } from './http/request-log';
export type { LoggedRequest } from './http/request-log';
export { seededRandom } from './http/seeded-random';
export { manualClock } from './http/manual-clock';
export type { ManualClock } from './http/manual-clock';
export { startStripeFake } from './http/stripe/stripe-fake';
export type { StripeFake, StripeFakeOptions, StripeFakeKey } from './http/stripe/stripe-fake';
export { StripeAccount, STRIPE_RESOURCES, STRIPE_OBJECT_TYPES, STRIPE_EVENT_RETENTION_SECONDS } from './http/stripe/stripe-account';
export type { StripeResource } from './http/stripe/stripe-account';
export { StripeObjectList } from './http/stripe/stripe-object-list';
export type { StripeObject } from './http/stripe/stripe-object-list';
export { StripeOperations } from './http/stripe/stripe-operations';
export type { OperationTime } from './http/stripe/stripe-operations';
export { seedStripeAccount } from './http/stripe/stripe-seed';
export type { StripeSeedOptions, SeededStripe } from './http/stripe/stripe-seed';
export { stripeError, stripeRateLimited, stripeLockTimeout, stripeFaults, maskKey } from './http/stripe/stripe-errors';

// Docs
export { readmeConfigTable } from './readme-config-table';
export type { ReadmeConfigTable } from './readme-config-table';
