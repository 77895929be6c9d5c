// Every chart of the three views as a standalone SVG, for the report. A chart is drawn only by its
// view, so each view is shown in turn (until its charts have their size), its charts are copied, and
// the view the user had comes back. A panel with nothing to show (no sweep, no run yet) draws no chart.
import type { ReportChart } from '../../core/report/report-input';
import type { View } from '../../state/types';
import { buildExportSvg } from '../shared/chart-export';
import { VIEWS } from './ViewTabs';

/** charts: figures with role="img" (an svg, or a box holding recharts' svg) and the heat map */
const CHART_SELECTOR = '[role="img"], svg.heatmap';
const SETTLE_MS = 150;
const SETTLE_TRIES = 10;
/** a figure still at recharts' first, unmeasured size is not drawn yet */
const MIN_SIDE = 40;

const frames = () =>
  new Promise<void>((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, SETTLE_MS))),
  );

const area = (svg: SVGSVGElement) => {
  const box = svg.getBoundingClientRect();
  return box.width * box.height;
};

/** The chart's drawing: the figure itself when it is an svg, else its largest svg (not a legend icon). */
function drawingOf(el: Element): SVGSVGElement | null {
  if (el instanceof SVGSVGElement) return el;
  const svgs = [...el.querySelectorAll('svg')];
  return svgs.length ? svgs.reduce((a, b) => (area(b) > area(a) ? b : a)) : null;
}

function drawn(svg: SVGSVGElement | null): svg is SVGSVGElement {
  const box = svg?.getBoundingClientRect();
  return !!box && box.width >= MIN_SIDE && box.height >= MIN_SIDE;
}

/** Waits until every figure of the view on screen is drawn at its size (or SETTLE_TRIES rounds pass). */
async function settle() {
  for (let i = 0; i < SETTLE_TRIES; i++) {
    await frames();
    if ([...document.querySelectorAll(CHART_SELECTOR)].every((f) => drawn(drawingOf(f)))) return;
  }
}

function chartsOnScreen(view: View): ReportChart[] {
  const out: ReportChart[] = [];
  document.querySelectorAll(CHART_SELECTOR).forEach((el, i) => {
    const svg = drawingOf(el);
    if (!drawn(svg)) return;
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
      await settle();
      const found = chartsOnScreen(id);
      if (!found.length) viewsWithoutCharts.push(id);
      charts.push(...found);
    }
  } finally {
    setView(current);
  }
  return { charts, viewsWithoutCharts };
}
