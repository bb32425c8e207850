import { type Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { ConfigError, DataError } from '@sqlflow/core';
import { Decompress } from 'fzstd';
import type { TextCodec } from './format-detect';

interface ZstdZlib {
  createZstdDecompress?: () => Transform;
  createZstdCompress?: () => Transform;
  zstdDecompressSync?: (buf: Uint8Array, options?: object) => Buffer;
}

const z = zlib as unknown as ZstdZlib;

function zstdMissing(): ConfigError {
  return new ConfigError(
    `s3: writing zstd csv/tsv/jsonl needs Node.js 22.15 or later (this is ${process.version}); use \`"compression": "gzip"\`, or Parquet (which has zstd built in)`,
    { connector: 's3', parameter: 'compression' },
  );
}

/**
 * A zstd decompressing stream in pure JavaScript (fzstd), for Node.js versions whose zlib has
 * no zstd (before 22.15). Reading zstd text therefore works on every supported Node.js.
 */
function zstdDecompressJs(): Transform {
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        inflater.push(chunk);
        done();
      } catch (cause) {
        done(new DataError('s3: the object is not valid zstd data', { cause }));
      }
    },
    flush(done) {
      try {
        inflater.push(new Uint8Array(0), true);
        done();
      } catch (cause) {
        done(new DataError('s3: the zstd data ends early (truncated object?)', { cause }));
      }
    },
  });
  const inflater = new Decompress((data) => {
    transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  return transform;
}

/** Whether this Node.js can stream zstd (22.15+). */
export function zstdAvailable(): boolean {
  return typeof z.createZstdDecompress === 'function';
}

/** `body` decompressed as it streams. */
export function decompressStream(body: Readable, codec: TextCodec): Readable {
  if (codec === 'none') return body;
  const inflate = codec === 'gzip' ? zlib.createGunzip() : zstdAvailable() ? z.createZstdDecompress!() : zstdDecompressJs();
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
    if (z.zstdDecompressSync) return z.zstdDecompressSync(bytes, { finishFlush: 2 });
    // As much as the prefix holds: the streaming decompressor emits every complete block.
    const parts: Uint8Array[] = [];
    const inflater = new Decompress((data) => parts.push(data.slice()));
    try {
      inflater.push(bytes);
    } catch {
      // a block cut off by the end of the prefix; what came before it is kept
    }
    return Buffer.concat(parts);
  }
  return zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}
