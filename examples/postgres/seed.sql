-- A small shop for the PostgreSQL example: customers, products, orders with an `updated_at`
-- cursor, their lines, and the `analytics` schema the pipeline exports its model into.
-- Run once against an empty database:  psql -d sqlflow_shop -f examples/postgres/seed.sql
DROP SCHEMA IF EXISTS shop CASCADE;
DROP SCHEMA IF EXISTS analytics CASCADE;
CREATE SCHEMA shop;
CREATE SCHEMA analytics;

CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'refunded');

CREATE TABLE shop.customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  country char(2) NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE shop.products (
  id integer PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL,
  category text NOT NULL,
  price numeric(10,2) NOT NULL,
  tags text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE shop.orders (
  id bigint PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers (id),
  status shop.order_status NOT NULL,
  total numeric(12,2) NOT NULL,
  shipping jsonb,
  ordered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX orders_updated_at ON shop.orders (updated_at);

CREATE TABLE shop.order_lines (
  order_id bigint NOT NULL REFERENCES shop.orders (id),
  line integer NOT NULL,
  product_id integer NOT NULL REFERENCES shop.products (id),
  quantity integer NOT NULL,
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, line)
);

INSERT INTO shop.customers (id, name, email, country, created_at)
SELECT i, 'Customer ' || i, 'customer' || i || '@example.com',
       (ARRAY['DE', 'FR', 'US', 'GB', 'JP'])[1 + i % 5],
       timestamptz '2024-01-01 00:00:00+00' + i * interval '6 hours'
FROM generate_series(1, 50) AS i;

INSERT INTO shop.products (id, sku, name, category, price, tags) VALUES
  (1, 'TEA-001', 'Sencha', 'tea', 12.50, '{green,japan}'),
  (2, 'TEA-002', 'Assam', 'tea', 9.90, '{black,india}'),
  (3, 'CUP-001', 'Stoneware cup', 'ware', 18.00, '{}'),
  (4, 'POT-001', 'Cast iron teapot', 'ware', 64.00, '{japan}'),
  (5, 'ACC-001', 'Bamboo whisk', 'accessories', 7.25, '{matcha}');

-- 200 orders in March 2024, two lines each; totals are the sum of their lines.
INSERT INTO shop.orders (id, customer_id, status, total, shipping, ordered_at, updated_at)
SELECT i, 1 + (i * 7) % 50,
       (ARRAY['paid', 'shipped', 'pending'])[1 + i % 3]::shop.order_status,
       0,
       jsonb_build_object('method', (ARRAY['standard', 'express'])[1 + i % 2], 'weight_g', 200 + i % 700),
       timestamptz '2024-03-01 08:00:00+00' + i * interval '3 hours',
       timestamptz '2024-03-01 08:00:00+00' + i * interval '3 hours' + interval '5 minutes'
FROM generate_series(1, 200) AS i;

INSERT INTO shop.order_lines (order_id, line, product_id, quantity, unit_price)
SELECT o.id, l.line, p.id, 1 + (o.id + l.line) % 3, p.price
FROM shop.orders o
CROSS JOIN generate_series(1, 2) AS l(line)
JOIN shop.products p ON p.id = 1 + (o.id * l.line) % 5;

UPDATE shop.orders o SET total = s.total
FROM (SELECT order_id, sum(quantity * unit_price) AS total FROM shop.order_lines GROUP BY order_id) s
WHERE s.order_id = o.id;
