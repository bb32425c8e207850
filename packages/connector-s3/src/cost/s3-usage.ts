import type { S3Prices } from './s3-prices';

/** Requests and bytes a session actually used, and what they cost at the configured prices. */
export type S3UsageReport = {
  readonly listRequests: number;
  readonly getRequests: number;
  readonly putRequests: number;
  readonly bytesDownloaded: number;
  readonly bytesUploaded: number;
  readonly costUsd: number;
};

/** The cost of request counts and downloaded bytes at `prices`. */
export function priceOf(prices: S3Prices, list: number, get: number, put: number, bytesOut: number): number {
  return (list / 1000) * prices.listPer1000 + (get / 1000) * prices.getPer1000 + (put / 1000) * prices.putPer1000 + (bytesOut / 1e9) * prices.transferPerGb;
}

/** Counts S3 requests and bytes as they happen (every attempt counts: retried requests are billed too). */
export class S3Usage {
  listRequests = 0;
  getRequests = 0;
  putRequests = 0;
  bytesDownloaded = 0;
  bytesUploaded = 0;

  constructor(private readonly prices: S3Prices) {}

  report(): S3UsageReport {
    return {
      listRequests: this.listRequests,
      getRequests: this.getRequests,
      putRequests: this.putRequests,
      bytesDownloaded: this.bytesDownloaded,
      bytesUploaded: this.bytesUploaded,
      costUsd: priceOf(this.prices, this.listRequests, this.getRequests, this.putRequests, this.bytesDownloaded),
    };
  }
}
