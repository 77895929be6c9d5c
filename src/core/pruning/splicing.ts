// Dynamic Network Surgery (Guo, Yao, Chen 2016) as Distiller's SplicingPruner computes it: two
// thresholds around mean |w| + s * std |w| of the weights seen at the first call (cached), and a
// mask that keeps its previous value between them, so a pruned weight that grows back past the high
// threshold is spliced back in. Use with masks applied on the forward pass only (the dense weights
// keep training), which is what Distiller's `mask_on_forward_only` policy argument does.
import { PruningInputError } from './errors';

export interface SplicingStats {
  /** Mean of |w|. */
  meanAbs: number;
  /** Sample standard deviation (n - 1) of |w|, as torch.std. */
  stdAbs: number;
}

/** Mean and sample std of |w| (Distiller caches them from the first call on the dense weights). */
export function splicingStats(w: ArrayLike<number>): SplicingStats {
  const n = w.length;
  if (n < 2) throw new PruningInputError(`Splicing needs at least 2 weights to measure a std; got ${n}.`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(w[i]);
  const meanAbs = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (Math.abs(w[i]) - meanAbs) ** 2;
  return { meanAbs, stdAbs: Math.sqrt(ss / (n - 1)) };
}

/**
 * The sensitivity at `epoch`: with a multiplier m > 0 it grows linearly from the policy's starting
 * epoch, s * ((epoch - start) * m + 1); otherwise it is s.
 */
export function splicingSensitivity(s: number, multiplier: number, epoch: number, startingEpoch: number): number {
  return multiplier > 0 ? s * ((epoch - startingEpoch) * multiplier + 1) : s;
}

export interface SplicingThresholds {
  low: number;
  high: number;
}

/** a = (mean + s std) * lowMult, b = (mean + s std) * hiMult. */
export function splicingThresholds(
  stats: SplicingStats,
  sensitivity: number,
  lowThreshMult: number,
  hiThreshMult: number,
): SplicingThresholds {
  const base = stats.meanAbs + stats.stdAbs * sensitivity;
  return { low: base * lowThreshMult, high: base * hiThreshMult };
}

/**
 * The network-surgery function h: 0 where |w| < a, 1 where |w| >= b, else the previous mask value
 * (all ones when there is no previous mask). Thresholds are compared in float32, as torch compares
 * a Python float with float32 weights.
 */
export function splicingMask(
  w: ArrayLike<number>,
  previous: Uint8Array | null,
  { low, high }: SplicingThresholds,
): Uint8Array {
  if (previous && previous.length !== w.length)
    throw new PruningInputError(`Previous mask length ${previous.length} does not match weight count ${w.length}.`);
  const a = Math.fround(low);
  const b = Math.fround(high);
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const m = Math.abs(w[i]);
    mask[i] = m < a ? 0 : m >= b ? 1 : previous ? previous[i] : 1;
  }
  return mask;
}
