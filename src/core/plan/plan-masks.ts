// The plan engine: from a PrunePlan (what the user asked, per tensor) to the final mask of every
// prunable tensor of a model, plus the filters that thinning can physically remove. The UI (worker)
// and the CLI both go through computePlanMasks, so a plan means the same thing everywhere.
import { channelMasksFor } from '../graph/propagate';
import { andMasks, guardNonEmpty, levelMaskFromOrder, MagnitudeOrder } from '../pruning';
import { elementMask } from './element-mask';
import { collectFilterRemovals } from './filter-removals';
import { PlanFormatError, validateMethod, type PrunePlan, type TensorMethod } from './plan';
import { limitsFor, PlanError, quoted, type PlanContext, type PlanMasks } from './plan-context';

export { createMaskCache, type MaskCache } from './mask-cache';
export {
  PlanError,
  type PlanContext,
  type PlanMasks,
  type PlanOptions,
  type TensorLimits,
  type TensorOutcome,
} from './plan-context';

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
      `unknown tensor${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}; this model's prunable tensors are ` +
        `${quoted([...byName.keys()])}`,
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
        `global pruning ranks ${quoted(globals.map((t) => t.name))} together, so they need one sparsity and ` +
          `convention; ` +
          `${quoted(differing.map((t) => t.name))} differ from '${globals[0].name}' (sparsity ${first.sparsity}, ` +
          `${first.convention ?? 'distiller'})`,
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
    if (graphFilters.followers.has(t.name)) {
      own.set(t.name, null);
      continue;
    }
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
