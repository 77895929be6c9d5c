// The mask one schedule rule asks of each of its tensors at a pruning epoch, computed on the
// tensors' CURRENT weights, with Distiller's semantics per pruner class. Rules that rank structures
// honour group_dependency Leader: the first tensor's choice of structures applies to all of them.
import {
  activationRankedFiltersToPrune,
  andMasks,
  baiduRnnThreshold,
  bernoulliFilterMask,
  blockMask,
  gradientRankedFiltersToPrune,
  groupThresholdMask,
  levelMask,
  magnitudeMask,
  maskFromStructures,
  mulberry32,
  randomFiltersToPrune,
  sensitivityThreshold,
  splicingMask,
  splicingSensitivity,
  splicingThresholds,
  structureGroupFor,
  structuredMask,
  type SplicingStats,
  type StructureGroup,
  type TensorLayout,
} from '../pruning';
import type { ChannelStats } from '../training/activation-stats';
import type { Convention } from '../types';
import { ruleTarget, type PrunerConfig, type ScheduleRule } from './schedule';

export interface RuleTensor {
  name: string;
  layout: TensorLayout;
  /** The current (masked, fine-tuned) weights. */
  read(): Promise<Float32Array>;
}

/** What some pruners need beyond the weights; each is measured when a rule first asks for it. */
export interface MaskContext {
  epoch: number;
  convention: Convention;
  seed: number;
  /** Sample std of the tensor's dense weights (SensitivityPruner), measured once per run. */
  denseStd(name: string): Promise<number>;
  /** Mean and std of |w| at the rule's first call (SplicingPruner), cached per rule and tensor. */
  splicingStats(rule: string, name: string): Promise<SplicingStats>;
  /** APoZ and mean of the tensor's output channels on the training data. */
  channelStats(name: string): Promise<ChannelStats>;
  /** d loss / d w on the training data. */
  gradient(name: string): Promise<Float32Array>;
}

export interface RuleMask {
  mask: Uint8Array;
  /** The mask replaces the old one instead of being ANDed with it (splicing: weights come back). */
  replace?: boolean;
  /** DropFilter: kept filters are multiplied by F / kept once, as Distiller's rescaled mask does. */
  scale?: number;
}

