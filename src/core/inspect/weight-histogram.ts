// One tensor's histogram view for the inspect panel: dense counts and kept counts on fixed bins over
// the dense range, and the threshold line ±λ of the method in force.
import type { TensorMethod } from '../plan/plan';
import { histogramCounts, type BinnedCounts } from './histogram';
import { thresholdLine, type ThresholdLine } from './threshold-line';

/** Bins of the inspect panel's histogram. */
export const HISTOGRAM_BINS = 64;

export interface WeightHistogram extends BinnedCounts {
  name: string;
  shape: number[];
  /** weights in the tensor */
  total: number;
  /** weights the mask keeps (all of them when there is no mask) */
  keptTotal: number;
  line: ThresholdLine;
}

export function weightHistogram(
  tensor: { name: string; shape: readonly number[] },
  dense: Float32Array,
  mask: Uint8Array | null,
  method: TensorMethod,
  bins = HISTOGRAM_BINS,
): WeightHistogram {
  const counts = histogramCounts(dense, bins, mask);
  let keptTotal = dense.length;
  if (mask) {
    keptTotal = 0;
    for (let i = 0; i < mask.length; i++) keptTotal += mask[i];
  }
  return {
    name: tensor.name,
    shape: [...tensor.shape],
    ...counts,
    total: dense.length,
    keptTotal,
    line: thresholdLine(dense, mask, method),
  };
}
