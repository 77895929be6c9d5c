// The figures of the dense model and of the current plan, streamed in from the worker's evaluations.
import type { EvalFigure, JobEvent, SparsityReport } from '../core/lab/types';
import { jobToken } from './job-token';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import type { Evaluating } from './types';

export interface ResultsState {
  /** the dense model on the full evaluation set */
  baseline: EvalFigure | null;
  /** the dense model on the quick subset the quick estimates use (compare quick with this) */
  baselineQuick: EvalFigure | null;
  quick: EvalFigure | null;
  full: EvalFigure | null;
  sparsity: SparsityReport | null;
  progress: { done: number; total: number } | null;
  /** the evaluation running now, if any */
  evaluating: Evaluating | null;
}

export interface ResultsSlice extends ResultsState {
  /** evaluates the dense model (full set and quick subset) */
  evaluateBaseline(): Promise<void>;
  /** applies the current plan in the worker and streams its figures; a newer plan supersedes it */
  evaluatePlan(): Promise<void>;
  /** the dense model, then the plan: after the weights, the data or the evaluation settings changed */
  evaluateAll(): Promise<void>;
  /** stops the plan's evaluation */
  cancel(): void;
}

/** The dense model's figures: stale when the weights, the data or the evaluation settings change. */
export const noDenseFigures = { baseline: null, baselineQuick: null } satisfies Partial<ResultsState>;
/** The plan's accuracy figures: stale when the weights or the data change. */
export const noPlanFigures = { quick: null, full: null } satisfies Partial<ResultsState>;

/** Every figure of the current weights (not the evaluation in flight). */
export const noFigures = { ...noDenseFigures, ...noPlanFigures, sparsity: null } satisfies Partial<ResultsState>;

export const initialResults: ResultsState = { ...noFigures, progress: null, evaluating: null };

export const createResultsSlice: LabSlice<ResultsSlice> = (ctx) => (set, get) => {
  const planJob = jobToken(ctx.nextJobId);
  const api = () => requireWorker(ctx).api;

  async function evaluateBaseline() {
    const jobId = ctx.nextJobId();
    set({ evaluating: 'baseline', progress: null });
    try {
      const outcome = await api().baseline(
        jobId,
        ctx.deps.callback((e: JobEvent) => {
          if (e.type === 'progress') set({ progress: { done: e.done, total: e.total } });
        }),
      );
      if (outcome.status === 'refused')
        get().notify('error', i18n.t('prune.notice.denseRefused', { detail: outcome.reason }));
      const dense = outcome.status === 'done' ? outcome.result : null;
      set({ baseline: dense?.full ?? null, baselineQuick: dense?.quick ?? null });
    } finally {
      if (get().evaluating === 'baseline') set({ evaluating: null, progress: null });
    }
  }

  async function evaluatePlan(): Promise<void> {
    const { plan, model } = get();
    if (!model || !ctx.worker) return;
    const jobId = planJob.start();
    set({ evaluating: 'plan', progress: null, ...noPlanFigures });
    const mine = () => planJob.isCurrent(jobId);
    try {
      const outcome = await api().applyPlan(
        plan,
        jobId,
        ctx.deps.callback((e: JobEvent) => {
          if (!mine()) return;
          if (e.type === 'sparsity') {
            set({ sparsity: e.report });
            // the masks are set: the histogram follows the slider without waiting for the evaluation
            if (get().inspectTab === 'histogram') void get().refreshInspect();
          } else if (e.type === 'progress') set({ progress: { done: e.done, total: e.total } });
          else if (e.figure.phase === 'quick') set({ quick: e.figure });
          else set({ full: e.figure });
        }),
      );
      if (!mine() || outcome.status === 'cancelled') return;
      if (outcome.status === 'refused') {
        // The worker refused the plan before touching any weight: go back to the last plan it accepted.
        get().rollBackPlan();
        get().notify('error', i18n.t('prune.notice.notApplied', { detail: outcome.reason }));
        void evaluatePlan();
        return;
      }
      void get().refreshInspect();
    } catch (e) {
      if (mine()) get().notify('error', i18n.t('prune.notice.evalFailed', { detail: message(e) }));
    } finally {
      if (mine()) set({ evaluating: null, progress: null });
    }
  }

  return {
    ...initialResults,
    evaluateBaseline,
    evaluatePlan,
    async evaluateAll() {
      set(noDenseFigures);
      await evaluateBaseline();
      await evaluatePlan();
    },
    cancel() {
      if (ctx.worker && planJob.current()) void ctx.worker.api.cancel(planJob.current());
      planJob.clear();
      set({ evaluating: null, progress: null });
    },
  };
};
