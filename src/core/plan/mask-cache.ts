// Expensive per-tensor facts (the |w| order, σ of the dense weights, structure scores), keyed by
// tensor name and the identity of its dense array, so slider drags and 19-level sweeps never sort twice.
import { MagnitudeOrder, sampleStd, structureScores } from '../pruning';
import type { PrunableTensor } from '../types';
import type { StructureGroup } from '../pruning/structures';
import type { TensorMethod } from './plan';

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

export function orderOf(cache: MaskCache, name: string, dense: Float32Array): MagnitudeOrder {
  const e = entryOf(cache, name, dense);
  if (!e.order) {
    e.order = MagnitudeOrder.of(dense);
    cache.stats.ordersBuilt++;
  }
  return e.order;
}

export function sigmaOf(cache: MaskCache, name: string, dense: Float32Array): number {
  const e = entryOf(cache, name, dense);
  if (e.sigma === undefined) {
    e.sigma = sampleStd(dense);
    cache.stats.sigmasComputed++;
  }
  return e.sigma;
}

export function scoresOf(
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
    s = structureScores(dense, t, group, m.norm, normalize, m.seed ?? 0);
    e.scores.set(key, s);
    cache.stats.scoresComputed++;
  }
  return s;
}
