/**
 * Decodes PostgreSQL's binary `interval` (microseconds, days, months) into ISO-8601 text in
 * the style of `intervalstyle = iso_8601` (`P1Y2M3DT4H5M6.5S`, `PT0S`, `P-1D`).
 */
export function decodeInterval(buf: Buffer, pos: number): string {
  const micros = buf.readBigInt64BE(pos);
  const days = buf.readInt32BE(pos + 8);
  const months = buf.readInt32BE(pos + 12);
  const years = Math.trunc(months / 12);
  const mons = months % 12;
  let out = 'P';
  if (years) out += `${years}Y`;
  if (mons) out += `${mons}M`;
  if (days) out += `${days}D`;
  if (micros !== 0n) {
    const neg = micros < 0n;
    const abs = neg ? -micros : micros;
    const hours = abs / 3_600_000_000n;
    const minutes = (abs / 60_000_000n) % 60n;
    const secMicros = abs % 60_000_000n;
    const sign = neg ? '-' : '';
    out += 'T';
    if (hours) out += `${sign}${hours}H`;
    if (minutes) out += `${sign}${minutes}M`;
    if (secMicros) {
      const whole = secMicros / 1_000_000n;
      const frac = (secMicros % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
      out += `${sign}${whole}${frac ? `.${frac}` : ''}S`;
    }
  }
  return out === 'P' ? 'PT0S' : out;
}
