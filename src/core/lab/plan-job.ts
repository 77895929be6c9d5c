// Applying a plan as a lab job: every mask is computed before any is set (a refused plan leaves
// the model as it was), then the quick estimate and the full figure are evaluated.
import { CancelledError } from '../eval/evaluate';
import type { ModelEngine } from '../engine/model-engine';
import type { PrunePlan } from '../plan/plan';
import { computePlanMasks, type MaskCache } from '../plan/plan-masks';
import type { ResidentData } from './eval-data';
import type { LoadedModel } from './lab-context';
import { outcomeOf, type JobOutcome } from './outcome';
import type { EvalFigure, JobEvent, PlanPartial, PlanResult } from './types';

export async function planJob(
  { engine, masked, info }: LoadedModel,
  data: ResidentData | null,
  cache: MaskCache,
  plan: PrunePlan,
  opts: { quick: boolean; signal: AbortSignal; onEvent: (e: JobEvent) => void },
): Promise<JobOutcome<PlanResult, PlanPartial>> {
  const { signal, onEvent } = opts;
  const partial: PlanPartial = { sparsity: null, quick: null };
  return outcomeOf(
    async () => {
      if (signal.aborted) throw new CancelledError();
      const { masks, perTensor, removedFilters } = computePlanMasks(plan, {
        tensors: info.tensors,
        dense: (n) => masked.dense(n),
        graph: engine.channelGraph(),
        cache,
        options: plan.limits,
      });
      for (const [name, mask] of masks) if (!sameMask(masked.getMask(name), mask)) masked.setMask(name, mask);
      await masked.apply();
      const sparsity = masked.sparsity();
      partial.sparsity = sparsity;
      onEvent({ type: 'sparsity', report: sparsity });
      if (!data) return { sparsity, perTensor, removedFilters };
      if (opts.quick) partial.quick = await evaluateFigure(engine, data, 'quick', signal, onEvent);
      const full = await evaluateFigure(engine, data, 'full', signal, onEvent);
      return { sparsity, perTensor, removedFilters, quick: partial.quick ?? undefined, full };
    },
    () => partial,
  );
}

/** One evaluation of the model as it is now, timed; the full one reports its progress. */
export async function evaluateFigure(
  engine: ModelEngine,
  data: ResidentData,
  phase: 'quick' | 'full',
  signal: AbortSignal,
  onEvent: (e: JobEvent) => void,
): Promise<EvalFigure> {
  const t0 = performance.now();
  const metrics = await data.evaluate(engine, phase, {
    signal,
    onProgress: phase === 'full' ? (done, total) => onEvent({ type: 'progress', done, total }) : undefined,
  });
  const figure: EvalFigure = { metrics, phase, ms: performance.now() - t0 };
  onEvent({ type: 'figure', figure });
  return figure;
}

function sameMask(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
