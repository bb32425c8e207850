/** Bytes of an object kept between planning and reading: the whole object, or its tail. */
export interface CachedBytes {
  /** Offset of `bytes[0]` in the object. */
  readonly start: number;
  readonly bytes: Uint8Array;
}

/**
 * Keeps small objects and Parquet footers read while planning, so the read does not fetch
 * them again; bounded by a byte budget (older entries stay, newer ones are not kept).
 */
export class ObjectBytesCache {
  private readonly entries = new Map<string, CachedBytes>();
  private used = 0;

  constructor(private readonly budget = 32 * 1024 * 1024) {}

  get(key: string): CachedBytes | undefined {
    return this.entries.get(key);
  }

  put(key: string, entry: CachedBytes): void {
    if (this.entries.has(key) || this.used + entry.bytes.byteLength > this.budget) return;
    this.entries.set(key, entry);
    this.used += entry.bytes.byteLength;
  }

  /** Forgets an object once it has been read. */
  drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.used -= e.bytes.byteLength;
    this.entries.delete(key);
  }
}
