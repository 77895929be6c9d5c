// What a schedule will ask of each tensor at each epoch, computed before anything runs (for the
// live preview chart). Masks only grow within a run, so a tensor's target at an epoch is the
// largest target any rule has set for it so far.
import { magnitudeMask, sampleStd, sensitivityThreshold } from '../pruning';
import { ruleEpochs, ruleTarget, ruleTensors, validateSchedule, type Schedule } from './schedule';

export interface TensorPreview {
  name: string;
  /**
   * Target sparsity at the start of each epoch 0..epochs-1 (after that epoch's pruning); null = depends on weights not
   * given.
   */
  targets: (number | null)[];
  /** Epochs at which some rule prunes this tensor (within 0..epochs-1). */
  pruneEpochs: number[];
}

export interface SchedulePreview {
  epochs: number;
  tensors: TensorPreview[];
}

export interface PreviewModel {
  /** The model's prunable tensor names, in model order. */
  tensors: readonly string[];
  /** Dense weights: lets magnitude and sensitivity rules show the sparsity they would reach. */
  dense?: ReadonlyMap<string, ArrayLike<number>>;
}

function fractionPruned(mask: Uint8Array): number {
  let pruned = 0;
  for (let i = 0; i < mask.length; i++) if (!mask[i]) pruned++;
  return mask.length ? pruned / mask.length : 0;
}

/**
 * Per tensor, per epoch target sparsity. Without `model`, '*' rules show as one row named '*'.
 * Magnitude/sensitivity targets are measured on the dense weights when given (else null).
 */
export function previewSchedule(schedule: Schedule, epochs: number, model?: PreviewModel): SchedulePreview {
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be an integer >= 0; got ${epochs}`);
  validateSchedule(schedule);
  const rows = new Map<string, TensorPreview>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) {
      r = { name, targets: new Array<number | null>(epochs).fill(0), pruneEpochs: [] };
      rows.set(name, r);
    }
    return r;
  };
  for (const name of model?.tensors ?? []) row(name);
  const known = model?.tensors;
  // step targets per tensor: epoch -> targets set at that epoch
  const steps = new Map<string, Map<number, (number | null)[]>>();
  for (const rule of schedule.rules) {
    const tensors = known ? ruleTensors(rule, known) : rule.tensors === '*' ? ['*'] : rule.tensors;
    for (const t of tensors) {
      for (const e of ruleEpochs(rule)) {
        if (e >= epochs) continue;
        let target = ruleTarget(rule, t, e);
        const p = rule.pruner;
        const w = model?.dense?.get(t);
        if (target === null && w && (p.kind === 'magnitude' || p.kind === 'sensitivity')) {
          const values = p.kind === 'magnitude' ? p.thresholds : p.sensitivities;
          const v = (values[t] ?? values['*']) as number;
          const lambda = p.kind === 'magnitude' ? v : sensitivityThreshold(v, sampleStd(w));
          target = fractionPruned(magnitudeMask(w, lambda));
        }
        const byEpoch = steps.get(t) ?? new Map<number, (number | null)[]>();
        steps.set(t, byEpoch);
        byEpoch.set(e, [...(byEpoch.get(e) ?? []), target]);
      }
    }
  }
  for (const [t, byEpoch] of steps) {
    const r = row(t);
    let current: number | null = 0;
    for (let e = 0; e < epochs; e++) {
      const set = byEpoch.get(e);
      if (set) {
        r.pruneEpochs.push(e);
        for (const v of set) current = v === null || current === null ? null : Math.max(current, v);
      }
      r.targets[e] = current;
    }
  }
  return { epochs, tensors: [...rows.values()] };
}
