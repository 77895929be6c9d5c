// one formatter for every call: toLocaleString builds a new one each time, which long tables feel
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
export const int = (n: number) => INT.format(n);
export const pct = (x: number, digits = 2) => `${x.toFixed(digits)}%`;
export const frac = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
export const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
export const shape = (s: number[]) => s.join('×');
export const ms = (t: number) => (t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(2)} s`);

/**
 * A name shortened to at most `max` characters with an ellipsis in the middle, keeping its start and
 * its end (`block_12_expand/kernel` at 16 → `block_12…/kernel`).
 */
export function ellipsize(name: string, max: number): string {
  if (name.length <= max) return name;
  const keep = Math.max(1, max - 1);
  const head = Math.ceil(keep / 2);
  return `${name.slice(0, head)}…${name.slice(name.length - (keep - head))}`;
}
