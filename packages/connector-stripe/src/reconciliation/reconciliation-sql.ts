/** Table names the reconciliation reads (as loaded by LOAD statements). */
export interface ReconciliationTables {
  readonly charges?: string;
  readonly refunds?: string;
  readonly balanceTransactions?: string;
}

/**
 * The financial reconciliation as one DuckDB SELECT: per UTC day and currency, charges captured
 * minus refunds (from `charges` and `refunds`) against the sum of balance transactions of type
 * `charge` and `refund` (`amount`, the gross). Every day and currency appears, with
 * `difference` and `status` (`ok` or `mismatch`), so mismatches are reported, not hidden.
 * Deleted rows are ignored; failed and pending refunds are not counted. Balance transactions in
 * another currency than their charge (currency conversion) show up as mismatches by design.
 */
export function reconciliationSql(tables: ReconciliationTables = {}): string {
  const charges = tables.charges ?? 'charges';
  const refunds = tables.refunds ?? 'refunds';
  const bts = tables.balanceTransactions ?? 'balance_transactions';
  return `WITH api AS (
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency, sum(amount_captured) AS captured, 0::BIGINT AS refunded
    FROM ${charges} WHERE NOT deleted AND captured GROUP BY ALL
  UNION ALL
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency, 0::BIGINT, sum(amount)
    FROM ${refunds} WHERE NOT deleted AND status IN ('succeeded', 'pending') GROUP BY ALL
), api_day AS (
  SELECT day, currency, sum(captured) AS charges_captured, sum(refunded) AS refunds FROM api GROUP BY ALL
), ledger AS (
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency,
         sum(amount) FILTER (WHERE type IN ('charge', 'payment')) AS ledger_charges,
         -sum(amount) FILTER (WHERE type IN ('refund', 'payment_refund')) AS ledger_refunds
    FROM ${bts} WHERE type IN ('charge', 'payment', 'refund', 'payment_refund') GROUP BY ALL
)
SELECT coalesce(a.day, l.day) AS day, coalesce(a.currency, l.currency) AS currency,
       coalesce(a.charges_captured, 0) AS charges_captured, coalesce(a.refunds, 0) AS refunds,
       coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0) AS api_net,
       coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0) AS ledger_net,
       (coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0)) - (coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0)) AS difference,
       CASE WHEN (coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0)) = (coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0)) THEN 'ok' ELSE 'mismatch' END AS status
  FROM api_day a FULL OUTER JOIN ledger l ON a.day = l.day AND a.currency = l.currency
 ORDER BY day, currency`;
}
