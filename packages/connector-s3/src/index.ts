// @sqlflow/connector-s3: SQLFlow S3 connector: csv/tsv/json/jsonl/parquet from AWS S3 or S3-compatible storage, partitions, cost controls, export.
export {};
