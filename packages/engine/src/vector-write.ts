import {
  copy_data_to_vector,
  copy_data_to_vector_validity,
  vector_assign_string_element,
  vector_assign_string_element_len,
  vector_ensure_validity_writable,
  type Vector,
} from '@duckdb/node-bindings';
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

/** Writes UTF-8 or binary values (32- or 64-bit offsets) without decoding them. */
export function writeVarLength(vector: Vector, data: Data, start: number, count: number): void {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const bytes = data.values as Uint8Array;
  const wide = offsets instanceof BigInt64Array;
  // DuckDB keeps a string of up to 12 bytes inline in its 16-byte slot (duckdb_string_t: a
  // little-endian u32 length, then the bytes). Short ASCII strings (valid UTF-8 by construction)
  // are laid out here and copied with one native call; longer or non-ASCII ones are assigned one
  // by one, so DuckDB allocates them and validates their UTF-8.
  const slots = new Uint8Array(count * INLINE_SLOT);
  const lengths = new DataView(slots.buffer);
  const assigned: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!isValid(data, start + i)) continue;
    const from = wide ? Number(offsets[start + i]) : (offsets[start + i] as number);
    const to = wide ? Number(offsets[start + i + 1]) : (offsets[start + i + 1] as number);
    const length = to - from;
    let inline = length <= INLINE_BYTES;
    for (let k = from; inline && k < to; k++) inline = bytes[k]! < 0x80;
    if (!inline) {
      assigned.push(i);
      continue;
    }
    const slot = i * INLINE_SLOT;
    lengths.setUint32(slot, length, true);
    for (let k = 0; k < length; k++) slots[slot + 4 + k] = bytes[from + k]!;
  }
  copy_data_to_vector(vector, 0, slots.buffer, 0, slots.byteLength);
  for (const i of assigned) {
    const from = wide ? Number(offsets[start + i]) : (offsets[start + i] as number);
    const to = wide ? Number(offsets[start + i + 1]) : (offsets[start + i + 1] as number);
    vector_assign_string_element_len(vector, i, bytes.subarray(from, to));
  }
  writeValidity(vector, data, start, count);
}

/** Bytes a DuckDB string slot holds inline, and the slot's size. */
const INLINE_BYTES = 12;
const INLINE_SLOT = 16;

/** Writes JS strings (dictionary-decoded values). */
export function writeStrings(vector: Vector, data: Data, start: number, count: number, valueAt: (row: number) => string): void {
  for (let i = 0; i < count; i++) {
    if (isValid(data, start + i)) vector_assign_string_element(vector, i, valueAt(start + i));
  }
  writeValidity(vector, data, start, count);
}