/** A per-rule, per-call seed: the same run draws the same masks. */
function seedOf(ctx: MaskContext, rule: string, name: string): number {
  let h = (ctx.seed ^ Math.imul(ctx.epoch + 1, 0x9e3779b1)) >>> 0;
  for (const c of `${rule}/${name}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** The structures a rule ranks and prunes (null: the rule is element-wise). */
function rankedGroup(p: PrunerConfig): StructureGroup | null {
  if (p.kind === 'structured' || p.kind === 'random-level') return p.group;
  if (p.kind === 'agp' && p.structure) return p.structure.group;
  if (p.kind === 'ranked-filters') return 'filters';
  return null;
}

function leaderOf(p: PrunerConfig): boolean {
  if (p.kind === 'agp') return p.structure?.groupDependency === 'leader';
  return 'groupDependency' in p && p.groupDependency === 'leader';
}

/** The indices of the structures `rule` prunes in tensor `t`, and a DropFilter scale. */
async function prunedStructures(
  rule: ScheduleRule,
  t: RuleTensor,
  group: StructureGroup,
  ctx: MaskContext,
): Promise<{ pruned: number[]; scale?: number }> {
  const p = rule.pruner;
  const seed = seedOf(ctx, rule.name, t.name);
  if (p.kind === 'random-level') {
    const s = p.low + (p.high - p.low) * mulberry32(seed)();
    return { pruned: structuredMask(await t.read(), t.layout, group, s, { convention: ctx.convention }).pruned };
  }
  const s = ruleTarget(rule, t.name, ctx.epoch) as number;
  if (p.kind !== 'ranked-filters') {
    const norm = p.kind === 'structured' ? p.norm : p.kind === 'agp' ? (p.structure?.norm ?? 'l1') : 'l1';
    return { pruned: structuredMask(await t.read(), t.layout, group, s, { norm, convention: ctx.convention }).pruned };
  }
  const count = t.layout.shape[t.layout.axes.out];
  switch (p.ranking) {
    case 'apoz':
      return { pruned: activationRankedFiltersToPrune((await ctx.channelStats(t.name)).apoz, s) };
    case 'mean':
      return { pruned: activationRankedFiltersToPrune((await ctx.channelStats(t.name)).mean, s) };
    case 'gradient':
      return { pruned: gradientRankedFiltersToPrune(await t.read(), await ctx.gradient(t.name), t.layout, s) };
    case 'random':
      return { pruned: randomFiltersToPrune(count, s, seed) };
    case 'bernoulli': {
      const drawn = bernoulliFilterMask(t.layout, s, seed);
      if (!drawn) return { pruned: [] };
      const kept = drawn.kept.reduce((a, b) => a + b, 0);
      return { pruned: [...drawn.kept.keys()].filter((j) => !drawn.kept[j]), scale: kept ? count / kept : 0 };
    }
  }
}

async function elementMask(rule: ScheduleRule, t: RuleTensor, ctx: MaskContext, old?: Uint8Array) {
  const p = rule.pruner;
  const w = await t.read();
  const keyed = (m: Record<string, number>) => (m[t.name] ?? m['*']) as number;
  switch (p.kind) {
    case 'magnitude':
      return { mask: magnitudeMask(w, keyed(p.thresholds)) };
    case 'blocks':
      return { mask: blockMask(w, t.layout, p.blockShape, ruleTarget(rule, t.name, ctx.epoch) as number) };
    case 'sensitivity':
      return { mask: magnitudeMask(w, sensitivityThreshold(keyed(p.sensitivities), await ctx.denseStd(t.name))) };
    case 'splicing': {
      const start = 'epochs' in rule.when ? Math.min(...rule.when.epochs) : rule.when.start;
      const s = splicingSensitivity(keyed(p.sensitivities), p.sensitivityMultiplier, ctx.epoch, start);
      const stats = await ctx.splicingStats(rule.name, t.name);
      const th = splicingThresholds(stats, s, p.lowThreshMult, p.hiThreshMult);
      return { mask: splicingMask(w, old ?? null, th), replace: true };
    }
    case 'structure-threshold': {
      const { value, group } = p.regimes[t.name] ?? p.regimes['*'];
      const g = structureGroupFor(group, t.layout.shape.length);
      return { mask: groupThresholdMask(w, t.layout, g, value, p.criterion) };
    }
    case 'baidu-rnn': {
      const when = rule.when as { start: number; end: number; frequency: number };
      const eps = baiduRnnThreshold(ctx.epoch, {
        q: p.q,
        rampEpochOffset: p.rampEpochOffset,
        rampSlopeMult: p.rampSlopeMult,
        startingEpoch: when.start,
        endingEpoch: when.end,
        frequency: when.frequency,
      });
      return { mask: magnitudeMask(w, eps) };
    }
    default:
      return { mask: levelMask(w, ruleTarget(rule, t.name, ctx.epoch) as number, ctx.convention) };
  }
}

/** Each tensor's new mask under `rule` at ctx.epoch (before it meets the masks already in force). */
export async function ruleMasks(
  rule: ScheduleRule,
  tensors: readonly RuleTensor[],
  ctx: MaskContext,
  masks: ReadonlyMap<string, Uint8Array>,
): Promise<Map<string, RuleMask>> {
  const out = new Map<string, RuleMask>();
  const group = rankedGroup(rule.pruner);
  if (!group) {
    for (const t of tensors) out.set(t.name, await elementMask(rule, t, ctx, masks.get(t.name)));
    return out;
  }
  const lead =
    leaderOf(rule.pruner) && tensors.length > 0 ? await prunedStructures(rule, tensors[0], group, ctx) : null;
  for (const t of tensors) {
    const { pruned, scale } = lead ?? (await prunedStructures(rule, t, group, ctx));
    out.set(t.name, { mask: maskFromStructures(t.layout, group, pruned), ...(scale !== undefined ? { scale } : {}) });
  }
  return out;
}

/** The masks in force after a rule: ANDed with the old ones, or replacing them (splicing). */
export function mergeRuleMask(old: Uint8Array | undefined, fresh: RuleMask): Uint8Array {
  return old && !fresh.replace ? andMasks(old, fresh.mask) : fresh.mask;
}
