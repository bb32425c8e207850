import { type ConnectorContext, type ConnectorSession, createContext, type Logger, type LogFields, openConnector } from '@sqlflow/core';
import { stripeConnector, stripeStreamSchema } from '@sqlflow/connector-stripe';
import type { Engine, LoadResult } from '@sqlflow/engine';
import type { StripeFake, StripeObject, StripeResource } from '@sqlflow/testing';

/** A logger that keeps every line (message + fields as JSON), for assertions. */
export function capturingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const log = (level: string) => (message: string, fields?: LogFields) => void lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  const logger: Logger & { lines: string[] } = { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

/** Opens the connector against the fake. */
export function openStripe(fake: StripeFake, context: ConnectorContext, params: Record<string, unknown> = {}): Promise<ConnectorSession> {
  return openConnector(stripeConnector, { secret_key: 'sk_test_fake', api_base: fake.url, ...params }, context ?? createContext());
}

/** One incremental LOAD of a stream into a same-named table, UPSERT by id, through the real engine. */
export function syncStream(engine: Engine, session: ConnectorSession, stream: string, signal?: AbortSignal): Promise<LoadResult> {
  return engine.loadStream({
    pipeline: 'stripe_test', source: 'stripe', stream, table: stream, mode: 'upsert', key: ['id'], cursorField: 'sync_position',
    schema: stripeStreamSchema(stream), signal,
    batches: (resume) => session.read!({ stream, syncMode: 'incremental', cursorField: 'sync_position', watermark: resume.watermark, signal }),
  });
}

/** The columns compared per stream, and how to read each from a fake object. */
export const COMPARED: Partial<Record<StripeResource, Record<string, (o: StripeObject) => unknown>>> = {
  customers: { email: (o) => o.email, name: (o) => o.name },
  charges: { amount: (o) => o.amount, amount_refunded: (o) => o.amount_refunded, refunded: (o) => o.refunded, currency: (o) => o.currency },
  refunds: { amount: (o) => o.amount, charge: (o) => o.charge },
  balance_transactions: { amount: (o) => o.amount, type: (o) => o.type, source: (o) => o.source },
  payment_intents: { amount: (o) => o.amount, status: (o) => o.status },
  invoices: { amount_paid: (o) => o.amount_paid, status: (o) => o.status },
  subscriptions: { status: (o) => o.status, quantity: (o) => (o.items as { data: Array<{ quantity: number }> }).data[0]!.quantity },
  products: { name: (o) => o.name },
  prices: { unit_amount: (o) => o.unit_amount },
};

const SQL_OF: Record<string, string> = { quantity: "CAST(json_extract(items, '$[0].quantity') AS BIGINT)" };

/** Differences between a loaded table and the fake's ground truth (every object, deleted ones flagged); empty when equal. */
export async function differences(engine: Engine, fake: StripeFake, stream: StripeResource): Promise<string[]> {
  const fields = COMPARED[stream]!;
  const names = Object.keys(fields);
  const rows = await engine.query(`SELECT id, deleted, ${names.map((n) => `${SQL_OF[n] ?? n} AS ${n}`).join(', ')} FROM ${stream}`);
  const actual = new Map(rows.map((r) => [String(r.id), r]));
  const list = fake.platform.list(stream);
  const problems: string[] = [];
  let expected = 0;
  for (const o of list.all()) {
    expected++;
    const row = actual.get(o.id);
    if (!row) {
      problems.push(`${stream}: missing ${o.id}`);
      continue;
    }
    const want: Record<string, unknown> = { deleted: list.isDeleted(o.id) && stream !== 'subscriptions' };
    for (const n of names) want[n] = fields[n]!(o);
    for (const [k, v] of Object.entries(want)) {
      const got = typeof row[k] === 'bigint' ? Number(row[k]) : row[k];
      if (got !== v) problems.push(`${stream} ${o.id}.${k}: got ${String(got)}, expected ${String(v)}`);
    }
  }
  if (actual.size !== expected) problems.push(`${stream}: ${actual.size} rows, expected ${expected}`);
  return problems.slice(0, 20);
}
