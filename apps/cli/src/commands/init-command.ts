import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ConfigError } from '@sqlflow/core';
import type { CliIo } from '../cli-io';
import { EXIT } from '../exit-codes';

const COUNTRIES = ['DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'US', 'SE'];
const STATUSES = ['completed', 'completed', 'completed', 'completed', 'refunded', 'cancelled'];

/** Deterministic pseudo-random numbers (mulberry32), so every new project has the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampleCustomers(): string {
  const lines = ['customer_id,name,country'];
  for (let i = 1; i <= 20; i++) lines.push(`${i},Customer ${String(i).padStart(2, '0')},${COUNTRIES[i % COUNTRIES.length]}`);
  return lines.join('\n') + '\n';
}

function sampleOrders(): string {
  const r = random(42);
  const lines = ['order_id,customer_id,ordered_at,status,amount'];
  let t = Date.UTC(2024, 0, 1, 8);
  for (let i = 1; i <= 300; i++) {
    t += Math.floor(r() * 6 * 3600 * 1000);
    lines.push(`${i},${1 + Math.floor(r() * 20)},${new Date(t).toISOString().slice(0, 19)}Z,${STATUSES[Math.floor(r() * STATUSES.length)]},${(5 + r() * 495).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

const PIPELINE = `-- A first pipeline: CSV files -> DuckDB -> a SQL model -> Parquet.
-- Run it: npx sqlflow run pipelines/orders.sf

SOURCE customers TYPE CSV PARAMS { "path": "data/customers.csv", "primary_key": "customer_id" };
SOURCE orders TYPE CSV PARAMS {
  "path": "data/orders.csv",
  "sync_mode": "incremental",      -- each run reads only rows at or after the last watermark
  "cursor_field": "ordered_at",
  "primary_key": "order_id"
};

LOAD customers FROM customers MODE REPLACE;
LOAD orders FROM orders MODE UPSERT KEY (order_id);

CREATE OR REPLACE TABLE revenue_by_country AS
SELECT c.country, count(*) AS orders, round(sum(o.amount), 2) AS revenue
FROM orders o JOIN customers c USING (customer_id)
WHERE o.status = 'completed'
GROUP BY c.country
ORDER BY revenue DESC;

EXPORT SELECT * FROM revenue_by_country TO "output/revenue_by_country.parquet" TYPE PARQUET OPTIONS { "compression": "zstd" };
`;

const PROFILE = `# The dev profile: where DuckDB keeps its database, variables, named connections.
engine:
  path: target/dev.duckdb
variables: {}
# connections:
#   warehouse:
#     type: postgres
#     params: { host: localhost, database: shop, username: etl, password: "\${env.PGPASSWORD}" }
log_level: info
`;

const README = `# A SQLFlow project

- \`pipelines/\`: pipelines in the SQLFlow language (\`.sf\`)
- \`data/\`: sample CSV data
- \`profiles/dev.yml\`: the DuckDB file, variables and connections (\`--profile\` picks another)

Run: \`npx sqlflow run pipelines/orders.sf\`, then look at the state: \`npx sqlflow state show pipelines/orders.sf\`.
Check a pipeline without running it: \`npx sqlflow validate pipelines/orders.sf\`; see its plan: \`npx sqlflow compile pipelines/orders.sf\`.
`;

/** `sqlflow init <dir>`: a runnable project with sample data, a pipeline and a profile. */
export async function initCommand(dir: string, flags: { force?: boolean }, io: CliIo): Promise<number> {
  const root = resolve(io.cwd, dir);
  if (existsSync(root) && readdirSync(root).length > 0 && !flags.force) {
    throw new ConfigError(`${root} is not empty; choose a new directory or pass --force to add the project files there`, { parameter: 'dir' });
  }
  const files: Record<string, string> = {
    'pipelines/orders.sf': PIPELINE,
    'profiles/dev.yml': PROFILE,
    'data/customers.csv': sampleCustomers(),
    'data/orders.csv': sampleOrders(),
    'README.md': README,
    '.gitignore': 'target/\noutput/\n',
  };
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  const rel = relative(io.cwd, root) || '.';
  io.out(`created a SQLFlow project in ${rel}\nnext: cd ${rel} && npx sqlflow run pipelines/orders.sf\n`);
  return EXIT.ok;
}
