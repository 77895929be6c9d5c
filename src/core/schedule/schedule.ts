// A pruning schedule in Distiller's shape: named pruner instances, each acting on a set of
// tensors at the epochs its policy names. One-shot and iterative pruning are built from level
// rules; AGP and TF-MOT's polynomial decay compute their target from the epoch.
import { agpPruningEpochs, agpSparsity, assertSparsity, polynomialDecaySparsity } from '../pruning';
import type { ThresholdCriterion } from '../pruning';
import type { LrScheduler } from '../training/lr-schedulers';
import type { GroupRegime, Regularizer } from '../training/regularizers';
import { miniBatchProblem, type MiniBatchArgs } from './mini-batch-args';

export type { MiniBatchArgs } from './mini-batch-args';

/**
 * When a rule prunes. `{start, end, frequency}` follows Distiller (range(start, end, frequency),
 * end exclusive) for every pruner except 'polynomial-decay', where it is TF-MOT's begin_step /
 * end_step / frequency (end inclusive).
 */
export type EpochSpec = { epochs: number[] } | { start: number; end: number; frequency: number };

/** Group of a structured rule (see STRUCTURE_LAYOUT_NOTE: TF.js layouts). */
export type ScheduleGroup = 'filters' | 'channels';

export type PrunerConfig =
  /**
   * Zhu & Gupta as Distiller computes it (AutomatedGradualPruner; with `structure`,
   * L1/L2RankedStructureParameterPruner_AGP).
   */
  | { kind: 'agp'; initialSparsity: number; finalSparsity: number; structure?: AgpStructure }
  /** TF-MOT PolynomialDecay in epochs: s = sf + (si - sf)(1 - p)^power, p = clip((t - begin)/(end - begin), 0, 1). */
  | { kind: 'polynomial-decay'; initialSparsity: number; finalSparsity: number; power: number }
  /** Absolute target sparsity per tensor (SparsityLevelParameterPruner); key '*' = every tensor of the rule. */
  | { kind: 'level'; levels: Record<string, number> }
  /** |w| <= λ pruned (MagnitudeParameterPruner). */
  | { kind: 'magnitude'; thresholds: Record<string, number> }
  /** Han et al.: λ = s · σ, σ the sample std of the DENSE weights, measured once (SensitivityPruner). */
  | { kind: 'sensitivity'; sensitivities: Record<string, number> }
  /**
   * A fraction of the filters or channels, ranked by mean |w| (l1) or RMS (l2) (L1/L2RankedStructureParameterPruner).
   */
  | { kind: 'structured'; group: ScheduleGroup; norm: 'l1' | 'l2'; sparsity: number; groupDependency?: 'leader' }
  /**
   * Distiller's filter pruners that rank by activation statistics (APoZ, mean), Σ w ⊙ grad, chance,
   * or drop filters by a Bernoulli draw; to a fixed fraction of the filters or along an AGP ramp.
   */
  | { kind: 'ranked-filters'; ranking: FilterRanking; target: SparsityTarget; groupDependency?: 'leader' }
  /** Blocks of [repetitions, depth] output x input channels at one kernel position, by mean |w| (group_type Blocks). */
  | { kind: 'blocks'; blockShape: number[]; target: SparsityTarget }
  /** RandomLevelStructureParameterPruner: at each call s ~ U(low, high), then the L1 ranking. */
  | { kind: 'random-level'; group: ScheduleGroup; low: number; high: number; groupDependency?: 'leader' }
  /** Dynamic Network Surgery (SplicingPruner); sensitivities keyed by tensor or '*'. */
  | {
      kind: 'splicing';
      sensitivities: Record<string, number>;
      lowThreshMult: number;
      hiThreshMult: number;
      sensitivityMultiplier: number;
    }
  /** StructureParameterPruner: structures whose norm (by the criterion) is <= the threshold are pruned. */
  | { kind: 'structure-threshold'; regimes: Record<string, GroupRegime>; criterion: ThresholdCriterion }
  /** Narang et al.'s growing magnitude threshold (BaiduRNNPruner), on dense kernels. */
  | { kind: 'baidu-rnn'; q: number; rampEpochOffset: number; rampSlopeMult: number };

export type FilterRanking = 'apoz' | 'mean' | 'gradient' | 'random' | 'bernoulli';
export type SparsityTarget = { sparsity: number } | { initialSparsity: number; finalSparsity: number };

/** The structures of a structured AGP rule; norm defaults to 'l1'. */
export interface AgpStructure {
  group: ScheduleGroup;
  norm?: 'l1' | 'l2';
  /** Distiller's group_dependency: Leader: the rule's first tensor is ranked, its choice applies to all. */
  groupDependency?: 'leader';
}

