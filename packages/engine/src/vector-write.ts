import { isUtf8 } from 'node:buffer';
import {
  copy_data_to_vector,
  copy_data_to_vector_validity,
  vector_assign_string_element,
  vector_assign_string_element_len,
  vector_ensure_validity_writable,
  vector_get_data,
  type Vector,
} from '@duckdb/node-bindings';
import { DataError } from '@sqlflow/core';
import type { Data } from 'apache-arrow';

// Low-level writes of Arrow buffers into DuckDB vectors. Arrow JS conventions: fixed-width
// `values` and `valueOffsets` are already sliced (index 0 = first row), while the validity
// bitmap, boolean bits and variable-width bytes are addressed with `data.offset` (absolute).

/** Copies the validity bits of rows [start, start+count) into the vector (no-op without nulls). */
export function writeValidity(vector: Vector, data: Data, start: number, count: number): void {
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return;
  const bitmap = data.nullBitmap;
  const first = data.offset + start;
  vector_ensure_validity_writable(vector);
  if ((first & 7) === 0) {
    const bytes = (count + 7) >> 3;
    const from = first >> 3;
    if (from + bytes <= bitmap.length) {
      copy_data_to_vector_validity(vector, 0, bitmap.buffer as ArrayBuffer, bitmap.byteOffset + from, bytes);
      return;
    }
  }
  const packed = new Uint8Array((count + 7) >> 3);
  for (let i = 0; i < count; i++) {
    const bit = first + i;
    if ((bitmap[bit >> 3]! >> (bit & 7)) & 1) packed[i >> 3]! |= 1 << (i & 7);
  }
  copy_data_to_vector_validity(vector, 0, packed.buffer, 0, packed.byteLength);
}

