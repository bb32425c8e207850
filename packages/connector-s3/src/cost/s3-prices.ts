/** Prices in US dollars that turn request counts and bytes into a cost. */
export interface S3Prices {
  /** LIST (ListObjectsV2) requests, per 1,000. */
  readonly listPer1000: number;
  /** GET requests (ranged GETs included), per 1,000. */
  readonly getPer1000: number;
  /** PUT, POST and multipart requests, per 1,000. */
  readonly putPer1000: number;
  /** Data transferred out of S3, per GB (10^9 bytes). */
  readonly transferPerGb: number;
}

/**
 * S3 Standard in us-east-1 as published on the AWS pricing page: LIST and PUT $0.005 per
 * 1,000, GET $0.0004 per 1,000, transfer out to the internet $0.09/GB (first tier). Reads
 * from EC2 in the same region transfer for free: set `cost_prices.transfer_per_gb` to 0.
 */
export const DEFAULT_S3_PRICES: S3Prices = Object.freeze({ listPer1000: 0.005, getPer1000: 0.0004, putPer1000: 0.005, transferPerGb: 0.09 });
