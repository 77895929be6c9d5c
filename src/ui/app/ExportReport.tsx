// "Export report": one .zip with the pruned model, masks, schedule YAML, sensitivity CSVs, every
// chart as SVG, the summary and cost tables and a self-contained report.html.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildReportFiles, safeFileName, zipReport } from '../../core/report/report-files';
import { saveBytes } from '../shared/download';
import { useLab, useLabActions } from '../shared/use-lab';
import { collectCharts } from './ExportReportCharts';

export function ExportReport() {
  const { t } = useTranslation();
  const model = useLab((s) => s.model);
  const view = useLab((s) => s.view);
  const { gatherReport, setView, notify } = useLabActions();
  const [busy, setBusy] = useState(false);

  async function exportReport() {
    setBusy(true);
    try {
      const data = await gatherReport();
      if (!data) return;
      const { charts, viewsWithoutCharts } = await collectCharts(view, setView);
      const files = buildReportFiles({ ...data, charts, viewsWithoutCharts, createdAt: new Date().toISOString() });
      const name = `prunelab-report-${safeFileName(data.modelName)}.zip`;
      saveBytes(name, zipReport(files), 'application/zip');
      notify('info', t('session.notice.reportDone', { name }));
    } catch (e) {
      notify('error', t('session.notice.reportFailed', { reason: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <button
      type="button"
      className="btn"
      title={t('session.report.title')}
      disabled={!model || busy}
      onClick={() => void exportReport()}
    >
      {busy ? t('session.report.exporting') : t('session.report.export')}
    </button>
  );
}
