// Scales and ticks of the weight histogram's SVG: a linear weight axis over the bin edges, and a
// linear or log count axis. A log axis starts at 0.5 so that a bin holding one weight still shows.

export type CountScale = 'linear' | 'log';

/** Maps [d0, d1] to [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** About `count` round ticks (1, 2 or 5 × 10^k apart, as d3's) inside [min, max], and the decimals they need. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; step: number; decimals: number } {
  if (!(max > min)) return { ticks: [min], step: 0, decimals: 3 };
  const raw = (max - min) / count;
  let step = 10 ** Math.floor(Math.log10(raw));
  const err = raw / step;
  step *= err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++)
    ticks.push(Number((i * step).toFixed(decimals)) || 0);
  return { ticks, step, decimals };
}

/** The count axis: where a count sits between `bottom` and `top` pixels, and its ticks. */
export function countAxis(
  kind: CountScale,
  maxCount: number,
  bottom: number,
  top: number,
): { y: (count: number) => number; ticks: number[] } {
  if (kind === 'linear') {
    const { ticks, step } = niceTicks(0, Math.max(1, maxCount), 4);
    // the axis ends on a tick at or above the tallest bin
    if (ticks[ticks.length - 1] < maxCount) ticks.push(ticks[ticks.length - 1] + step);
    return { y: linear(0, ticks[ticks.length - 1], bottom, top), ticks };
  }
  const decades = Math.max(1, Math.ceil(Math.log10(Math.max(1, maxCount))));
  const ticks = Array.from({ length: decades + 1 }, (_, i) => 10 ** i);
  const toY = linear(Math.log10(0.5), decades, bottom, top);
  return { y: (c) => (c <= 0 ? bottom : toY(Math.log10(c))), ticks };
}
