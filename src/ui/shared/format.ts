export const int = (n: number) => n.toLocaleString('en-US');
export const pct = (x: number, digits = 2) => `${x.toFixed(digits)}%`;
export const frac = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
export const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
export const shape = (s: number[]) => s.join('×');
export const ms = (t: number) => (t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(2)} s`);
