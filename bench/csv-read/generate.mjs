#!/usr/bin/env node
// Writes a deterministic CSV for the read benchmark: bench/data/csv-read-<rows>.csv
// (default 1,000,000 rows, about 100 MB). Usage: node bench/csv-read/generate.mjs [rows]
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rows = Number(process.argv[2] ?? 1_000_000);
const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `csv-read-${rows}.csv`);

// A small linear congruential generator: the same file on every machine.
let seed = 42;
const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
const word = () => words[Math.floor(next() * words.length)];
const base = Date.UTC(2024, 0, 1);

const out = createWriteStream(file);
out.write('id,name,amount,created_at,active,note\n');
let chunk = '';
for (let i = 1; i <= rows; i++) {
  const at = new Date(base + Math.floor(next() * 365 * 86_400_000)).toISOString();
  const amount = (next() * 10_000).toFixed(2);
  const active = next() < 0.5 ? 'true' : 'false';
  const note = `"${word()} ${word()}, ${word()} ${word()} ${word()} ${word()} ${word()}"`;
  chunk += `${i},${word()}_${i % 997},${amount},${at},${active},${note}\n`;
  if (chunk.length > 1 << 20) {
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    chunk = '';
  }
}
out.end(chunk);
await new Promise((r) => out.on('finish', r));
console.log(file);
