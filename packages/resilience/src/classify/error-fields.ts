// Reads the loosely typed fields that HTTP clients, the AWS SDK, pg and Node put on errors.

/** A plain object view of `value`, or undefined when it is not an object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The HTTP status on `status`, `statusCode`, `$metadata.httpStatusCode` or `response.status`. */
export function httpStatusOf(value: unknown): number | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const candidates = [
    record.status,
    record.statusCode,
    asRecord(record.$metadata)?.httpStatusCode,
    asRecord(record.response)?.status,
    asRecord(record.response)?.statusCode,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  return undefined;
}

/** The string `code` (Node, undici, pg SQLSTATE, AWS) of an error, if any. */
export function codeOf(value: unknown): string | undefined {
  const code = asRecord(value)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error's `name` (AWS SDK v3 puts its error code there), if any. */
export function nameOf(value: unknown): string | undefined {
  const name = asRecord(value)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** A header value from a `Headers`-like object (`get(name)`) or a plain record, case-insensitive. */
export function headerOf(headers: unknown, name: string): string | undefined {
  const record = asRecord(headers);
  if (!record) return undefined;
  if (typeof record.get === 'function') {
    const value: unknown = (record.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() !== wanted) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}
