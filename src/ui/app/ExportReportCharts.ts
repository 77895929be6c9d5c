// Every chart of the three views as a standalone SVG, for the report. A chart is drawn only by its
// view, so each view is shown in turn (a few frames), its charts are copied, and the view the user
// had comes back. A panel with nothing to show (no sweep, no run yet) draws no chart.
import type { ReportChart } from '../../core/report/report-input';
import type { View } from '../../state/types';
import { buildExportSvg, chartSvgIn } from '../shared/chart-export';
import { VIEWS } from './ViewTabs';

/** charts: figures with role="img" (an svg, or a box holding recharts' svg) and the heat map */
const CHART_SELECTOR = '[role="img"], svg.heatmap';
const SETTLE_MS = 250;

const frames = () =>
  new Promise<void>((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, SETTLE_MS))),
  );

function chartsOnScreen(view: View): ReportChart[] {
  const out: ReportChart[] = [];
  document.querySelectorAll<HTMLElement | SVGSVGElement>(CHART_SELECTOR).forEach((el, i) => {
    const svg = el instanceof SVGSVGElement ? el : chartSvgIn(el as HTMLElement);
    if (!svg || svg.getBoundingClientRect().width === 0) return;
    const title = el.getAttribute('aria-label') ?? `${view} chart ${i + 1}`;
    out.push({ name: `${view}-${out.length + 1}`, title, svg: buildExportSvg(svg, [], title) });
  });
  return out;
}

export async function collectCharts(
  current: View,
  setView: (v: View) => void,
): Promise<{ charts: ReportChart[]; viewsWithoutCharts: string[] }> {
  const charts: ReportChart[] = [];
  const viewsWithoutCharts: string[] = [];
  try {
    for (const { id } of VIEWS) {
      setView(id);
      await frames();
      const found = chartsOnScreen(id);
      if (!found.length) viewsWithoutCharts.push(id);
      charts.push(...found);
    }
  } finally {
    setView(current);
  }
  return { charts, viewsWithoutCharts };
}
