// The plan engine: from a PrunePlan (what the user asked, per tensor) to the final mask of every
// prunable tensor of a model, plus the filters that thinning can physically remove. The UI (worker)
// and the CLI both go through computePlanMasks, so a plan means the same thing everywhere.
//
// Expensive per-tensor facts (the |w| order, σ of the dense weights, structure scores) live in a
// MaskCache keyed by tensor name and the identity of its dense array, so slider drags and 19-level
// sweeps never sort twice.
import type { ChannelGraph, ProducerInfo } from '../graph/channel-graph';
import { channelMasksFor, selectionForGroup, type FilterRemoval } from '../graph/propagate';
import {
  andMasks,
  capSparsity,
  guardNonEmpty,
  levelMaskFromOrder,
  magnitudeMaskFromOrder,
  MagnitudeOrder,
  maskFromStructures,
  nmApplicable,
  nmMask,
  prunedCount,
  randomMask,
  sampleStd,
  sensitivityMaskFromOrder,
  structureScores,
  structuresToPrune,
  tfmotKeepCount,
  type SparsityCaps,
} from '../pruning';
import type { Convention, PrunableTensor } from '../types';
import { PlanFormatError, validateMethod, type PrunePlan, type StructureGroup, type TensorMethod } from './plan';

/** A plan this model cannot carry out; the message names the tensors and what to change. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Bounds for one tensor. Caps clamp the targets of level, random and structured methods. */
export interface TensorLimits extends SparsityCaps {
  /** Allow a mask that keeps nothing (default false: the largest |w| is kept). */
  allowEmpty?: boolean;
}

/** Limits for every tensor, overridden per tensor name. */
export interface PlanOptions extends TensorLimits {
  perTensor?: Record<string, TensorLimits>;
}

interface CacheEntry {
  dense: Float32Array;
  order?: MagnitudeOrder;
  sigma?: number;
  scores: Map<string, Float64Array>;
}

/** Per-tensor precomputations; create one per model with createMaskCache() and keep it. */
export interface MaskCache {
  readonly entries: Map<string, CacheEntry>;
  /** One order over the concatenation of a global group, keyed by its member names. */
  readonly globalOrders: Map<string, { parts: Float32Array[]; order: MagnitudeOrder }>;
  /** How much work the cache has done (tests and benchmarks read these). */
  readonly stats: { ordersBuilt: number; sigmasComputed: number; scoresComputed: number };
}

export function createMaskCache(): MaskCache {
  return {
    entries: new Map(),
    globalOrders: new Map(),
    stats: { ordersBuilt: 0, sigmasComputed: 0, scoresComputed: 0 },
  };
}

function entryOf(cache: MaskCache, name: string, dense: Float32Array): CacheEntry {
  let e = cache.entries.get(name);
  // New dense values (another checkpoint) invalidate everything derived from the old ones.
  if (!e || e.dense !== dense) {
    e = { dense, scores: new Map() };
    cache.entries.set(name, e);
  }
  return e;
}

function orderOf(cache: MaskCache, name: string, dense: Float32Array): MagnitudeOrder {
  const e = entryOf(cache, name, dense);
  if (!e.order) {
    e.order = MagnitudeOrder.of(dense);
    cache.stats.ordersBuilt++;
  }
  return e.order;
}

function sigmaOf(cache: MaskCache, name: string, dense: Float32Array): number {
  const e = entryOf(cache, name, dense);
  if (e.sigma === undefined) {
    e.sigma = sampleStd(dense);
    cache.stats.sigmasComputed++;
  }
  return e.sigma;
}

