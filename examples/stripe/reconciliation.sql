-- Stripe reconciliation (SQL model): per UTC day and currency, charges captured minus refunds
-- (from the charges and refunds streams) against the balance transactions of type charge and
-- refund. Every day and currency is listed with `difference` and `status` ('ok' / 'mismatch'):
-- mismatches are reported, not hidden. Generated from reconciliationSql() in
-- @sqlflow/connector-stripe; run it after loading charges, refunds and balance_transactions.
WITH api AS (
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency, sum(amount_captured) AS captured, 0::BIGINT AS refunded
    FROM charges WHERE NOT deleted AND captured GROUP BY ALL
  UNION ALL
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency, 0::BIGINT, sum(amount)
    FROM refunds WHERE NOT deleted AND status IN ('succeeded', 'pending') GROUP BY ALL
), api_day AS (
  SELECT day, currency, sum(captured) AS charges_captured, sum(refunded) AS refunds FROM api GROUP BY ALL
), ledger AS (
  SELECT CAST(created AT TIME ZONE 'UTC' AS DATE) AS day, currency,
         sum(amount) FILTER (WHERE type IN ('charge', 'payment')) AS ledger_charges,
         -sum(amount) FILTER (WHERE type IN ('refund', 'payment_refund')) AS ledger_refunds
    FROM balance_transactions WHERE type IN ('charge', 'payment', 'refund', 'payment_refund') GROUP BY ALL
)
SELECT coalesce(a.day, l.day) AS day, coalesce(a.currency, l.currency) AS currency,
       coalesce(a.charges_captured, 0) AS charges_captured, coalesce(a.refunds, 0) AS refunds,
       coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0) AS api_net,
       coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0) AS ledger_net,
       (coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0)) - (coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0)) AS difference,
       CASE WHEN (coalesce(a.charges_captured, 0) - coalesce(a.refunds, 0)) = (coalesce(l.ledger_charges, 0) - coalesce(l.ledger_refunds, 0)) THEN 'ok' ELSE 'mismatch' END AS status
  FROM api_day a FULL OUTER JOIN ledger l ON a.day = l.day AND a.currency = l.currency
 ORDER BY day, currency;
