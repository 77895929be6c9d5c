// The plan that reproduces a run's masks on the dense weights, when one exists: a schedule run without
// fine-tuning (masks only) leaves the dense weights as they were, so its magnitude and structure masks
// are those of a level or structured method at the sparsity reached. Every candidate is checked by
// computing its masks; a plan is returned only when all of them match exactly.
import type { ChannelGraph } from '../graph';
import { computePlanMasks, createMaskCache } from '../plan/plan-masks';
import type { PrunePlan, TensorMethod } from '../plan/plan';
import type { PrunableTensor } from '../types';

function zeros(m: Uint8Array): number {
  let z = 0;
  for (let i = 0; i < m.length; i++) if (!m[i]) z++;
  return z;
}

function same(a: Uint8Array | null | undefined, b: Uint8Array): boolean {
  if (!a) return zeros(b) === 0;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whole output structures (filters / units) that are masked, as a fraction. */
function zeroFilterFraction(t: PrunableTensor, m: Uint8Array): number {
  const out = t.shape[t.shape.length - 1];
  const alive = new Uint8Array(out);
  for (let i = 0; i < m.length; i++) if (m[i]) alive[i % out] = 1;
  return zeros(alive) / out;
}

function candidates(t: PrunableTensor, m: Uint8Array): TensorMethod[] {
  const z = zeros(m);
  const out: TensorMethod[] = [];
  for (const s of [z / t.size, (z + 0.5) / t.size])
    for (const convention of ['distiller', 'torch'] as const) out.push({ kind: 'level', sparsity: s, convention });
  const f = zeroFilterFraction(t, m);
  const filters = t.shape[t.shape.length - 1];
  if (f > 0 && f * t.size === z)
    for (const s of [f, f + 0.5 / filters])
      for (const norm of ['l1', 'l2'] as const) out.push({ kind: 'structured', group: 'filters', sparsity: s, norm });
  return out;
}

/** A plan whose masks equal `masks` (tensors not named are dense), or null when none is found. */
export function planFromMasks(
  masks: ReadonlyMap<string, Uint8Array>,
  ctx: { tensors: readonly PrunableTensor[]; dense: (name: string) => Float32Array; graph: ChannelGraph | null },
): PrunePlan | null {
  const cache = createMaskCache();
  const context = { tensors: [...ctx.tensors], dense: ctx.dense, graph: ctx.graph, cache };
  const plan: PrunePlan = { version: 1, tensors: {} };
  for (const t of ctx.tensors) {
    const m = masks.get(t.name);
    if (!m || zeros(m) === 0) continue;
    const found = candidates(t, m).find((method) => {
      try {
        return same(computePlanMasks({ version: 1, tensors: { [t.name]: method } }, context).masks.get(t.name), m);
      } catch {
        return false;
      }
    });
    if (!found) return null;
    plan.tensors[t.name] = found;
  }
  try {
    const all = computePlanMasks(plan, context).masks;
    for (const t of ctx.tensors) {
      const expected = masks.get(t.name) ?? new Uint8Array(t.size).fill(1);
      if (!same(all.get(t.name), expected)) return null;
    }
  } catch {
    return null;
  }
  return plan;
}
