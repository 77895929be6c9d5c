// One tensor's own mask for an element, N:M or dense-kernel structured method (filters and channels
// that reach other layers are decided in filter-removals.ts).
import {
  levelMaskFromOrder,
  magnitudeMaskFromOrder,
  MagnitudeOrder,
  maskFromStructures,
  nmApplicable,
  nmMask,
  prunedCount,
  randomMask,
  sensitivityMaskFromOrder,
  tfmotKeepCount,
} from '../pruning';
import type { Convention, PrunableTensor } from '../types';
import { orderOf, scoresOf, sigmaOf } from './mask-cache';
import type { TensorMethod } from './plan';
import { capped, pickStructures, PlanError, type PlanContext, type TensorLimits } from './plan-context';

export function elementMask(
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
          `${t.name}: ${m.n}:${m.m} sparsity needs the input dimension (${t.shape[t.shape.length - 2]}) to be a ` +
            `multiple of ${m.m}`,
        );
      }
      return nmMask(w, t.shape, m.n, m.m);
    case 'structured': {
      const ready = structureMasks.get(t.name);
      if (ready) return ready;
      // its channels leave with the producer's filters (filter-removals.ts)
      if (m.group === 'depthwise') return null;
      if ((m.group === 'rows' || m.group === 'cols') && t.shape.length !== 2) {
        throw new PlanError(
          `${t.name}: '${m.group}' applies to dense kernels [in, out]; this is a conv kernel ` +
            `[${t.shape.join(', ')}] (use filters, channels or kernels)`,
        );
      }
      if (m.group === 'kernels' && t.shape.length !== 4) {
        throw new PlanError(
          `${t.name}: 'kernels' (kh x kw slices) applies to conv kernels; this is a dense kernel ` +
            `[${t.shape.join(', ')}]`,
        );
      }
      const s = capped(m.sparsity, limits, notes);
      const scores = scoresOf(ctx.cache, t, w, m.group, m);
      const picked = pickStructures(scores, s, m, limits.allowEmpty ?? false, notes);
      return picked.length ? maskFromStructures(t, m.group, picked) : null;
    }
    case 'global':
      throw new PlanError(`${t.name}: global masks are computed over the whole group`);
  }
}

/** Mask after repeated PyTorch-style pruning: each amount of what remains, on the cached order. */
function remainingMask(order: MagnitudeOrder, amounts: readonly number[], convention: Convention): Uint8Array {
  // The weights pruned so far are always a prefix of the |w| order (lowest |w| first, lower index
  // among equals), so every step is a cut on the suffix that remains: no new sort.
  // a comparison convention prunes every NaN weight at the first step; the steps then cut the finite rest
  const nan = convention !== 'torch' && amounts.length > 0;
  const n = nan ? order.size - order.nanCount : order.size;
  let pruned = 0;
  for (const amount of amounts) {
    const remaining = n - pruned;
    if (remaining === 0) break;
    const rest = order.sortedAbs.subarray(pruned, n);
    const k = prunedCount(remaining, amount, convention);
    let cut: number;
    if (convention === 'distiller') cut = k === 0 ? 0 : upperBound(rest, rest[k - 1]);
    else if (convention === 'torch') cut = k;
    else cut = lowerBound(rest, rest[remaining - tfmotKeepCount(remaining, amount)]);
    pruned += cut;
  }
  return order.maskPruningFirst(pruned, nan);
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
