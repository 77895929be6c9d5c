// Sensitivity analyses (swept in the worker or imported from Distiller CSV) and the plan proposed
// from their curves.
import type { SweepEvent, SweepRequest } from '../core/lab/types';
import { toModelTensorNames } from '../core/schedule/weight-names';
import { parseDistillerCsv } from '../core/sensitivity/csv';
import { planFromCurves, type CurvePlan, type CurvePlanMethod } from '../core/sensitivity/plan-from-curves';
import { planFromProposal } from '../core/plan/plan-from-proposal';
import { jobToken } from './job-token';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';
import type { SensitivityRun } from './types';

export interface SensitivityState {
  runs: SensitivityRun[];
  /** the run the charts show */
  activeRun: number | null;
  sweepProgress: { done: number; total: number; tensor: string } | null;
  /** accuracy-drop budget in percentage points */
  budget: number;
  proposal: CurvePlan | null;
  /** the measured top-1 of the applied proposal (full figure), next to its prediction */
  proposalMeasured: { predictedTop1: number; measuredTop1: number | null } | null;
}

export interface SensitivitySlice extends SensitivityState {
  startSweep(request: SweepRequest): Promise<void>;
  cancelSweep(): void;
  /** imports a Distiller sensitivity CSV to view and compare */
  importSensitivityCsv(name: string, text: string): void;
  selectRun(id: number): void;
  setBudget(pp: number): void;
  proposePlan(method: CurvePlanMethod): void;
  /** applies the proposal as level pruning and measures its real accuracy */
  applyProposal(): Promise<void>;
}

/** No proposal: a new analysis or another run makes the old one meaningless. */
const noProposal = { proposal: null, proposalMeasured: null } satisfies Partial<SensitivityState>;
/** The analyses of the loaded model. */
export const noAnalyses = { runs: [], activeRun: null, ...noProposal } satisfies Partial<SensitivityState>;

export const initialSensitivity: SensitivityState = { ...noAnalyses, sweepProgress: null, budget: 1 };

type RunPatch = Partial<SensitivityRun> | ((r: SensitivityRun) => Partial<SensitivityRun>);

