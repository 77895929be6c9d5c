// Saves a chart as a standalone SVG or PNG that carries its own legend and colours.
// The page draws legends as HTML and colours from CSS variables; a saved file has neither, so the
// export clones the <svg>, inlines the computed styles, and draws the legend into the SVG itself.
import { saveBytes } from './download';

export interface LegendItem {
  label: string;
  color: string;
  /** drawn as a line (curves) or a filled square (bars, heat-map scale) */
  shape?: 'line' | 'square';
  /** hidden series are drawn greyed */
  muted?: boolean;
}

export interface PlacedLegendItem extends LegendItem {
  x: number;
  y: number;
}

const SWATCH = 14;
const GAP = 18;
const ROW = 20;

/**
 * Flows legend items left to right in rows no wider than `width`; text width is estimated from the
 * font size (no layout engine in a detached SVG). Returns positions and the height the rows take.
 */
export function layoutLegend(
  items: readonly LegendItem[],
  width: number,
  fontSize = 12,
  pad = 12,
): { items: PlacedLegendItem[]; height: number } {
  const placed: PlacedLegendItem[] = [];
  let x = pad;
  let y = pad;
  for (const item of items) {
    const w = SWATCH + 6 + Math.ceil(item.label.length * fontSize * 0.6);
    if (x > pad && x + w > width - pad) {
      x = pad;
      y += ROW;
    }
    placed.push({ ...item, x, y });
    x += w + GAP;
  }
  return { items: placed, height: items.length ? y + ROW + pad - 4 : 0 };
}

/** Replaces var(--name) (and var(--name, fallback)) with what `lookup` gives, or the fallback. */
export function resolveCssVars(text: string, lookup: (name: string) => string): string {
  return text.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)/g, (_, name: string, fallback?: string) => {
    const v = lookup(name).trim();
    return v || (fallback ?? '').trim();
  });
}

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A standalone copy of `svg`: styles inlined, white background, optional title, legend below. */
export function buildExportSvg(svg: SVGSVGElement, legend: readonly LegendItem[], title?: string): string {
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width || Number(svg.getAttribute('width')) || 600);
  const height = Math.ceil(box.height || Number(svg.getAttribute('height')) || 300);
  const clone = svg.cloneNode(true) as SVGSVGElement;

  // Computed styles resolve CSS variables and class rules; copy them element by element.
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  const root = getComputedStyle(document.documentElement);
  const lookup = (name: string) => root.getPropertyValue(name);
  from.forEach((src, i) => {
    const dst = to[i] as Element | undefined;
    if (!dst) return;
    const cs = getComputedStyle(src);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    dst.setAttribute('style', style);
    for (const attr of ['fill', 'stroke', 'stop-color']) {
      const v = dst.getAttribute(attr);
      if (v?.includes('var(')) dst.setAttribute(attr, resolveCssVars(v, lookup));
    }
    dst.removeAttribute('class');
  });

  const top = title ? 26 : 0;
  const { items, height: legendHeight } = layoutLegend(legend, width);
  const total = top + height + legendHeight;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(total));
  clone.setAttribute('viewBox', `0 0 ${width} ${total}`);
  clone.removeAttribute('style');

  // Move the chart below the title inside a group, then add background, title and legend.
  const body = el('g', { transform: `translate(0, ${top})` });
  while (clone.firstChild) body.appendChild(clone.firstChild);
  const font = resolveCssVars(getComputedStyle(document.body).fontFamily || 'sans-serif', lookup).replace(/"/g, "'");
  const text = resolveCssVars('var(--text, #172033)', lookup);
  clone.appendChild(
    el('rect', { x: 0, y: 0, width, height: total, fill: resolveCssVars('var(--panel, #ffffff)', lookup) }),
  );
  if (title)
    clone.appendChild(
      el('text', { x: 12, y: 18, 'font-family': font, 'font-size': 14, 'font-weight': 600, fill: text }, title),
    );
  clone.appendChild(body);
  const legendGroup = el('g', { transform: `translate(0, ${top + height})`, 'font-family': font, 'font-size': 12 });
  for (const it of items) {
    const color = resolveCssVars(it.muted ? 'var(--legend-off, #b8bfcc)' : it.color, lookup);
    if (it.shape === 'square')
      legendGroup.appendChild(
        el('rect', {
          x: it.x,
          y: it.y,
          width: SWATCH,
          height: SWATCH,
          fill: color,
          stroke: resolveCssVars('var(--dense, #c5cbd8)', lookup),
        }),
      );
    else
      legendGroup.appendChild(
        el('line', {
          x1: it.x,
          y1: it.y + SWATCH / 2,
          x2: it.x + SWATCH,
          y2: it.y + SWATCH / 2,
          stroke: color,
          'stroke-width': 3,
        }),
      );
    legendGroup.appendChild(
      el(
        'text',
        {
          x: it.x + SWATCH + 6,
          y: it.y + SWATCH - 3,
          fill: it.muted ? resolveCssVars('var(--legend-off, #9aa3b5)', lookup) : text,
        },
        it.label,
      ),
    );
  }
  clone.appendChild(legendGroup);
  return new XMLSerializer().serializeToString(clone);
}

/** The chart's main <svg> inside `container` (recharts' surface, or the first svg). */
export function chartSvgIn(container: HTMLElement | null): SVGSVGElement | null {
  if (!container) return null;
  return container.querySelector<SVGSVGElement>('svg.recharts-surface') ?? container.querySelector('svg');
}

export function exportSvg(
  container: HTMLElement | null,
  fileName: string,
  legend: readonly LegendItem[],
  title?: string,
): void {
  const svg = chartSvgIn(container);
  if (!svg) throw new Error('There is no chart to export yet.');
  saveBytes(fileName, buildExportSvg(svg, legend, title), 'image/svg+xml');
}

/** Draws the standalone SVG into a canvas at `scale`× and saves it as PNG. */
export async function exportPng(
  container: HTMLElement | null,
  fileName: string,
  legend: readonly LegendItem[],
  title?: string,
  scale = 2,
): Promise<void> {
  const svg = chartSvgIn(container);
  if (!svg) throw new Error('There is no chart to export yet.');
  const text = buildExportSvg(svg, legend, title);
  const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(text);
  const [w, h] = size ? [Number(size[1]), Number(size[2])] : [600, 300];
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart image could not be drawn for PNG export.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = w * scale;
    canvas.height = h * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser gives no 2D canvas for PNG export.');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The browser could not encode the chart as PNG.');
    saveBytes(fileName, new Uint8Array(await blob.arrayBuffer()), 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
