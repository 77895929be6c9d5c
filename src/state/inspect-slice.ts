// Views of the current pruned model, fetched from the worker when their tab is open, and the long
// work on it (latency, thinning, export).
import type { WeightHistogram } from '../core/inspect/weight-histogram';
import { methodOf } from '../core/plan/plan';
import type { CostReport, LatencyReport, SparsityTable, TensorMaskView, ThinReport } from '../core/lab/types';
import type { NamedBytes } from '../core/types';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import type { InspectJob } from './types';

export interface InspectState {
  sparsityTable: SparsityTable | null;
  maskTensor: string | null;
  maskView: TensorMaskView | null;
  /** the weight histogram of maskTensor */
  histogram: WeightHistogram | null;
  cost: CostReport | null;
  latency: LatencyReport | null;
  thin: ThinReport | null;
  /** the long inspect work in progress, if any */
  inspectJob: InspectJob | null;
}

export interface InspectSlice extends InspectState {
  /** opens the masks tab on this tensor */
  showMask(name: string): Promise<void>;
  /** opens the histogram tab on this tensor */
  showHistogram(name: string): Promise<void>;
  /** fetches the open tab's view of the current weights */
  refreshInspect(): Promise<void>;
  measureLatency(): Promise<void>;
  thinModel(): Promise<void>;
  exportPruned(): Promise<NamedBytes[] | null>;
}

/** Results made for one plan: stale as soon as the plan changes. */
export const noPlanViews = { latency: null, thin: null } satisfies Partial<InspectState>;

/** Everything viewed on the current weights: stale when the weights change. */
export const noInspectViews = {
  sparsityTable: null,
  maskTensor: null,
  maskView: null,
  histogram: null,
  cost: null,
  ...noPlanViews,
} satisfies Partial<InspectState>;

export const initialInspect: InspectState = { ...noInspectViews, inspectJob: null };

export const createInspectSlice: LabSlice<InspectSlice> = (ctx) => (set, get) => {
  const api = () => requireWorker(ctx).api;

  async function runInspectJob<T>(job: InspectJob, fn: () => Promise<T> | T): Promise<T | null> {
    set({ inspectJob: job });
    try {
      return await fn();
    } catch (e) {
      get().notify(
        'error',
        i18n.t('prune.notice.jobFailed', { job: i18n.t(`prune.notice.job.${job}`), detail: message(e) }),
      );
      return null;
    } finally {
      set({ inspectJob: null });
    }
  }

  // Histogram answers can overtake each other (a slider sends one per plan): only the latest request's is shown.
  let histogramRequest = 0;
  async function fetchHistogram(name: string) {
    const request = ++histogramRequest;
    const histogram = await api().histogram(name, methodOf(get().plan, name));
    if (request === histogramRequest && get().maskTensor === name) set({ histogram });
  }

  async function refreshInspect() {
    const { inspectTab, maskTensor, model } = get();
    if (!ctx.worker || !model) return;
    try {
      if (inspectTab === 'sparsity-table') set({ sparsityTable: await api().sparsityTable() });
      else if (inspectTab === 'cost') set({ cost: await api().cost() });
      else {
        const known = maskTensor && model.tensors.some((t) => t.name === maskTensor);
        const name = known ? maskTensor : model.tensors[0]?.name;
        if (!name) return;
        set({ maskTensor: name });
        if (inspectTab === 'histogram') await fetchHistogram(name);
        else set({ maskView: await api().maskView(name) });
      }
    } catch (e) {
      get().notify('error', message(e));
    }
  }

  return {
    ...initialInspect,
    async showMask(name) {
      set({ maskTensor: name, inspectTab: 'masks' });
      await refreshInspect();
    },
    async showHistogram(name) {
      set({ maskTensor: name, inspectTab: 'histogram' });
      await refreshInspect();
    },
    refreshInspect,
    async measureLatency() {
      const latency = await runInspectJob('latency', () => api().latency());
      if (latency) set({ latency });
    },
    async thinModel() {
      const outcome = await runInspectJob('thin', () => api().thin(ctx.nextJobId()));
      if (outcome?.status === 'done') set({ thin: outcome.result });
      else if (outcome?.status === 'refused')
        get().notify('error', i18n.t('prune.notice.thinFailed', { detail: outcome.reason }));
    },
    exportPruned: () => runInspectJob('export', () => api().exportPruned()),
  };
};