/** A regularizer active at the policy's epochs; its maps are keyed by model tensor names. */
export interface RegularizerRule {
  name: string;
  regularizer: Regularizer;
  when: EpochSpec;
  /** Distiller's keep_mask: the threshold mask of the last mini-batch of the last epoch stays. */
  keepMask: boolean;
}

/** An LR scheduler stepped at the end of each of the policy's epochs (Distiller's LRPolicy). */
export interface LrSchedulerRule {
  name: string;
  scheduler: LrScheduler;
  when: EpochSpec;
}

/** Thinning (Distiller's FilterRemover / ChannelRemover) at the start of each of the policy's epochs. */
export interface ThinningRule {
  name: string;
  removes: 'filters' | 'channels';
  when: EpochSpec;
  /** Distiller's arch and dataset arguments, as written. */
  arch?: string;
  dataset?: string;
}

export interface ScheduleRule {
  /** Instance name (Distiller's pruner key). */
  name: string;
  pruner: PrunerConfig;
  /** Model tensor names ("fc1/kernel"); '*' = every prunable tensor of the model. */
  tensors: string[] | '*';
  when: EpochSpec;
  miniBatch?: MiniBatchArgs;
}

export interface Schedule {
  rules: ScheduleRule[];
  /** Carried from a Distiller schedule; runSchedule does not apply them yet. */
  regularizers?: RegularizerRule[];
  lrSchedulers?: LrSchedulerRule[];
  thinning?: ThinningRule[];
  /** Suggested number of epochs (e.g. what an iterative schedule needs); callers may override. */
  epochs?: number;
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

function checkEpochSpec(when: EpochSpec, rule: string): void {
  if ('epochs' in when) {
    if (when.epochs.length === 0) throw new ScheduleError(`rule "${rule}": epochs is empty`);
    for (const e of when.epochs)
      if (!Number.isInteger(e) || e < 0) throw new ScheduleError(`rule "${rule}": epoch ${e} is not an integer >= 0`);
  } else {
    const { start, end, frequency } = when;
    if (!Number.isInteger(start) || start < 0)
      throw new ScheduleError(`rule "${rule}": starting epoch must be an integer >= 0; got ${start}`);
    if (!Number.isInteger(end) || end <= start)
      throw new ScheduleError(`rule "${rule}": ending epoch must be an integer > starting epoch ${start}; got ${end}`);
    if (!Number.isInteger(frequency) || frequency < 1)
      throw new ScheduleError(`rule "${rule}": frequency must be an integer >= 1; got ${frequency}`);
  }
}

/** Checks every number of a schedule; throws ScheduleError naming the rule and field. */
export function validateSchedule(schedule: Schedule): void {
  const names = new Set<string>();
  for (const rule of schedule.rules) {
    if (names.has(rule.name)) throw new ScheduleError(`two rules are named "${rule.name}"`);
    names.add(rule.name);
    checkEpochSpec(rule.when, rule.name);
    const p = rule.pruner;
    const sparsity = (s: number, field: string) => {
      try {
        assertSparsity(s, field);
      } catch (e) {
        throw new ScheduleError(`rule "${rule.name}": ${(e as Error).message}`);
      }
    };
    if (p.kind === 'agp' || p.kind === 'polynomial-decay') {
      sparsity(p.initialSparsity, 'initial sparsity');
      sparsity(p.finalSparsity, 'final sparsity');
      if (!('start' in rule.when))
        throw new ScheduleError(
          `rule "${rule.name}": ${p.kind} needs a starting epoch, ending epoch and frequency, not an epoch list`,
        );
      if (p.kind === 'agp') {
        const { start, end, frequency } = rule.when;
        if (Math.floor((end - start - 1) / frequency) * frequency <= 0) {
          throw new ScheduleError(
            `rule "${rule.name}": AGP span floor((ending - starting - 1) / frequency) * frequency is 0 for ` +
              `starting ${start}, ending ${end}, frequency ${frequency}; widen the epoch range`,
          );
        }
      } else if (!(p.power > 0)) throw new ScheduleError(`rule "${rule.name}": power must be > 0; got ${p.power}`);
    } else if (p.kind === 'level') Object.entries(p.levels).forEach(([k, v]) => sparsity(v, `level of ${k}`));
    else if (p.kind === 'structured') sparsity(p.sparsity, 'structured sparsity');
    else if (p.kind === 'ranked-filters' || p.kind === 'blocks') {
      if ('sparsity' in p.target) sparsity(p.target.sparsity, 'filter sparsity');
      else {
        sparsity(p.target.initialSparsity, 'initial sparsity');
        sparsity(p.target.finalSparsity, 'final sparsity');
        if (!('start' in rule.when))
          throw new ScheduleError(`rule "${rule.name}": an AGP ramp needs starting/ending epoch and frequency`);
      }
    } else if (p.kind === 'random-level') {
      sparsity(p.low, 'low sparsity');
      sparsity(p.high, 'high sparsity');
      if (p.low > p.high) throw new ScheduleError(`rule "${rule.name}": sparsity range [${p.low}, ${p.high}] is empty`);
    } else if (p.kind === 'baidu-rnn') {
      if (!('start' in rule.when))
        throw new ScheduleError(`rule "${rule.name}": baidu-rnn needs starting/ending epoch and frequency`);
    } else if (p.kind === 'splicing' || p.kind === 'structure-threshold') {
      const values = p.kind === 'splicing' ? p.sensitivities : mapValues(p.regimes, (r) => r.value);
      for (const [k, v] of Object.entries(values))
        if (!Number.isFinite(v) || v < 0)
          throw new ScheduleError(`rule "${rule.name}": the value of ${k} must be a number >= 0; got ${v}`);
    } else {
      const values = p.kind === 'magnitude' ? p.thresholds : p.sensitivities;
      for (const [k, v] of Object.entries(values)) {
        if (!Number.isFinite(v) || v < 0)
          throw new ScheduleError(
            `rule "${rule.name}": ${p.kind === 'magnitude' ? 'threshold' : 'sensitivity'} of ${k} must be a ` +
              `number >= 0; got ${v}`,
          );
      }
    }
    const bad = rule.miniBatch && miniBatchProblem(rule.miniBatch);
    if (bad) throw new ScheduleError(`rule "${rule.name}": ${bad}`);
    if (rule.tensors !== '*' && rule.tensors.length === 0)
      throw new ScheduleError(`rule "${rule.name}" names no tensors`);
  }
}

function mapValues<T>(m: Record<string, T>, f: (v: T) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}

/** The epochs a rule prunes at, ascending. */
export function ruleEpochs(rule: ScheduleRule): number[] {
  const when = rule.when;
  if ('epochs' in when) return [...new Set(when.epochs)].sort((a, b) => a - b);
  if (rule.pruner.kind === 'polynomial-decay') {
    const out: number[] = [];
    for (let t = when.start; t <= when.end; t += when.frequency) out.push(t);
    return out;
  }
  return agpPruningEpochs({ t0: when.start, tEnd: when.end, freq: when.frequency });
}

/** Per-tensor value of a map pruner: the tensor's own key, else '*'. */
function perTensor(values: Record<string, number>, tensor: string): number | undefined {
  return values[tensor] ?? values['*'];
}

/** The tensors a rule acts on, given the model's prunable tensor names. */
export function ruleTensors(rule: ScheduleRule, modelTensors: readonly string[]): string[] {
  let names: string[];
  if (rule.tensors === '*') names = [...modelTensors];
  else {
    for (const t of rule.tensors) {
      if (!modelTensors.includes(t))
        throw new ScheduleError(
          `rule "${rule.name}" names "${t}", which is not a prunable tensor of this model (${modelTensors.join(', ')})`,
        );
    }
    names = rule.tensors;
  }
  const p = rule.pruner;
  const keyed =
    p.kind === 'level'
      ? p.levels
      : p.kind === 'magnitude'
        ? p.thresholds
        : p.kind === 'sensitivity' || p.kind === 'splicing'
          ? p.sensitivities
          : p.kind === 'structure-threshold'
            ? mapValues(p.regimes, (r) => r.value)
            : null;
  if (keyed) names = names.filter((t) => perTensor(keyed, t) !== undefined);
  return names;
}

/**
 * The sparsity a rule asks of `tensor` at `epoch` (a pruning epoch of the rule): element sparsity,
 * or for structured rules the fraction of structures. Magnitude and sensitivity rules have no
 * target of their own (it depends on the weights): null.
 */
export function ruleTarget(rule: ScheduleRule, tensor: string, epoch: number): number | null {
  const p = rule.pruner;
  switch (p.kind) {
    case 'agp': {
      const w = rule.when as { start: number; end: number; frequency: number };
      return agpSparsity(epoch, {
        si: p.initialSparsity,
        sf: p.finalSparsity,
        t0: w.start,
        tEnd: w.end,
        freq: w.frequency,
      });
    }
    case 'polynomial-decay': {
      const w = rule.when as { start: number; end: number };
      return polynomialDecaySparsity(epoch, {
        si: p.initialSparsity,
        sf: p.finalSparsity,
        begin: w.start,
        end: w.end,
        power: p.power,
      });
    }
    case 'level':
      return perTensor(p.levels, tensor) ?? null;
    case 'structured':
      return p.sparsity;
    case 'blocks':
    case 'ranked-filters': {
      if ('sparsity' in p.target) return p.target.sparsity;
      const w = rule.when as { start: number; end: number; frequency: number };
      return agpSparsity(epoch, {
        si: p.target.initialSparsity,
        sf: p.target.finalSparsity,
        t0: w.start,
        tEnd: w.end,
        freq: w.frequency,
      });
    }
    default:
      return null;
  }
}
