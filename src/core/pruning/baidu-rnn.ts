// Narang et al. 2017 ("Exploring Sparsity in Recurrent Neural Networks") as Distiller's
// BaiduRNNPruner computes it, per epoch rather than per training step: a magnitude threshold that
// grows linearly, with a steeper slope after the ramp epoch; |w| <= threshold is pruned.
import { PruningInputError } from './errors';

export interface BaiduRnnSchedule {
  /** q of equation (1): the threshold the schedule builds up to, in weight units. */
  q: number;
  /** Epochs after the starting epoch before the slope becomes rampSlopeMult times steeper. */
  rampEpochOffset: number;
  rampSlopeMult: number;
  startingEpoch: number;
  endingEpoch: number;
  frequency: number;
}

/**
 * ε at `epoch`: start_slope = 2 q freq / (2 (ramp - start) + 3 (end - ramp)), ramp_slope =
 * start_slope * rampSlopeMult, ramp = start + rampEpochOffset; before the ramp ε = start_slope
 * (epoch - start + 1) / freq, from it on ε = (start_slope (ramp - start + 1) + ramp_slope (epoch -
 * ramp + 1)) / freq.
 */
export function baiduRnnThreshold(epoch: number, s: BaiduRnnSchedule): number {
  if (!(s.frequency >= 1)) throw new PruningInputError(`BaiduRNNPruner frequency must be >= 1; got ${s.frequency}.`);
  const ramp = s.rampEpochOffset + s.startingEpoch;
  const denominator = 2 * (ramp - s.startingEpoch) + 3 * (s.endingEpoch - ramp);
  if (denominator === 0)
    throw new PruningInputError('BaiduRNNPruner: 2 (ramp - start) + 3 (end - ramp) is 0; the slope is undefined.');
  const startSlope = (2 * s.q * s.frequency) / denominator;
  const rampSlope = startSlope * s.rampSlopeMult;
  if (epoch < ramp) return (startSlope * (epoch - s.startingEpoch + 1)) / s.frequency;
  return (startSlope * (ramp - s.startingEpoch + 1) + rampSlope * (epoch - ramp + 1)) / s.frequency;
}