function scoresOf(
  cache: MaskCache,
  t: PrunableTensor,
  dense: Float32Array,
  group: StructureGroup,
  m: Extract<TensorMethod, { kind: 'structured' }>,
): Float64Array {
  const e = entryOf(cache, t.name, dense);
  const normalize = m.normalize ?? 'mean';
  const key = `${group}|${m.norm}|${normalize}|${m.norm === 'random' ? (m.seed ?? 0) : ''}`;
  let s = e.scores.get(key);
  if (!s) {
    s = structureScores(dense, t.shape, group, m.norm, normalize, m.seed ?? 0);
    e.scores.set(key, s);
    cache.stats.scoresComputed++;
  }
  return s;
}

export interface PlanContext {
  /** Every prunable tensor of the model (prunableTensors(model)). */
  tensors: readonly PrunableTensor[];
  /** The DENSE values of a tensor (never the masked ones). Return the same array each time for caching. */
  dense: (name: string) => Float32Array;
  /** analyzeChannels(model); needed only by 'filters' and 'channels'. */
  graph?: ChannelGraph | null;
  cache: MaskCache;
  options?: PlanOptions;
}

export interface TensorOutcome {
  name: string;
  method: TensorMethod;
  /** Share of the tensor's elements masked (0 where the mask is null). */
  sparsity: number;
  /** Why the result differs from what a reader would assume (masks only, capped, guarded...). */
  note?: string;
}

export interface PlanMasks {
  /** Final mask per prunable tensor, 1 = keep; null = dense. */
  masks: Map<string, Uint8Array | null>;
  /** Filters the plan removes per producer layer: what thinModel can take out, masked == thinned. */
  removedFilters: Record<string, number[]>;
  perTensor: TensorOutcome[];
}

type Structured = Extract<TensorMethod, { kind: 'structured' }>;

function limitsFor(options: PlanOptions | undefined, name: string): TensorLimits {
  const { perTensor, ...all } = options ?? {};
  return { ...all, ...(perTensor?.[name] ?? {}) };
}

function capped(s: number, limits: TensorLimits, notes: string[]): number {
  const c = capSparsity(s, limits);
  if (c !== s) notes.push(`target ${s} capped to ${c}`);
  return c;
}

