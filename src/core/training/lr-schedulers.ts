// PyTorch's learning-rate schedulers as Distiller uses them: LRPolicy steps the scheduler at the end
// of each epoch of its policy with epoch = current + 1, so PyTorch computes the closed form of the
// scheduler at that epoch. ReduceLROnPlateau instead reacts to a metric (PlateauLr).
import { parseLrLambda } from './lr-lambda';

export type LrScheduler =
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'multi-step'; milestones: number[]; gamma: number }
  | { kind: 'exponential'; gamma: number }
  /** lrLambda: Python source, "lambda epoch: 0.95 ** epoch" (see parseLrLambda). */
  | { kind: 'lambda'; lrLambda: string }
  | { kind: 'cosine-annealing'; tMax: number; etaMin: number }
  | {
      kind: 'reduce-on-plateau';
      mode: 'min' | 'max';
      factor: number;
      patience: number;
      threshold: number;
      thresholdMode: 'rel' | 'abs';
      cooldown: number;
      minLr: number;
      eps: number;
    };

/**
 * The learning rate at `epoch` in PyTorch's closed form:
 * step: base γ^floor(epoch / step_size); multi-step: base γ^(milestones <= epoch);
 * exponential: base γ^epoch; lambda: base λ(epoch);
 * cosine: η_min + (base - η_min)(1 + cos(π epoch / T_max)) / 2.
 */
export function lrAtEpoch(scheduler: LrScheduler, baseLr: number, epoch: number): number {
  switch (scheduler.kind) {
    case 'step':
      return baseLr * scheduler.gamma ** Math.floor(epoch / scheduler.stepSize);
    case 'multi-step':
      return baseLr * scheduler.gamma ** scheduler.milestones.filter((m) => m <= epoch).length;
    case 'exponential':
      return baseLr * scheduler.gamma ** epoch;
    case 'lambda':
      return baseLr * parseLrLambda(scheduler.lrLambda)(epoch);
    case 'cosine-annealing':
      return scheduler.etaMin + ((baseLr - scheduler.etaMin) * (1 + Math.cos((Math.PI * epoch) / scheduler.tMax))) / 2;
    case 'reduce-on-plateau':
      throw new RangeError('ReduceLROnPlateau has no closed form: it follows a metric (use PlateauLr)');
  }
}

/**
 * The learning rate in force during `epoch` under a Distiller LR policy that steps at the end of
 * each of `policyEpochs`: stepping at epoch p sets lrAtEpoch(p + 1), so the rate during `epoch` is
 * lrAtEpoch(p + 1) for the last policy epoch p < epoch, or lrAtEpoch(0) before the first.
 */
export function scheduledLr(
  scheduler: LrScheduler,
  baseLr: number,
  policyEpochs: readonly number[],
  epoch: number,
): number {
  const stepped = policyEpochs.filter((p) => p < epoch);
  return lrAtEpoch(scheduler, baseLr, stepped.length === 0 ? 0 : Math.max(...stepped) + 1);
}

type Plateau = Extract<LrScheduler, { kind: 'reduce-on-plateau' }>;

/** PyTorch's defaults for ReduceLROnPlateau. */
export const PLATEAU_DEFAULTS: Omit<Plateau, 'kind'> = {
  mode: 'min',
  factor: 0.1,
  patience: 10,
  threshold: 1e-4,
  thresholdMode: 'rel',
  cooldown: 0,
  minLr: 0,
  eps: 1e-8,
};

/** ReduceLROnPlateau, step by step as PyTorch computes it. */
export class PlateauLr {
  private best: number;
  private badEpochs = 0;
  private cooldownLeft = 0;
  lr: number;

  constructor(
    private readonly spec: Plateau,
    baseLr: number,
  ) {
    this.lr = baseLr;
    this.best = spec.mode === 'min' ? Infinity : -Infinity;
  }

  private better(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.spec;
    if (mode === 'min') return thresholdMode === 'rel' ? a < this.best * (1 - threshold) : a < this.best - threshold;
    return thresholdMode === 'rel' ? a > this.best * (threshold + 1) : a > this.best + threshold;
  }

  /** Feeds the epoch's metric; returns the learning rate for the next epoch. */
  step(metric: number): number {
    if (this.better(metric)) {
      this.best = metric;
      this.badEpochs = 0;
    } else this.badEpochs++;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > this.spec.patience) {
      const reduced = Math.max(this.lr * this.spec.factor, this.spec.minLr);
      if (this.lr - reduced > this.spec.eps) this.lr = reduced;
      this.cooldownLeft = this.spec.cooldown;
      this.badEpochs = 0;
    }
    return this.lr;
  }
}