/** True when row `start + i` is valid (not null). */
export function isValid(data: Data, row: number): boolean {
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return true;
  const bit = data.offset + row;
  return ((data.nullBitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

/** Copies `count` fixed-width values of `bytesPerValue` bytes, starting at row `start`. */
export function writeFixed(vector: Vector, data: Data, start: number, count: number, bytesPerValue: number): void {
  const values = data.values as ArrayBufferView;
  copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset + start * bytesPerValue, count * bytesPerValue);
  writeValidity(vector, data, start, count);
}

/** Writes a typed array already converted to the DuckDB representation. */
export function writeConverted(vector: Vector, data: Data, start: number, count: number, converted: ArrayBufferView): void {
  copy_data_to_vector(vector, 0, converted.buffer as ArrayBuffer, converted.byteOffset, converted.byteLength);
  writeValidity(vector, data, start, count);
}

/** Unpacks Arrow's bit-packed booleans into DuckDB's one byte per value. */
export function writeBooleans(vector: Vector, data: Data, start: number, count: number): void {
  const bits = data.values as Uint8Array;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = data.offset + start + i;
    out[i] = (bits[bit >> 3]! >> (bit & 7)) & 1;
  }
  writeConverted(vector, data, start, count, out);
}

/** Bytes a DuckDB string slot holds inline, and the slot's size. */
const INLINE_BYTES = 12;
const INLINE_SLOT = 16;

/**
 * Writes UTF-8 (`utf8`) or binary values (32- or 64-bit offsets) without decoding them, with a
 * constant number of native calls per vector. DuckDB's string slot (`duckdb_string_t`, 16
 * bytes) holds a little-endian u32 length, then either the bytes themselves (up to 12) or a
 * 4-byte prefix and a pointer. The rows' bytes are handed to DuckDB once, as one value in slot 0,
 * which copies them into the vector's own string heap; every slot is then laid out here,
 * pointing into that copy, and written with one native call. The heap lives as long as the
 * vector, so the pointers stay valid until DuckDB has consumed the chunk.
 */
export function writeVarLength(vector: Vector, data: Data, start: number, count: number, utf8: boolean): void {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const bytes = data.values as Uint8Array;
  const wide = offsets instanceof BigInt64Array;
  const at = (row: number): number => (wide ? Number(offsets[row]) : (offsets[row] as number));
  const first = at(start);
  const last = at(start + count);
  const hasNulls = data.nullCount > 0 && !!data.nullBitmap && data.nullBitmap.length > 0;
  let base = 0;
  // One copy of the run unless it is not UTF-8 only in the bytes of null rows (Arrow leaves
  // those undefined): then long values are assigned one by one.
  let oneCopy = last - first > INLINE_BYTES;
  if (oneCopy) {
    const all = bytes.subarray(first, last);
    if (utf8 && !isUtf8Run(all, data, start, count, at)) {
      throwOnInvalidValue(data, start, count, at);
      oneCopy = false;
    }
  }
  if (oneCopy) {
    vector_assign_string_element_len(vector, 0, bytes.subarray(first, last));
    // Slot 0 now holds (length, prefix, pointer to the copy); addresses are below 2^53.
    const slot0 = vector_get_data(vector, INLINE_SLOT);
    base = Number(new DataView(slot0.buffer, slot0.byteOffset, INLINE_SLOT).getBigUint64(8, true));
  }
  const slots = new Uint8Array(count * INLINE_SLOT);
  const words = new DataView(slots.buffer);
  const assigned: number[] = [];
  for (let i = 0; i < count; i++) {
    if (hasNulls && !isValid(data, start + i)) continue;
    const from = at(start + i);
    const length = at(start + i + 1) - from;
    const slot = i * INLINE_SLOT;
    words.setUint32(slot, length, true);
    if (length <= INLINE_BYTES) {
      for (let k = 0; k < length; k++) slots[slot + 4 + k] = bytes[from + k]!;
      continue;
    }
    if (!oneCopy) {
      assigned.push(i);
      continue;
    }
    slots[slot + 4] = bytes[from]!;
    slots[slot + 5] = bytes[from + 1]!;
    slots[slot + 6] = bytes[from + 2]!;
    slots[slot + 7] = bytes[from + 3]!;
    const address = base + (from - first);
    words.setUint32(slot + 8, address % 0x1_0000_0000, true);
    words.setUint32(slot + 12, Math.floor(address / 0x1_0000_0000), true);
  }
  copy_data_to_vector(vector, 0, slots.buffer, 0, slots.byteLength);
  for (const i of assigned) vector_assign_string_element_len(vector, i, bytes.subarray(at(start + i), at(start + i + 1)));
  writeValidity(vector, data, start, count);
}

/**
 * Whether the rows' bytes, one run, are UTF-8 with every value starting on a character
 * boundary: then every value is UTF-8 on its own.
 */
function isUtf8Run(all: Uint8Array, data: Data, start: number, count: number, at: (row: number) => number): boolean {
  for (let i = 0; i < count; i++) {
    const from = at(start + i);
    if (at(start + i + 1) > from && (data.values[from]! & 0xc0) === 0x80) return false;
  }
  return isUtf8(all);
}

/**
 * Refuses bytes that are not UTF-8, naming the first bad row: DuckDB's string check would
 * silently store NULL instead.
 */
function throwOnInvalidValue(data: Data, start: number, count: number, at: (row: number) => number): void {
  for (let i = 0; i < count; i++) {
    if (!isValid(data, start + i)) continue;
    if (!isUtf8((data.values as Uint8Array).subarray(at(start + i), at(start + i + 1)))) {
      throw new DataError(`row ${start + i} of the batch is not valid UTF-8 text; load it as binary or fix its encoding in the source`, {
        location: `row ${start + i}`,
      });
    }
  }
}

/** Writes JS strings (dictionary-decoded values). */
export function writeStrings(vector: Vector, data: Data, start: number, count: number, valueAt: (row: number) => string): void {
  for (let i = 0; i < count; i++) {
    if (isValid(data, start + i)) vector_assign_string_element(vector, i, valueAt(start + i));
  }
  writeValidity(vector, data, start, count);
}
