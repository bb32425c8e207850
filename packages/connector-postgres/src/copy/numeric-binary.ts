import { DataError } from '@sqlflow/core';

const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

/**
 * Decodes PostgreSQL's binary `numeric` (base-10000 digits, weight, sign, display scale) into
 * its exact decimal text, as PostgreSQL prints it (`-12.3400`, `NaN`, `Infinity`).
 */
export function decodeNumeric(buf: Buffer, pos: number): string {
  const ndigits = buf.readInt16BE(pos);
  const weight = buf.readInt16BE(pos + 2);
  const sign = buf.readUInt16BE(pos + 4);
  const dscale = buf.readInt16BE(pos + 6);
  if (sign === NUMERIC_NAN) return 'NaN';
  if (sign === NUMERIC_PINF) return 'Infinity';
  if (sign === NUMERIC_NINF) return '-Infinity';
  const digit = (i: number): number => (i >= 0 && i < ndigits ? buf.readInt16BE(pos + 8 + i * 2) : 0);
  let int = '';
  if (weight < 0) int = '0';
  else {
    int = String(digit(0));
    for (let i = 1; i <= weight; i++) int += String(digit(i)).padStart(4, '0');
  }
  let frac = '';
  for (let i = weight + 1; frac.length < dscale; i++) frac += String(digit(i)).padStart(4, '0');
  frac = frac.slice(0, dscale);
  const neg = sign === NUMERIC_NEG && (/[1-9]/.test(int) || /[1-9]/.test(frac));
  return `${neg ? '-' : ''}${int}${dscale > 0 ? `.${frac}` : ''}`;
}

const TWO32 = 4294967296;

/**
 * Writes a decimal text as an Arrow Decimal128 value (unscaled, little-endian two's complement)
 * at `words[at..at+3]`, rescaled to `scale`. Throws `DataError` for NaN/Infinity or overflow.
 */
export function writeDecimal128(text: string, scale: number, words: Uint32Array, at: number, column: string): void {
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    throw new DataError(`column \`${column}\`: ${text} cannot be stored as an Arrow decimal; filter it out or cast the column to text in \`query\``, { details: { column } });
  }
  const neg = text.startsWith('-');
  const [intPart = '0', fracPart = ''] = (neg ? text.slice(1) : text).split('.');
  const digits = (intPart + fracPart.padEnd(scale, '0').slice(0, scale)).replace(/^0+(?=\d)/, '');
  if (digits.length > 38) throw new DataError(`column \`${column}\`: ${text} exceeds 38 digits`, { details: { column } });
  let w0: number, w1: number, w2: number, w3: number;
  if (digits.length <= 15) {
    const n = Number(digits);
    w0 = n % TWO32;
    w1 = Math.floor(n / TWO32);
    w2 = 0;
    w3 = 0;
  } else {
    let b = BigInt(digits);
    w0 = Number(b & 0xffffffffn); b >>= 32n;
    w1 = Number(b & 0xffffffffn); b >>= 32n;
    w2 = Number(b & 0xffffffffn); b >>= 32n;
    w3 = Number(b & 0xffffffffn);
  }
  if (neg) {
    // two's complement: invert and add one, carrying through the words
    w0 = (~w0 >>> 0) + 1;
    let carry = w0 > 0xffffffff ? 1 : 0;
    w0 >>>= 0;
    w1 = (~w1 >>> 0) + carry; carry = w1 > 0xffffffff ? 1 : 0; w1 >>>= 0;
    w2 = (~w2 >>> 0) + carry; carry = w2 > 0xffffffff ? 1 : 0; w2 >>>= 0;
    w3 = ((~w3 >>> 0) + carry) >>> 0;
  }
  words[at] = w0;
  words[at + 1] = w1;
  words[at + 2] = w2;
  words[at + 3] = w3;
}

/** The exact decimal text of an Arrow Decimal128 value (for watermarks and tests). */
export function readDecimal128(words: Uint32Array, at: number, scale: number): string {
  let b = (BigInt(words[at + 3]!) << 96n) | (BigInt(words[at + 2]!) << 64n) | (BigInt(words[at + 1]!) << 32n) | BigInt(words[at]!);
  if (b >= 1n << 127n) b -= 1n << 128n;
  const neg = b < 0n;
  const s = (neg ? -b : b).toString().padStart(scale + 1, '0');
  const out = scale > 0 ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s;
  return neg ? `-${out}` : out;
}
