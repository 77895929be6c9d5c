import type { RefObject } from 'react';
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
  const fail = (e: unknown) =>
    notify('error', `Could not export the ${props.chartName} chart: ${(e as Error).message}`);
  return (
    <span className="export-buttons">
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Export SVG of the ${props.chartName} chart`}
        disabled={props.disabled}
        onClick={() => {
          try {
            exportSvg(props.target.current, `${props.fileBase}.svg`, props.legend, props.title);
          } catch (e) {
            fail(e);
          }
        }}
      >
        Export SVG
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Export PNG of the ${props.chartName} chart`}
        disabled={props.disabled}
        onClick={() => exportPng(props.target.current, `${props.fileBase}.png`, props.legend, props.title).catch(fail)}
      >
        Export PNG
      </button>
    </span>
  );
}
