// Figures on a logits array: top-1/top-5 accuracy and cross-entropy, and largest differences.
import type { LabelledImages, Metrics } from '../src/core/types';

/** Top-1/top-5 accuracy (percent) and mean cross-entropy (nats) of logits rows against the labels. */
export function metricsFromLogits(logits: Float32Array, ds: LabelledImages): Metrics {
  const classes = ds.numClasses;
  let top1 = 0;
  let top5 = 0;
  let loss = 0;
  for (let i = 0; i < ds.n; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const target = row[ds.labels[i]];
    let above = 0;
    let max = -Infinity;
    for (const v of row) {
      if (v > target) above++;
      if (v > max) max = v;
    }
    if (above < 1) top1++;
    if (above < 5) top5++;
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    loss += Math.log(sum) + max - target;
  }
  return { top1: (100 * top1) / ds.n, top5: (100 * top5) / ds.n, loss: loss / ds.n, n: ds.n };
}

export function maxProbeDiff(logits: Float32Array, probe: number[][]): number {
  let diff = 0;
  probe.forEach((row, i) => row.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - logits[i * row.length + j])))));
  return diff;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  return diff;
}

export const round = (v: number, digits: number) => Number(v.toFixed(digits));
