import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { exportPng, exportSvg, type LegendItem } from './chart-export';
import { useLabActions } from './use-lab';

/** "Export SVG" / "Export PNG" for the chart inside `target`, legend drawn into the file. */
export function ChartExportButtons(props: {
  target: RefObject<HTMLElement | null>;
  chartName: string;
  fileBase: string;
  legend: readonly LegendItem[];
  title: string;
  disabled?: boolean;
}) {
  const { notify } = useLabActions();
  const { t } = useTranslation();
  const chart = props.chartName;
  const fail = (e: unknown) => notify('error', t('app.chart.failed', { chart, detail: (e as Error).message }));
  return (
    <span className="export-buttons">
      <button
        type="button"
        className="btn btn-small"
        aria-label={t('app.chart.svgName', { chart })}
        disabled={props.disabled}
        onClick={() => {
          try {
            exportSvg(props.target.current, `${props.fileBase}.svg`, props.legend, props.title);
          } catch (e) {
            fail(e);
          }
        }}
      >
        {t('app.chart.exportSvg')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label={t('app.chart.pngName', { chart })}
        disabled={props.disabled}
        onClick={() => exportPng(props.target.current, `${props.fileBase}.png`, props.legend, props.title).catch(fail)}
      >
        {t('app.chart.exportPng')}
      </button>
    </span>
  );
}
