import { LimitExceededError } from '@sqlflow/core';
import type { S3Options } from '../s3-config';
import { FOOTER_WINDOW_BYTES, SMALL_OBJECT_BYTES } from '../formats/parquet-format';
import type { FileFormat } from '../formats/format-detect';
import { priceOf } from './s3-usage';

/** Text files are sampled from their first bytes to learn their columns. */
export const TEXT_SAMPLE_BYTES = 256 * 1024;
/** Assumed row-group size of Parquet files for the estimate (the actual count is in the footer). */
export const ASSUMED_ROW_GROUP_BYTES = 128 * 1024 * 1024;

/** What a read is expected to cost, computed from the listing before any object is fetched. */
export interface CostEstimate {
  readonly files: number;
  readonly listRequests: number;
  readonly getRequests: number;
  readonly bytes: number;
  readonly costUsd: number;
}

/**
 * Requests and bytes of reading `files`: per text file one sampling GET (none when the object
 * fits the sample) plus one GET of the body; per Parquet file one GET of the footer plus one
 * per row group (assumed {@link ASSUMED_ROW_GROUP_BYTES}), or one GET for objects up to 1 MiB.
 * Bytes are the objects' sizes plus the sampled prefixes and footers.
 */
export function estimateCost(files: ReadonlyArray<{ size: number; format: FileFormat }>, listRequests: number, options: S3Options): CostEstimate {
  let gets = 0;
  let bytes = 0;
  for (const f of files) {
    if (f.size === 0) continue;
    if (f.format === 'parquet') {
      if (f.size <= SMALL_OBJECT_BYTES) {
        gets += 1;
        bytes += f.size;
      } else {
        gets += 1 + Math.ceil(f.size / ASSUMED_ROW_GROUP_BYTES);
        bytes += f.size + FOOTER_WINDOW_BYTES;
      }
    } else if (f.size <= TEXT_SAMPLE_BYTES) {
      gets += 1;
      bytes += f.size;
    } else {
      gets += 2;
      bytes += f.size + TEXT_SAMPLE_BYTES;
    }
  }
  return { files: files.length, listRequests, getRequests: gets, bytes, costUsd: priceOf(options.prices, listRequests, gets, 0, bytes) };
}

function usd(n: number): string {
  return `$${n < 0.01 ? n.toPrecision(3) : n.toFixed(2)}`;
}

/**
 * Throws `LimitExceededError` when the estimate passes `cost_limit_usd`, `max_files_per_run` or
 * `max_data_size_gb`; the message states estimate, limit and how to raise it.
 */
/** True when `estimate` exceeds `max_files_per_run`, `max_data_size_gb` or `cost_limit_usd`. */
export function exceedsLimits(estimate: CostEstimate, options: S3Options): boolean {
  return (
    (options.maxFiles !== undefined && estimate.files > options.maxFiles) ||
    (options.maxBytes !== undefined && estimate.bytes > options.maxBytes) ||
    (options.costLimitUsd !== undefined && estimate.costUsd > options.costLimitUsd)
  );
}

export function enforceLimits(estimate: CostEstimate, options: S3Options, where: string): void {
  const details = { estimate, limits: { costLimitUsd: options.costLimitUsd, maxFiles: options.maxFiles, maxBytes: options.maxBytes } };
  if (options.maxFiles !== undefined && estimate.files > options.maxFiles) {
    throw new LimitExceededError(
      `s3: reading ${where} would fetch ${estimate.files} objects, more than \`max_files_per_run\` ${options.maxFiles}; raise \`max_files_per_run\`, or narrow \`path_prefix\`/\`path_pattern\`/\`partition_filter\``,
      { details },
    );
  }
  if (options.maxBytes !== undefined && estimate.bytes > options.maxBytes) {
    throw new LimitExceededError(
      `s3: reading ${where} would download an estimated ${(estimate.bytes / 1e9).toFixed(3)} GB, more than \`max_data_size_gb\` ${(options.maxBytes / 1e9).toString()}; raise \`max_data_size_gb\`, or narrow the files read`,
      { details },
    );
  }
  if (options.costLimitUsd !== undefined && estimate.costUsd > options.costLimitUsd) {
    throw new LimitExceededError(
      `s3: reading ${where} is estimated at ${usd(estimate.costUsd)} (${estimate.listRequests} LIST, ${estimate.getRequests} GET, ${(estimate.bytes / 1e9).toFixed(3)} GB out), more than \`cost_limit_usd\` ${usd(options.costLimitUsd)}; raise \`cost_limit_usd\`, set \`cost_prices\` if you pay less (e.g. \`transfer_per_gb\` 0 inside the region), or narrow the files read`,
      { details },
    );
  }
}