export const createSensitivitySlice: LabSlice<SensitivitySlice> = (ctx) => (set, get) => {
  const sweepJob = jobToken(ctx.nextJobId);
  let lastRunId = 0;

  function addRun(run: Omit<SensitivityRun, 'id'>): number {
    const id = ++lastRunId;
    set((s) => ({ runs: [...s.runs, { ...run, id }], activeRun: id, ...noProposal }));
    return id;
  }

  const updateRun = (id: number, patch: RunPatch) =>
    set((s) => ({
      runs: s.runs.map((r) => (r.id === id ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)),
    }));

  return {
    ...initialSensitivity,

    async startSweep(request) {
      if (!ctx.worker || !get().model) return;
      const jobId = sweepJob.start();
      const baselineTop1 = request.mode === 'labels' ? (get().baseline?.metrics.top1 ?? null) : 100;
      set({ sweepProgress: null });
      const id = addRun({
        label: i18n.t('sensitivity.runLabel', {
          n: lastRunId + 1,
          group: i18n.t(`sensitivity.groupWord.${request.group}`),
        }),
        source: 'sweep',
        request,
        rows: [],
        status: 'running',
        notes: [],
        ms: null,
        baselineTop1,
      });
      const update = (patch: RunPatch) => updateRun(id, patch);
      try {
        const outcome = await requireWorker(ctx).api.sweep(
          request,
          jobId,
          ctx.deps.callback((e: SweepEvent) => {
            // callbacks travel on their own channel: a late row after the outcome must not be added twice
            if (e.type === 'row')
              update((r) =>
                r.status === 'running'
                  ? { rows: [...r.rows, e.row], baselineTop1: e.row.sparsity === 0 ? e.row.top1 : r.baselineTop1 }
                  : {},
              );
            else if (e.type === 'progress') set({ sweepProgress: { done: e.done, total: e.total, tensor: e.tensor } });
            else update((r) => ({ notes: [...r.notes, e.text] }));
          }),
        );
        if (outcome.status === 'refused') {
          update({ status: 'failed' });
          get().notify('error', i18n.t('sensitivity.notice.refused', { detail: outcome.reason }));
          return;
        }
        const result = outcome.status === 'done' ? outcome.result : outcome.partial;
        // the sweep's own dense row (sparsity 0, on exactly the sweep's images) is the fairest baseline
        const dense = result.rows.find((r) => r.sparsity === 0);
        update((r) => ({
          status: outcome.status === 'done' ? 'done' : 'cancelled',
          ms: result.ms,
          rows: result.rows,
          baselineTop1: dense ? dense.top1 : r.baselineTop1,
        }));
      } catch (e) {
        update({ status: 'failed' });
        get().notify('error', i18n.t('sensitivity.notice.failed', { detail: message(e) }));
      } finally {
        if (sweepJob.isCurrent(jobId)) set({ sweepProgress: null });
      }
    },
    cancelSweep() {
      if (ctx.worker && sweepJob.current()) void ctx.worker.api.cancel(sweepJob.current());
    },
    importSensitivityCsv(name, text) {
      try {
        const curves = parseDistillerCsv(text, name);
        const tensors = get().model?.tensors.map((t) => t.name) ?? [];
        const rows = toModelTensorNames(
          curves.flatMap((c) => c.points.map((p) => ({ ...p, n: 0 }))),
          tensors,
        );
        const dense = rows.filter((r) => r.sparsity === 0).map((r) => r.top1);
        addRun({
          label: name,
          source: 'import',
          request: null,
          rows,
          status: 'done',
          notes: [],
          ms: null,
          baselineTop1: dense.length ? Math.max(...dense) : null,
        });
        get().notify('info', i18n.t('sensitivity.notice.imported', { n: curves.length, name }));
      } catch (e) {
        get().notify('error', i18n.t('sensitivity.notice.importFailed', { name, detail: message(e) }));
      }
    },
    selectRun(id) {
      set({ activeRun: id, ...noProposal });
    },
    setBudget(budget) {
      set({ budget });
    },
    proposePlan(method) {
      const run = get().runs.find((r) => r.id === get().activeRun);
      if (!run || !run.rows.length) {
        get().notify('error', i18n.t('sensitivity.notice.runFirst'));
        return;
      }
      if (run.baselineTop1 === null) {
        get().notify('error', i18n.t('sensitivity.notice.noBaseline'));
        return;
      }
      const params = Object.fromEntries((get().model?.tensors ?? []).map((t) => [t.name, t.size]));
      try {
        const proposal = planFromCurves(run.rows, {
          baselineTop1: run.baselineTop1,
          budget: get().budget,
          method,
          params,
        });
        set({ proposal, proposalMeasured: null });
      } catch (e) {
        get().notify('error', message(e));
      }
    },
    async applyProposal() {
      const { proposal, model, runs, activeRun } = get();
      const run = runs.find((r) => r.id === activeRun);
      if (!proposal || !model || !run || run.baselineTop1 === null) return;
      const known = new Set(model.tensors.map((t) => t.name));
      const unknown = proposal.entries.filter((e) => !known.has(e.parameter)).map((e) => e.parameter);
      if (unknown.length) get().notify('warning', i18n.t('sensitivity.notice.leftOut', { names: unknown.join(', ') }));
      const entries = proposal.entries.filter((e) => known.has(e.parameter));
      const plan = planFromProposal(entries, run.request?.group ?? 'element', get().ranking);
      const predictedTop1 = run.baselineTop1 - proposal.predictedDrop;
      set({ proposalMeasured: { predictedTop1, measuredTop1: null } });
      await get().setPlan(plan);
      // measured only when this plan's evaluation finished (not refused, superseded or cancelled)
      const { plan: now, evaluating, full, proposalMeasured } = get();
      if (now === plan && evaluating === null && proposalMeasured && full)
        set({ proposalMeasured: { ...proposalMeasured, measuredTop1: full.metrics.top1 } });
    },
  };
};
