import { type Readable, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { ConfigError } from '@sqlflow/core';
import type { TextCodec } from './format-detect';

interface ZstdZlib {
  createZstdDecompress?: () => Transform;
  createZstdCompress?: () => Transform;
  zstdDecompressSync?: (buf: Uint8Array, options?: object) => Buffer;
}

const z = zlib as unknown as ZstdZlib;

function zstdMissing(): ConfigError {
  return new ConfigError(
    `s3: zstd for csv/tsv/json/jsonl needs Node.js 22.15 or later (this is ${process.version}); use \`"compression": "gzip"\`, or Parquet (which has zstd built in)`,
    { connector: 's3', parameter: 'compression' },
  );
}

/** Whether this Node.js can stream zstd (22.15+). */
export function zstdAvailable(): boolean {
  return typeof z.createZstdDecompress === 'function';
}

/** `body` decompressed as it streams. */
export function decompressStream(body: Readable, codec: TextCodec): Readable {
  if (codec === 'none') return body;
  if (codec === 'zstd' && !zstdAvailable()) throw zstdMissing();
  const inflate = codec === 'gzip' ? zlib.createGunzip() : z.createZstdDecompress!();
  body.on('error', (e) => inflate.destroy(e));
  return body.pipe(inflate);
}

/** A stream that compresses what is written to it, or undefined for `none`. */
export function compressStream(codec: TextCodec): Transform | undefined {
  if (codec === 'none') return undefined;
  if (codec === 'zstd') {
    if (typeof z.createZstdCompress !== 'function') throw zstdMissing();
    return z.createZstdCompress();
  }
  return zlib.createGzip();
}

/** Decompresses the start of a file (a prefix of the compressed bytes), as much as it holds. */
export function decompressPrefix(bytes: Uint8Array, codec: TextCodec): Buffer {
  if (codec === 'none') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (codec === 'zstd') {
    if (!z.zstdDecompressSync) throw zstdMissing();
    return z.zstdDecompressSync(bytes, { finishFlush: 2 });
  }
  return zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}
