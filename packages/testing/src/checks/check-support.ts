import { createContext, openConnector, type ConnectorDefinition, type ConnectorSession, isSqlflowError, sleep } from '@sqlflow/core';
import type { ConformanceHarness } from '../conformance-harness';
import { ConformanceFailure, show } from '../conformance-failure';

/** A conformance check: a plain async function that throws `ConformanceFailure` when the connector breaks the contract. */
export type ConformanceCheck = <T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness) => Promise<void>;

/** Opens a session with the harness's context. */
export function openSession<T>(definition: ConnectorDefinition<T>, harness: ConformanceHarness, params: Record<string, unknown>): Promise<ConnectorSession> {
  return openConnector(definition, params, harness.context?.() ?? createContext());
}

/** Runs `fn` with an open session and closes it afterwards, whatever happens. */
export async function withSession<C, T>(
  definition: ConnectorDefinition<C>,
  harness: ConformanceHarness,
  params: Record<string, unknown>,
  fn: (session: ConnectorSession) => Promise<T>,
): Promise<T> {
  const session = await openSession(definition, harness, params);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** The session's `read`, or a failure explaining that a source must have one. */
export function readerOf(check: string, session: ConnectorSession): NonNullable<ConnectorSession['read']> {
  const read = session.read;
  if (typeof read !== 'function') throw new ConformanceFailure(check, 'the session has no `read()` method; a source connector must implement it');
  return read.bind(session);
}

/** True for a SQLFlow error with the given code (works across duplicate installs of core). */
export function hasCode(error: unknown, code: string): boolean {
  return isSqlflowError(error) && error.code === code;
}

/**
 * Waits until `openResources()` comes back to `expected` (closing sockets and handles may settle
 * a moment after `close()` resolves), then fails naming the leak if it does not.
 */
export async function expectResourcesReleased(check: string, harness: ConformanceHarness, expected: number, what: string): Promise<void> {
  if (!harness.openResources) return;
  let now = await harness.openResources();
  for (let attempt = 0; attempt < 30 && now > expected; attempt++) {
    await sleep(100);
    now = await harness.openResources();
  }
  if (now > expected) {
    throw new ConformanceFailure(check, `${what}: ${now} resource(s) open, ${expected} before; release handles and connections in a \`finally\` block of the read generator and in \`close()\``);
  }
}

/** Runs `fn` and returns what it threw, or fails saying it did not throw. */
export async function thrownBy(check: string, what: string, fn: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await fn();
    throw new ConformanceFailure(check, `${what} did not throw (returned ${show(value)})`);
  } catch (error) {
    if (error instanceof ConformanceFailure && error.check === check && error.message.includes(`${what} did not throw`)) throw error;
    return error;
  }
}
