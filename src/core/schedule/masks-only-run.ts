// A schedule on a model that cannot train (an ONNX model): the pruning policies act at each of their
// epochs on the weights as pruned so far, with Distiller's semantics, and there is no fine-tuning in
// between, so regularizers and LR schedulers have nothing to act on (the run says so in its notes).
// Rankings that need activations or gradients of the training data are refused.
import { sampleStd, splicingStats, type SplicingStats, type TensorLayout } from '../pruning';
import type { Convention } from '../types';
import { mergeRuleMask, ruleMasks, type MaskContext, type RuleTensor } from './rule-masks';
import { ruleEpochs, ruleTensors, ScheduleError, validateSchedule, type Schedule } from './schedule';

export interface DenseTensor {
  name: string;
  layout: TensorLayout;
  /** The dense weights in the layout's order; never changed. */
  values: Float32Array;
}

export interface MasksOnlyStep {
  epoch: number;
  rules: string[];
  /** Fraction of pruned elements per tensor after the epoch's policies. */
  sparsity: Record<string, number>;
  totalSparsity: number;
}

export interface MasksOnlyResult {
  masks: Map<string, Uint8Array>;
  steps: MasksOnlyStep[];
  /** What the run did not do, in words (no fine-tuning, so no regularizer and no LR scheduler acted). */
  notes: string[];
}

export const NO_FINE_TUNING_NOTE =
  'this model cannot train: the pruning policies act at their epochs with no fine-tuning in between';

export async function runMasksOnly(
  tensors: readonly DenseTensor[],
  schedule: Schedule,
  opts: {
    epochs: number;
    convention?: Convention;
    seed?: number;
    initialMasks?: ReadonlyMap<string, Uint8Array>;
    /** After each pruning epoch, with the masks then in force (awaited: e.g. to evaluate them). */
    onStep?: (step: MasksOnlyStep, masks: ReadonlyMap<string, Uint8Array>) => Promise<void> | void;
  },
): Promise<MasksOnlyResult> {
  validateSchedule(schedule);
  const names = tensors.map((t) => t.name);
  const masks = new Map<string, Uint8Array>([...(opts.initialMasks ?? new Map())].map(([k, v]) => [k, v.slice()]));
  const current = (t: DenseTensor) => {
    const m = masks.get(t.name);
    return m ? t.values.map((v, i) => (m[i] ? v : 0)) : t.values;
  };
  const refs = new Map<string, RuleTensor>(
    tensors.map((t) => [t.name, { name: t.name, layout: t.layout, read: async () => current(t) }]),
  );
  const plan = schedule.rules.map((rule) => {
    const p = rule.pruner;
    if (p.kind === 'ranked-filters' && ['apoz', 'mean', 'gradient'].includes(p.ranking))
      throw new ScheduleError(
        `rule "${rule.name}" ranks filters by ${p.ranking === 'gradient' ? 'gradients' : 'activations'} of the ` +
          'training data, which needs a model that can train',
      );
    return { rule, tensors: ruleTensors(rule, names), epochs: new Set(ruleEpochs(rule)) };
  });
  const notes = [NO_FINE_TUNING_NOTE];
  for (const r of schedule.regularizers ?? []) notes.push(`regularizer "${r.name}" acts on fine-tuning: not applied`);
  for (const r of schedule.lrSchedulers ?? []) notes.push(`LR scheduler "${r.name}" acts on fine-tuning: not applied`);
  for (const r of schedule.thinning ?? [])
    notes.push(`thinning "${r.name}" needs a model that trains and thins (TF.js layers): not applied`);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const dense = new Map<string, number>();
  const spliced = new Map<string, SplicingStats>();
  const steps: MasksOnlyStep[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const ctx: MaskContext = {
      epoch,
      convention: opts.convention ?? 'distiller',
      seed: opts.seed ?? 0,
      denseStd: async (name) => {
        if (!dense.has(name)) dense.set(name, sampleStd((byName.get(name) as DenseTensor).values));
        return dense.get(name) as number;
      },
      splicingStats: async (rule, name) => {
        const key = `${rule}/${name}`;
        if (!spliced.has(key)) spliced.set(key, splicingStats(current(byName.get(name) as DenseTensor)));
        return spliced.get(key) as SplicingStats;
      },
      channelStats: () => Promise.reject(new ScheduleError('activation statistics need a model that can train')),
      gradient: () => Promise.reject(new ScheduleError('gradients need a model that can train')),
    };
    const fired: string[] = [];
    for (const { rule, tensors: ts, epochs } of plan) {
      if (!epochs.has(epoch)) continue;
      fired.push(rule.name);
      const fresh = await ruleMasks(
        rule,
        ts.map((n) => refs.get(n) as RuleTensor),
        ctx,
        masks,
      );
      for (const [name, m] of fresh) masks.set(name, mergeRuleMask(masks.get(name), m));
    }
    if (fired.length === 0) continue;
    const sparsity: Record<string, number> = {};
    let zeros = 0;
    let numel = 0;
    for (const t of tensors) {
      const m = masks.get(t.name);
      const z = m ? m.length - m.reduce((a, b) => a + b, 0) : 0;
      sparsity[t.name] = z / t.values.length;
      zeros += z;
      numel += t.values.length;
    }
    const step = { epoch, rules: fired, sparsity, totalSparsity: numel ? zeros / numel : 0 };
    steps.push(step);
    await opts.onStep?.(step, masks);
  }
  return { masks, steps, notes };
}
