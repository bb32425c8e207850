/** A growable Arrow validity bitmap (1 = valid). */
export class Validity {
  private bits = new Uint8Array(128);
  /** Nulls since the last flush. */
  nulls = 0;

  /** Marks slot `index` valid or null. */
  set(index: number, valid: boolean): void {
    const byte = index >> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    if (valid) this.bits[byte]! |= 1 << (index & 7);
    else this.nulls++;
  }

  /** The bitmap for `length` slots (undefined when there are no nulls) and a fresh start. */
  take(length: number): Uint8Array | undefined {
    const out = this.nulls > 0 ? this.bits.subarray(0, (length + 7) >> 3) : undefined;
    this.bits = new Uint8Array(this.bits.length);
    this.nulls = 0;
    return out;
  }
}
