// From single-layer sensitivity curves to a per-tensor sparsity plan under an accuracy-drop budget.
// The predicted drop of a plan is the SUM of the single-layer drops: layers interact, so the caller
// measures the real combined accuracy and shows the gap.
import { SensitivityInputError } from './errors';
import type { SensitivityPoint } from './csv';

export type CurvePlanMethod = 'greedy' | 'global';

export interface CurvePlanOptions {
  /** Top-1 (%) of the dense model. */
  baselineTop1: number;
  /** Allowed top-1 drop in percentage points: per layer for 'greedy', in total for 'global'. */
  budget: number;
  /**
   * 'greedy': per tensor, the largest level whose own drop is within the budget (a per-layer budget,
   * as NNI's SensitivityPruner reads its threshold); the sum of the drops may exceed it.
   * 'global': levels chosen across tensors so the SUM of drops stays within the budget, adding at
   * each step the move that removes the most parameters per point of drop. Needs `params`.
   */
  method: CurvePlanMethod;
  /** Elements per tensor (for 'global'). */
  params?: Record<string, number>;
}

export interface CurvePlanEntry {
  parameter: string;
  sparsity: number;
  /** baseline - top1 at that level (negative when pruning helped). */
  predictedDrop: number;
}

/** What a method's budget bounds: each layer's own drop, or the sum of the drops. */
export const BUDGET_BOUNDS: Record<CurvePlanMethod, 'layer' | 'total'> = { greedy: 'layer', global: 'total' };

export interface CurvePlan {
  method: CurvePlanMethod;
  /** The budget (pp) and what it bounded. */
  budget: { pp: number; per: 'layer' | 'total' };
  entries: CurvePlanEntry[];
  /** Sum of the entries' drops, each counted as at least 0. */
  predictedDrop: number;
  /** Elements removed (when params were given). */
  removedParams?: number;
}

interface Curve {
  parameter: string;
  /** Ascending sparsity, one point per level, starting with a dense point (0, drop 0 unless measured). */
  points: { sparsity: number; drop: number }[];
}

function curvesOf(rows: readonly SensitivityPoint[], baseline: number): Curve[] {
  const byName = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = byName.get(r.parameter);
    if (!m) byName.set(r.parameter, (m = new Map()));
    m.set(r.sparsity, baseline - r.top1);
  }
  return [...byName].map(([parameter, m]) => {
    if (!m.has(0)) m.set(0, 0);
    const points = [...m].map(([sparsity, drop]) => ({ sparsity, drop })).sort((a, b) => a.sparsity - b.sparsity);
    return { parameter, points };
  });
}

const cost = (drop: number) => Math.max(0, drop);

export function planFromCurves(rows: readonly SensitivityPoint[], opts: CurvePlanOptions): CurvePlan {
  if (rows.length === 0) throw new SensitivityInputError('no sensitivity rows to plan from');
  if (!Number.isFinite(opts.budget) || opts.budget < 0)
    throw new SensitivityInputError(
      `accuracy-drop budget must be a number >= 0 (percentage points); got ${opts.budget}`,
    );
  if (!Number.isFinite(opts.baselineTop1))
    throw new SensitivityInputError(`baseline top1 must be a number (percent); got ${opts.baselineTop1}`);
  const curves = curvesOf(rows, opts.baselineTop1);
  let chosen: number[];
  if (opts.method === 'greedy') {
    chosen = curves.map((c) => {
      let best = 0;
      c.points.forEach((p, i) => {
        if (p.drop <= opts.budget && p.sparsity >= c.points[best].sparsity) best = i;
      });
      return best;
    });
  } else if (opts.method === 'global') {
    const params = opts.params;
    if (!params) throw new SensitivityInputError("method 'global' needs the element count of every tensor (params)");
    for (const c of curves) {
      if (!(params[c.parameter] > 0))
        throw new SensitivityInputError(`method 'global': no element count for '${c.parameter}'`);
    }
    chosen = curves.map(() => 0);
    let spent = curves.reduce((a, c) => a + cost(c.points[0].drop), 0);
    for (;;) {
      let pick: { curve: number; point: number; gain: number; extra: number } | null = null;
      curves.forEach((c, ci) => {
        const cur = c.points[chosen[ci]];
        for (let pi = chosen[ci] + 1; pi < c.points.length; pi++) {
          const p = c.points[pi];
          const extra = cost(p.drop) - cost(cur.drop);
          if (spent + extra > opts.budget + 1e-12) continue;
          const gain = params[c.parameter] * (p.sparsity - cur.sparsity);
          // A move that costs nothing is taken first (largest gain); otherwise most gain per point.
          const better =
            !pick ||
            (extra <= 0 && (pick.extra > 0 || gain > pick.gain)) ||
            (extra > 0 && pick.extra > 0 && gain / extra > pick.gain / pick.extra);
          if (better) pick = { curve: ci, point: pi, gain, extra };
        }
      });
      if (!pick) break;
      const { curve, point, extra } = pick;
      chosen[curve] = point;
      spent += extra;
    }
  } else {
    throw new SensitivityInputError(`plan method must be 'greedy' or 'global'; got '${String(opts.method)}'`);
  }
  const entries = curves.map((c, i) => ({
    parameter: c.parameter,
    sparsity: c.points[chosen[i]].sparsity,
    predictedDrop: c.points[chosen[i]].drop,
  }));
  const plan: CurvePlan = {
    method: opts.method,
    budget: { pp: opts.budget, per: BUDGET_BOUNDS[opts.method] },
    entries,
    predictedDrop: entries.reduce((a, e) => a + cost(e.predictedDrop), 0),
  };
  if (opts.params)
    plan.removedParams = entries.reduce((a, e) => a + Math.floor((opts.params?.[e.parameter] ?? 0) * e.sparsity), 0);
  return plan;
}

/** The predicted drop and the budget it keeps, in words: what the plan's summary shows. */
export function predictedDropText(plan: CurvePlan): string {
  const pp = (x: number) => `${x.toFixed(2)} pp`;
  const sum = `${pp(plan.predictedDrop)} (sum of single-layer drops)`;
  return plan.budget.per === 'layer'
    ? `${sum}; each layer within ${pp(plan.budget.pp)}, the per-layer budget`
    : `${sum}, ${plan.predictedDrop <= plan.budget.pp + 1e-9 ? 'within' : 'over'} ${pp(plan.budget.pp)}, the total ` +
        `budget`;
}
