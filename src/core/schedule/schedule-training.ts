// The parts of a Distiller schedule that act on fine-tuning rather than on masks: regularizers
// (a term of the loss during their policy's epochs, and the threshold masks some of them set) and
// LR schedulers (the learning rate of each epoch; a schedule's scheduler decides it, not a default).
import * as tf from '@tensorflow/tfjs';
import { andMasks, type TensorLayout } from '../pruning';
import { PlateauLr, scheduledLr } from '../training/lr-schedulers';
import { regularizationLoss, regularizerThresholdMask } from '../training/regularizers';
import { ScheduleError, type EpochSpec, type LrSchedulerRule, type RegularizerRule, type Schedule } from './schedule';

/** range(start, end, frequency) or the listed epochs, ascending. */
export function policyEpochs(when: EpochSpec): number[] {
  if ('epochs' in when) return [...new Set(when.epochs)].sort((a, b) => a - b);
  const out: number[] = [];
  for (let e = when.start; e < when.end; e += when.frequency) out.push(e);
  return out;
}

export class ScheduleTraining {
  private active: RegularizerRule[] = [];
  private readonly lr: LrSchedulerRule | null;
  private readonly plateau: PlateauLr | null;

  constructor(
    private readonly schedule: Schedule,
    private variables: ReadonlyMap<string, tf.Variable>,
    private readonly baseLr: number,
  ) {
    const schedulers = schedule.lrSchedulers ?? [];
    if (schedulers.length > 1)
      throw new ScheduleError(
        `one LR scheduler at a time; this schedule has ${schedulers.map((s) => s.name).join(', ')}`,
      );
    this.lr = schedulers[0] ?? null;
    const spec = this.lr?.scheduler;
    this.plateau = spec?.kind === 'reduce-on-plateau' ? new PlateauLr(spec, baseLr) : null;
  }

  /** The model was thinned: the regularizers act on its new variables. */
  rebind(variables: ReadonlyMap<string, tf.Variable>): void {
    this.variables = variables;
  }

  get hasRegularizers(): boolean {
    return this.regularizers.length > 0;
  }

  private get regularizers(): RegularizerRule[] {
    return this.schedule.regularizers ?? [];
  }

  /** The sum of the active regularizers' terms over the model's variables (inside the tape). */
  readonly extraLoss = (): tf.Scalar =>
    tf.tidy(() =>
      this.active.reduce<tf.Scalar>(
        (sum, r) => tf.add(sum, regularizationLoss(r.regularizer, this.variables)),
        tf.scalar(0),
      ),
    );

  /** Activates the regularizers of `epoch`; returns the epoch's learning rate, or null to keep the optimizer's. */
  beginEpoch(epoch: number): number | null {
    this.active = this.regularizers.filter((r) => policyEpochs(r.when).includes(epoch));
    if (!this.lr) return null;
    if (this.plateau) return this.plateau.lr;
    return scheduledLr(this.lr.scheduler, this.baseLr, policyEpochs(this.lr.when), epoch);
  }

  /** ReduceLROnPlateau reads the test loss of its policy's epochs (Distiller feeds it the validation loss). */
  observe(epoch: number, testLoss: number): void {
    if (this.plateau && this.lr && policyEpochs(this.lr.when).includes(epoch)) this.plateau.step(testLoss);
  }

  /** The active regularizers' loss on the current weights (undefined when none is active). */
  async regularizationLoss(): Promise<number | undefined> {
    if (this.active.length === 0) return undefined;
    const value = this.extraLoss();
    try {
      return (await value.data())[0];
    } finally {
      value.dispose();
    }
  }

  /**
   * After an epoch: regularizers with threshold_criteria zero the structures under their threshold;
   * with keep_mask, at the policy's last epoch that zeroing becomes a mask of the run. True when
   * any weight or mask changed.
   */
  async endEpoch(
    epoch: number,
    layouts: ReadonlyMap<string, TensorLayout>,
    masks: Map<string, Uint8Array>,
  ): Promise<boolean> {
    let changed = false;
    for (const r of this.active) {
      const last = Math.max(...policyEpochs(r.when)) === epoch;
      for (const [name, layout] of layouts) {
        const v = this.variables.get(name);
        if (!v) continue;
        const keep = regularizerThresholdMask(r.regularizer, name, await v.data(), layout);
        if (!keep) continue;
        tf.tidy(() => v.assign(tf.mul(v, tf.tensor(Float32Array.from(keep), v.shape))));
        changed = true;
        if (r.keepMask && last) {
          const old = masks.get(name);
          masks.set(name, old ? andMasks(old, keep) : keep);
        }
      }
    }
    return changed;
  }
}
