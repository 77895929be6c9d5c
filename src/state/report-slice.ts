// Gathers what the shareable report is made of: the pruned model's files, masks, tables from the
// worker and the runs and schedule from the store. The page adds the charts and zips it.
import type { ReportInput } from '../core/report/report-input';
import { i18n } from '../i18n/i18n';
import { message, requireWorker, type LabSlice } from './store-context';

/** The report's data except what only the page can draw (the charts). */
export type ReportData = Omit<ReportInput, 'charts' | 'viewsWithoutCharts' | 'createdAt'>;

export interface ReportSlice {
  /** null when there is no model, or when the worker refused (said in a notice) */
  gatherReport(): Promise<ReportData | null>;
}

export const createReportSlice: LabSlice<ReportSlice> = (ctx) => (_set, get) => ({
  async gatherReport() {
    const s = get();
    if (!ctx.worker || !s.model) return null;
    const api = requireWorker(ctx).api;
    try {
      const [modelFiles, masksJson, summary, cost] = await Promise.all([
        api.exportPruned(),
        api.exportMasks(),
        api.sparsityTable(),
        api.cost(),
      ]);
      return {
        modelName: s.model.name,
        format: s.model.format,
        modelFiles,
        masksJson,
        summary,
        cost,
        scheduleYaml: s.exportScheduleYaml(),
        runs: s.runs.filter((r) => r.rows.length).map((r) => ({ label: r.label, rows: r.rows })),
        dense: s.baseline?.metrics ?? null,
        pruned: s.full?.metrics ?? null,
        sparsity: s.sparsity?.total.sparsity ?? null,
      };
    } catch (e) {
      get().notify('error', i18n.t('session.notice.reportFailed', { reason: message(e) }));
      return null;
    }
  },
});
