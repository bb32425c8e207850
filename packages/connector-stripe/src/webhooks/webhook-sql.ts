/**
 * SQL that keeps verified webhook events in DuckDB exactly once: a table keyed by event id,
 * and an insert that ignores an id already stored (Stripe delivers at least once). Run
 * `create` once, then `insert` with parameters `[id, type, created (seconds), account, raw JSON]`.
 *
 * @example
 * await engine.run(sql.create);
 * await engine.run(sql.insert, [event.id, event.type, event.created, event.account ?? null, raw]);
 */
export function webhookEventsSql(table = 'stripe_webhook_events'): { readonly create: string; readonly insert: string } {
  const name = table.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
  return {
    create: `CREATE TABLE IF NOT EXISTS ${name} (id VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, created TIMESTAMPTZ NOT NULL, account VARCHAR, payload JSON NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)`,
    insert: `INSERT INTO ${name} (id, type, created, account, payload) VALUES ($1, $2, to_timestamp($3), $4, $5) ON CONFLICT (id) DO NOTHING`,
  };
}
