// Li et al.'s experiment from the page: one worker job, its phases and partial figures in the store.
// Done (or cancelled after thinning), the lab holds the thinned model: the page takes its info and
// re-measures. Cancelled after pruning but before thinning, the lab keeps the pruned masks: the
// page's plan becomes the one that made them.
import type { LiEvent, LiPartial, LiPhase } from '../core/lab/li-job';
import { emptyLiPartial } from '../core/lab/li-job';
import { liPlan, type LiReport, type LiSettings } from '../core/schedule/li-settings';
import { i18n } from '../i18n/i18n';
import { jobToken } from './job-token';
import { noPlan } from './plan-slice';
import { noDenseFigures } from './results-slice';
import { message, requireWorker, type StoreContext } from './store-context';
import type { LabState } from './types';

export interface LiRun {
  status: 'running' | 'done' | 'cancelled' | 'failed';
  phase: LiPhase | null;
  /** progress within the phase (sweep evaluations, fine-tuning batches) */
  progress: { done: number; total: number } | null;
  partial: LiPartial;
  report: LiReport | null;
}

export interface LiActions {
  startLiExperiment(settings?: Partial<LiSettings>): Promise<void>;
  cancelLiExperiment(): void;
}

type Set = (patch: Partial<LabState> | ((s: LabState) => Partial<LabState>)) => void;

export function liActions(ctx: StoreContext, set: Set, get: () => LabState): LiActions {
  const token = jobToken(ctx.nextJobId);
  const patch = (p: Partial<LiRun>) => set((s) => (s.li ? { li: { ...s.li, ...p } } : {}));
  return {
    async startLiExperiment(settings = {}) {
      if (!ctx.worker || !get().model || get().li?.status === 'running') return;
      const jobId = token.start();
      set({ li: { status: 'running', phase: null, progress: null, partial: emptyLiPartial(), report: null } });
      const onEvent = ctx.deps.callback((e: LiEvent) => {
        if (!token.isCurrent(jobId)) return;
        if (e.type === 'phase') patch({ phase: e.phase, progress: null });
        else if (e.type === 'progress') patch({ progress: { done: e.done, total: e.total } });
        else if (e.type === 'partial') patch({ partial: e.partial });
      });
      const api = requireWorker(ctx).api;
      try {
        const outcome = await api.runLi(settings, jobId, onEvent);
        if (outcome.status === 'refused') {
          patch({ status: 'failed', progress: null });
          get().notify('error', i18n.t('li.refused', { reason: outcome.reason }));
          return;
        }
        const done = outcome.status === 'done';
        const model = done ? outcome.result.model : outcome.partial.thinnedModel;
        patch({
          status: outcome.status,
          progress: null,
          ...(done ? { report: outcome.result.report } : { partial: outcome.partial }),
        });
        if (model) set({ model, ...noPlan, ...noDenseFigures });
        else if (outcome.status === 'cancelled' && outcome.partial.ratios && outcome.partial.prunedTop1 !== null)
          set({ plan: liPlan(outcome.partial.ratios) });
        await get().evaluateAll();
      } catch (e) {
        patch({ status: 'failed', progress: null });
        get().notify('error', i18n.t('li.failed', { reason: message(e) }));
      } finally {
        if (token.isCurrent(jobId)) token.clear();
      }
    },
    cancelLiExperiment() {
      if (!ctx.worker || !token.current()) return;
      void ctx.worker.api.cancel(token.current());
    },
  };
}
