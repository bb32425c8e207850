#!/usr/bin/env node
// Seeds the benchmark objects into a running S3 server (run by run.mjs in its own process, so
// that generating the data does not count in the reader's peak memory).
// Usage: node bench/s3-read/seed.mjs <endpoint> <bucket> <rows> <objects>
import { seedParquetObjects } from './s3-bench-data.mjs';

const [endpoint, bucket, rows, objects] = process.argv.slice(2);
const bytes = await seedParquetObjects({ endpoint, region: 'us-east-1', accessKeyId: 'bench', secretAccessKey: 'bench', bucket, rows: Number(rows), objects: Number(objects) });
console.log(bytes);
