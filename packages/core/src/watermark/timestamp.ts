import { DataError } from '../errors/error-classes';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses an ISO-8601 date or timestamp into microseconds since the epoch, keeping microsecond
 * precision (`Date.parse` keeps only milliseconds). A value without a zone is read as UTC.
 */
export function parseTimestampMicros(text: string): bigint {
  const m = ISO.exec(text.trim());
  if (!m) throw new DataError(`"${text}" is not an ISO-8601 date or timestamp`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) throw new DataError(`"${text}" is not a valid date or timestamp`);
  let micros = BigInt(ms) * 1000n + BigInt((frac + '000000').slice(0, 6));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    micros -= sign * offsetMinutes * 60_000_000n;
  }
  return micros;
}

/** Formats microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatTimestampMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const sub = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  return `${base}.${sub.toString().padStart(6, '0')}Z`;
}

/** Days since the epoch for a `YYYY-MM-DD` date. */
export function parseDateDays(text: string): number {
  return Number(parseTimestampMicros(text.slice(0, 10)) / 86_400_000_000n);
}

/** `YYYY-MM-DD` for days since the epoch. */
export function formatDateDays(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** `HH:MM:SS.ffffff` for microseconds since midnight (`24:00:00.000000` for a whole day). */
export function formatTimeMicros(micros: bigint): string {
  const us = Number(micros);
  const seconds = Math.floor(us / 1e6);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(us % 1e6).padStart(6, '0')}`;
}
