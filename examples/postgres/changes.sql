-- Simulates a day of activity after the first run: 3 new orders, 2 shipped, 1 refunded.
-- psql -d sqlflow_shop -f examples/postgres/changes.sql, then run the pipeline again: the
-- LOAD of orders reads only these 6 rows (plus the one that ties with the watermark).
INSERT INTO shop.orders (id, customer_id, status, total, shipping, ordered_at, updated_at) VALUES
  (201, 3, 'paid', 25.00, '{"method": "standard", "weight_g": 400}', '2024-04-02 09:00:00+00', '2024-04-02 09:00:00+00'),
  (202, 4, 'paid', 64.00, '{"method": "express", "weight_g": 1800}', '2024-04-02 10:30:00+00', '2024-04-02 10:30:00+00'),
  (203, 5, 'pending', 7.25, NULL, '2024-04-02 11:15:00+00', '2024-04-02 11:15:00+00');
INSERT INTO shop.order_lines (order_id, line, product_id, quantity, unit_price) VALUES
  (201, 1, 1, 2, 12.50), (202, 1, 4, 1, 64.00), (203, 1, 5, 1, 7.25);
UPDATE shop.orders SET status = 'shipped', updated_at = '2024-04-02 12:00:00+00' WHERE id IN (3, 6);
UPDATE shop.orders SET status = 'refunded', updated_at = '2024-04-02 12:30:00+00' WHERE id = 9;
