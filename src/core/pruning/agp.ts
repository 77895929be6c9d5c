import { PruningInputError } from './errors';

/** Distiller AutomatedGradualPruner policy: prune at t0, t0 + freq, ... < tEnd. */
export interface AgpSchedule {
  si: number;
  sf: number;
  t0: number;
  tEnd: number;
  freq: number;
}

function agpSpan({ t0, tEnd, freq }: AgpSchedule): number {
  if (!Number.isInteger(freq) || freq < 1)
    throw new PruningInputError(`AGP frequency must be an integer >= 1; got ${freq}.`);
  const span = Math.floor((tEnd - t0 - 1) / freq) * freq;
  if (!(span > 0)) {
    throw new PruningInputError(
      `AGP schedule too short: span = floor((ending_epoch - starting_epoch - 1) / frequency) * frequency = ` +
        `${span} (starting ${t0}, ending ${tEnd}, frequency ${freq}); it must be > 0.`,
    );
  }
  return span;
}

/**
 * Zhu & Gupta's cubic schedule as Distiller computes it: s_t = sf + (si - sf)(1 - (t - t0)/span)^3,
 * span = floor((tEnd - t0 - 1)/freq) * freq, so sf is reached exactly at t0 + span. Outside
 * [t0, t0 + span] (where Distiller never evaluates it) the value is held at si or sf.
 */
export function agpSparsity(t: number, schedule: AgpSchedule): number {
  const span = agpSpan(schedule);
  const { si, sf, t0 } = schedule;
  const p = Math.min(1, Math.max(0, (t - t0) / span));
  return sf + (si - sf) * (1 - p) ** 3;
}

/** The epochs a Distiller policy prunes at: range(t0, tEnd, freq). */
export function agpPruningEpochs(schedule: Pick<AgpSchedule, 't0' | 'tEnd' | 'freq'>): number[] {
  const { t0, tEnd, freq } = schedule;
  if (!Number.isInteger(freq) || freq < 1)
    throw new PruningInputError(`AGP frequency must be an integer >= 1; got ${freq}.`);
  const epochs: number[] = [];
  for (let t = t0; t < tEnd; t += freq) epochs.push(t);
  return epochs;
}

/** TF-MOT PolynomialDecay, in steps. */
export interface PolynomialDecaySchedule {
  si: number;
  sf: number;
  begin: number;
  end: number;
  power?: number;
  /** Steps between mask updates (TF-MOT default 100); only used by polynomialDecayShouldPrune. */
  frequency?: number;
}

/** s = sf + (si - sf)(1 - p)^power, p = clip((step - begin)/(end - begin), 0, 1). */
export function polynomialDecaySparsity(step: number, schedule: PolynomialDecaySchedule): number {
  const { si, sf, begin, end } = schedule;
  const power = schedule.power ?? 3;
  if (!(end > begin))
    throw new PruningInputError(`PolynomialDecay needs end_step > begin_step; got begin ${begin}, end ${end}.`);
  const p = Math.min(1, Math.max(0, (step - begin) / (end - begin)));
  return sf + (si - sf) * (1 - p) ** power;
}

/** TF-MOT's update rule: prune at begin, begin + frequency, ... while step <= end. */
export function polynomialDecayShouldPrune(step: number, schedule: PolynomialDecaySchedule): boolean {
  const frequency = schedule.frequency ?? 100;
  return step >= schedule.begin && step <= schedule.end && (step - schedule.begin) % frequency === 0;
}