function sameMethod(a: TensorMethod, b: TensorMethod): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(m: TensorMethod): unknown {
  return Object.fromEntries(Object.entries(m).sort(([x], [y]) => x.localeCompare(y)));
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/** Mask after repeated PyTorch-style pruning: each amount of what remains, on the cached order. */
function remainingMask(order: MagnitudeOrder, amounts: readonly number[], convention: Convention): Uint8Array {
  // The weights pruned so far are always a prefix of the |w| order (lowest |w| first, lower index
  // among equals), so every step is a cut on the suffix that remains: no new sort.
  const n = order.size;
  let pruned = 0;
  for (const amount of amounts) {
    const remaining = n - pruned;
    if (remaining === 0) break;
    const rest = order.sortedAbs.subarray(pruned);
    const k = prunedCount(remaining, amount, convention);
    let cut: number;
    if (convention === 'distiller') cut = k === 0 ? 0 : upperBound(rest, rest[k - 1]);
    else if (convention === 'torch') cut = k;
    else cut = lowerBound(rest, rest[remaining - tfmotKeepCount(remaining, amount)]);
    pruned += cut;
  }
  return order.maskPruningFirst(pruned);
}

function upperBound(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Structures to prune, never all of them unless allowed (thinning can never remove all). */
function pickStructures(
  scores: ArrayLike<number>,
  s: number,
  m: Structured,
  allowAll: boolean,
  notes: string[],
): number[] {
  const picked = structuresToPrune(scores, s, m.convention ?? 'distiller');
  if (!allowAll && picked.length >= scores.length && scores.length > 0) {
    // keep the best-scored structure (highest index among equals)
    let best = 0;
    for (let j = 1; j < scores.length; j++) if (scores[j] >= scores[best]) best = j;
    notes.push('one structure kept: a layer is never emptied');
    return picked.filter((j) => j !== best);
  }
  return picked;
}

function producerOfKernel(graph: ChannelGraph, kernelName: string): ProducerInfo | undefined {
  return graph.producers.find((p) => p.kernelName === kernelName);
}

function needGraph(ctx: PlanContext, name: string, what: string): ChannelGraph {
  if (!ctx.graph)
    throw new PlanError(
      `${name}: '${what}' pruning needs the model's channel graph (analyzeChannels), which was not given`,
    );
  return ctx.graph;
}

/**
 * The final masks for a whole plan. Throws PlanError for unknown tensor names (listing the valid
 * ones), malformed methods, global tensors with different targets, structured filters on a layer
 * that cannot lose filters, and coupled layers given different structured methods.
 */
export function computePlanMasks(plan: PrunePlan, ctx: PlanContext): PlanMasks {
  const byName = new Map(ctx.tensors.map((t) => [t.name, t]));
  const unknown = Object.keys(plan.tensors).filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new PlanError(
      `unknown tensor${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}; this model's prunable tensors are ${quoted([...byName.keys()])}`,
    );
  }
  for (const [name, m] of Object.entries(plan.tensors)) {
    try {
      validateMethod(name, m);
    } catch (e) {
      throw e instanceof PlanFormatError ? new PlanError(e.message) : e;
    }
  }
  const methodOf = (name: string): TensorMethod => plan.tensors[name] ?? { kind: 'dense' };
  const own = new Map<string, Uint8Array | null>();
  const notes = new Map<string, string[]>(ctx.tensors.map((t) => [t.name, []]));
  const removed: Record<string, number[]> = {};

  // Global magnitude: one ranking over every 'global' tensor.
  const globals = ctx.tensors.filter((t) => methodOf(t.name).kind === 'global');
  if (globals.length) {
    const first = methodOf(globals[0].name) as Extract<TensorMethod, { kind: 'global' }>;
    const differing = globals.filter((t) => {
      const m = methodOf(t.name) as Extract<TensorMethod, { kind: 'global' }>;
      return m.sparsity !== first.sparsity || (m.convention ?? 'distiller') !== (first.convention ?? 'distiller');
    });
    if (differing.length) {
      throw new PlanError(
        `global pruning ranks ${quoted(globals.map((t) => t.name))} together, so they need one sparsity and convention; ` +
          `${quoted(differing.map((t) => t.name))} differ from '${globals[0].name}' (sparsity ${first.sparsity}, ${first.convention ?? 'distiller'})`,
      );
    }
    const parts = globals.map((t) => ctx.dense(t.name));
    const key = globals.map((t) => t.name).join('\n');
    let g = ctx.cache.globalOrders.get(key);
    if (!g || g.parts.some((p, i) => p !== parts[i])) {
      const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      g = { parts, order: MagnitudeOrder.of(all) };
      ctx.cache.stats.ordersBuilt++;
      ctx.cache.globalOrders.set(key, g);
    }
    const mask = levelMaskFromOrder(g.order, first.sparsity, first.convention ?? 'distiller');
    let at = 0;
    for (const t of globals) {
      own.set(t.name, first.sparsity === 0 ? null : mask.slice(at, at + t.size));
      at += t.size;
    }
  }

  // Structured filters, and channels that amount to removing the producer's filters.
  const graphFilters = collectFilterRemovals(ctx, methodOf, notes);
  Object.assign(removed, graphFilters.removed);

  for (const t of ctx.tensors) {
    const m = methodOf(t.name);
    if (m.kind === 'global' || own.has(t.name)) continue;
    const n = notes.get(t.name)!;
    const limits = limitsFor(ctx.options, t.name);
    own.set(t.name, elementMask(t, m, ctx, limits, n, graphFilters.channelMasks));
  }

  // Never empty a layer by its own method (before structure propagation, which must stay exact).
  for (const t of ctx.tensors) {
    const mask = own.get(t.name);
    if (!mask) continue;
    const limits = limitsFor(ctx.options, t.name);
    const g = guardNonEmpty(mask, ctx.dense(t.name), limits.allowEmpty ?? false);
    if (g.adjusted)
      notes.get(t.name)!.push('the mask removed every weight; the largest |w| is kept (allowEmpty is off)');
    own.set(t.name, g.mask);
  }

  // Removed filters zero the producers' filters AND the consumers' input channels: masked == thinned.
  const masks = new Map<string, Uint8Array | null>();
  const structural =
    Object.keys(removed).length && ctx.graph
      ? channelMasksFor(ctx.graph, removed, new Map(ctx.tensors.map((t) => [t.name, t.shape])))
      : new Map<string, Uint8Array>();
  for (const t of ctx.tensors) {
    const a = own.get(t.name) ?? null;
    const b = structural.get(t.name) ?? null;
    masks.set(t.name, a && b ? andMasks(a, b) : (a ?? b));
    if (b && methodOf(t.name).kind !== 'structured')
      notes.get(t.name)!.push('input channels of removed filters masked');
  }

  const perTensor = ctx.tensors.map((t) => {
    const mask = masks.get(t.name) ?? null;
    let kept = t.size;
    if (mask) {
      kept = 0;
      for (let i = 0; i < mask.length; i++) kept += mask[i];
    }
    const n = notes.get(t.name)!;
    return {
      name: t.name,
      method: methodOf(t.name),
      sparsity: t.size ? 1 - kept / t.size : 0,
      ...(n.length ? { note: n.join('; ') } : {}),
    };
  });
  return { masks, removedFilters: removed, perTensor };
}

function elementMask(
  t: PrunableTensor,
  m: TensorMethod,
  ctx: PlanContext,
  limits: TensorLimits,
  notes: string[],
  structureMasks: Map<string, Uint8Array>,
): Uint8Array | null {
  const w = ctx.dense(t.name);
  if (w.length !== t.size)
    throw new PlanError(`${t.name}: ${w.length} dense values for shape [${t.shape.join(', ')}] (${t.size} elements)`);
  switch (m.kind) {
    case 'dense':
      return null;
    case 'level': {
      const s = capped(m.sparsity, limits, notes);
      if (s === 0) return null;
      return levelMaskFromOrder(orderOf(ctx.cache, t.name, w), s, m.convention ?? 'distiller');
    }
    case 'magnitude':
      return magnitudeMaskFromOrder(orderOf(ctx.cache, t.name, w), m.threshold);
    case 'sensitivity': {
      const sigma = sigmaOf(ctx.cache, t.name, w);
      if (!Number.isFinite(sigma))
        throw new PlanError(`${t.name}: sensitivity pruning needs at least 2 weights to measure σ`);
      return sensitivityMaskFromOrder(orderOf(ctx.cache, t.name, w), m.s, sigma);
    }
    case 'random': {
      const s = capped(m.sparsity, limits, notes);
      return s === 0 ? null : randomMask(t.size, s, m.seed ?? 0, m.convention ?? 'distiller');
    }
    case 'remaining':
      return remainingMask(orderOf(ctx.cache, t.name, w), m.amounts, m.convention ?? 'torch');
    case 'nm':
      if (!nmApplicable(t.shape, m.m)) {
        throw new PlanError(
          `${t.name}: ${m.n}:${m.m} sparsity needs the input dimension (${t.shape[t.shape.length - 2]}) to be a multiple of ${m.m}`,
        );
      }
      return nmMask(w, t.shape, m.n, m.m);
    case 'structured': {
      const ready = structureMasks.get(t.name);
      if (ready) return ready;
      if ((m.group === 'rows' || m.group === 'cols') && t.shape.length !== 2) {
        throw new PlanError(
          `${t.name}: '${m.group}' applies to dense kernels [in, out]; this is a conv kernel [${t.shape.join(', ')}] (use filters, channels or kernels)`,
        );
      }
      if (m.group === 'kernels' && t.shape.length !== 4) {
        throw new PlanError(
          `${t.name}: 'kernels' (kh x kw slices) applies to conv kernels; this is a dense kernel [${t.shape.join(', ')}]`,
        );
      }
      const s = capped(m.sparsity, limits, notes);
      const scores = scoresOf(ctx.cache, t, w, m.group, m);
      const picked = pickStructures(scores, s, m, limits.allowEmpty ?? false, notes);
      return picked.length ? maskFromStructures(t.shape, m.group, picked) : null;
    }
    case 'global':
      throw new PlanError(`${t.name}: global masks are computed over the whole group`);
  }
}

/**
 * Filter removals from 'structured filters' (leader ranking per coupled group) and from 'channels'
 * where the channels are exactly one producer's filters; and, for 'channels' that are not, the
 * channel masks alone (with a note).
 */
function collectFilterRemovals(
  ctx: PlanContext,
  methodOf: (name: string) => TensorMethod,
  notes: Map<string, string[]>,
): { removed: FilterRemoval & Record<string, number[]>; channelMasks: Map<string, Uint8Array> } {
  const removed: Record<string, number[]> = {};
  const channelMasks = new Map<string, Uint8Array>();
  const isStructured = (name: string, group: StructureGroup) => {
    const m = methodOf(name);
    return m.kind === 'structured' && m.group === group;
  };
  const filterTensors = ctx.tensors.filter((t) => isStructured(t.name, 'filters'));
  const channelTensors = ctx.tensors.filter((t) => isStructured(t.name, 'channels'));
  if (!filterTensors.length && !channelTensors.length) return { removed, channelMasks };

  const done = new Set<string>();
  for (const t of filterTensors) {
    if (done.has(t.name)) continue;
    const graph = needGraph(ctx, t.name, 'filters');
    const p = producerOfKernel(graph, t.name);
    if (!p)
      throw new PlanError(
        `${t.name}: filter pruning applies to Conv2D and Dense kernels; '${t.layerName}' is a ${t.layerClass}`,
      );
    const m = methodOf(t.name) as Structured;
    const members = [p, ...p.coupledWith.map((n) => graph.producers.find((q) => q.layerName === n)!)];
    for (const q of members.slice(1)) {
      if (!sameMethod(methodOf(q.kernelName), m)) {
        throw new PlanError(
          `${t.name} is coupled with ${q.kernelName} through ${p.coupledVia.join(', ')}: prune them together (give every coupled layer the same filter method)`,
        );
      }
    }
    if (!p.prunable) throw new PlanError(`${t.name}: cannot remove filters of '${p.layerName}': ${p.reason}`);
    const limits = limitsFor(ctx.options, t.name);
    const s = capped(m.sparsity, limits, notes.get(t.name)!);
    // Leader ranking: a coupled group is ranked by the sum of its members' scores.
    const total = new Float64Array(p.outChannels);
    for (const q of members) {
      const qt = ctx.tensors.find((x) => x.name === q.kernelName)!;
      const scores = scoresOf(ctx.cache, qt, ctx.dense(qt.name), 'filters', m);
      for (let j = 0; j < total.length; j++) total[j] += scores[j];
    }
    const picked = pickStructures(total, s, m, false, notes.get(t.name)!);
    for (const q of members) {
      done.add(q.kernelName);
      if (picked.length) removed[q.layerName] = picked;
      if (members.length > 1)
        notes
          .get(q.kernelName)!
          .push(
            `ranked with ${quoted(members.filter((x) => x !== q).map((x) => x.kernelName))} (coupled through ${p.coupledVia.join(', ')})`,
          );
    }
  }

  for (const t of channelTensors) {
    const graph = needGraph(ctx, t.name, 'channels');
    const m = methodOf(t.name) as Structured;
    const n = notes.get(t.name)!;
    const limits = limitsFor(ctx.options, t.name);
    const s = capped(m.sparsity, limits, n);
    const scores = scoresOf(ctx.cache, t, ctx.dense(t.name), 'channels', m);
    const source = soleProducerOf(graph, t.name);
    const picked = pickStructures(scores, s, m, source ? false : (limits.allowEmpty ?? false), n);
    if (source) {
      const clash = [source.layerName, ...source.coupledWith]
        .map((l) => graph.producers.find((q) => q.layerName === l)!)
        .find((q) => isStructured(q.kernelName, 'filters'));
      if (clash)
        throw new PlanError(
          `${t.name}: its input channels are the filters of ${clash.kernelName}, which the plan also prunes by filters: prune one of them`,
        );
      if (picked.length) Object.assign(removed, selectionForGroup(graph, source.layerName, picked));
      n.push(`removes the matching filters of ${quoted([source.layerName, ...source.coupledWith])}`);
    } else {
      if (picked.length) channelMasks.set(t.name, maskFromStructures(t.shape, 'channels', picked));
      n.push(
        'masks only: these input channels are not the whole output of one prunable layer read by this layer alone, so thinning cannot remove them',
      );
    }
  }
  return { removed, channelMasks };
}

/**
 * The producer whose filters are exactly the input channels of `kernelName`, when that layer is
 * their only reader (no Flatten in between); else null.
 */
function soleProducerOf(graph: ChannelGraph, kernelName: string): ProducerInfo | null {
  const feeding = graph.producers.filter((p) => p.consumers.some((c) => c.kernelName === kernelName));
  if (feeding.length !== 1) return null;
  const p = feeding[0];
  if (!p.prunable) return null;
  const readers = new Set(p.consumers.map((c) => c.kernelName));
  const c = p.consumers.find((x) => x.kernelName === kernelName)!;
  if (readers.size !== 1 || c.offset !== 0 || c.inChannels !== p.outChannels || c.spatial) return null;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Compatibility: the element-only entry point the worker used before computePlanMasks existed.

const compatCache = createMaskCache();

/**
 * Masks for the tensors whose method changed since `previous` (null = dense). Element methods only
 * (no shapes or graph here): use computePlanMasks for nm, structured and for whole-plan results.
 */
export function masksForPlan(
  plan: PrunePlan,
  previous: PrunePlan | null,
  names: string[],
  dense: (name: string) => Float32Array,
): Map<string, Uint8Array | null> {
  const changed = new Map<string, Uint8Array | null>();
  const globalChanged = names.some((n) => {
    const a = plan.tensors[n];
    const b = previous?.tensors[n];
    return (a?.kind === 'global' || b?.kind === 'global') && (!previous || JSON.stringify(a) !== JSON.stringify(b));
  });
  const targets = names.filter((n) => {
    const m = plan.tensors[n] ?? { kind: 'dense' };
    if (m.kind === 'global' && globalChanged) return true;
    return !previous || JSON.stringify(previous.tensors[n] ?? { kind: 'dense' }) !== JSON.stringify(m);
  });
  if (!targets.length) return changed;
  const tensors: PrunableTensor[] = names.map((n) => {
    const size = dense(n).length;
    return { name: n, layerName: n, layerClass: 'unknown', kind: 'dense', shape: [size], size };
  });
  const result = computePlanMasks(plan, { tensors, dense, cache: compatCache });
  for (const n of targets) changed.set(n, result.masks.get(n) ?? null);
  return changed;
}

/** One tensor's element mask from its own dense values (no cache, no graph). */
export function maskFor(method: TensorMethod, w: Float32Array): Uint8Array | null {
  const name = 'tensor';
  const tensors: PrunableTensor[] = [
    { name, layerName: name, layerClass: 'unknown', kind: 'dense', shape: [w.length], size: w.length },
  ];
  return (
    computePlanMasks(
      { version: 1, tensors: { [name]: method } },
      { tensors, dense: () => w, cache: createMaskCache() },
    ).masks.get(name) ?? null
  );
}
