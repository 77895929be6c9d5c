// Shapes sensitivity rows into what the charts draw. Pure: no React, no DOM.
import type { SensitivityRow } from '../../core/lab/types';

export type SensitivityMetric = 'top1' | 'top5' | 'loss' | 'agreement' | 'kl';

/** Metrics a run's rows can show: agreement/KL only when the run was label-free. */
export function metricsOf(rows: readonly SensitivityRow[]): SensitivityMetric[] {
  const labelFree = rows.some((r) => r.kl !== undefined || r.agreement !== undefined);
  return labelFree ? ['top1', 'top5', 'loss', 'agreement', 'kl'] : ['top1', 'top5', 'loss'];
}

/** Tensor names in first-seen order. */
export function tensorsOf(rows: readonly SensitivityRow[]): string[] {
  return [...new Set(rows.map((r) => r.parameter))];
}

/** Sparsity levels present, ascending. */
export function levelsOf(rows: readonly SensitivityRow[]): number[] {
  return [...new Set(rows.map((r) => r.sparsity))].sort((a, b) => a - b);
}

/** Keeps at most `max` points, always the first and the last, evenly spaced by index. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  if (max < 2) return points.slice(0, Math.max(0, max));
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}

/** One object per sparsity (x in percent) with one key per tensor (seriesKey), as a recharts LineChart wants. */
export type CurveDatum = { x: number } & Record<string, number>;

/**
 * The data key of the i-th tensor. Tensor names can hold dots (module.conv1.weight), which recharts
 * would read as a property path, so series are keyed by position.
 */
export const seriesKey = (i: number) => `s${i}`;

/**
 * Wide rows for a line chart: x = sparsity in percent; a tensor without a row at a level has no key
 * there (early stop, or a level it was not swept at). At most `maxPoints` points per line.
 */
export function curveData(rows: readonly SensitivityRow[], metric: SensitivityMetric, maxPoints = 400): CurveDatum[] {
  const byLevel = new Map<number, CurveDatum>();
  for (const [i, name] of tensorsOf(rows).entries()) {
    const own = rows
      .filter((r) => r.parameter === name && r[metric] !== undefined)
      .sort((a, b) => a.sparsity - b.sparsity);
    for (const r of downsample(own, maxPoints)) {
      let d = byLevel.get(r.sparsity);
      if (!d) byLevel.set(r.sparsity, (d = { x: Math.round(r.sparsity * 1e6) / 1e4 } as CurveDatum));
      d[seriesKey(i)] = r[metric] as number;
    }
  }
  return [...byLevel.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}

/** The metric of each tensor at one level, in tensor order (null where it has no row). */
export function levelBars(
  rows: readonly SensitivityRow[],
  level: number,
  metric: SensitivityMetric,
): { name: string; value: number | null }[] {
  return tensorsOf(rows).map((name) => {
    const r = rows.find((x) => x.parameter === name && x.sparsity === level);
    const v = r?.[metric];
    return { name, value: v === undefined ? null : v };
  });
}

export interface HeatCell {
  parameter: string;
  sparsity: number;
  top1: number;
  /** baseline - top1 (pp); negative when pruning helped */
  drop: number;
}

export interface Heatmap {
  tensors: string[];
  levels: number[];
  /** cells[t][l], null where the tensor has no row at that level */
  cells: (HeatCell | null)[][];
  maxDrop: number;
}

/** Layer x sparsity grid of top-1 drops against `baselineTop1`. */
export function heatmapOf(rows: readonly SensitivityRow[], baselineTop1: number): Heatmap {
  const tensors = tensorsOf(rows);
  const levels = levelsOf(rows);
  let maxDrop = 0;
  const cells = tensors.map((name) =>
    levels.map((s) => {
      const r = rows.find((x) => x.parameter === name && x.sparsity === s);
      if (!r) return null;
      const drop = baselineTop1 - r.top1;
      maxDrop = Math.max(maxDrop, drop);
      return { parameter: name, sparsity: s, top1: r.top1, drop };
    }),
  );
  return { tensors, levels, cells, maxDrop };
}

/**
 * Colour of a top-1 drop: white at no drop (or a gain), through amber to deep red at `fullScale` pp
 * and beyond. A fixed scale (not the run's max) keeps two runs comparable by eye.
 */
export function dropColor(drop: number, fullScale = 20): string {
  const t = Math.min(1, Math.max(0, drop) / fullScale);
  // Square root: small drops, the ones that matter for a budget, get visible colour.
  const u = Math.sqrt(t);
  const stops: [number, number, number][] = [
    [255, 255, 255],
    [253, 196, 92],
    [194, 58, 43],
  ];
  const [a, b, k] = u < 0.5 ? [stops[0], stops[1], u / 0.5] : [stops[1], stops[2], (u - 0.5) / 0.5];
  const mix = (i: number) => Math.round(a[i] + (b[i] - a[i]) * k);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** The theme's series colours (theme.css --series-1..12): each theme picks twelve that read on its panels. */
const PALETTE = Array.from({ length: 12 }, (_, i) => `var(--series-${i + 1})`);

/** A distinct colour per series index (cycles after 12). */
export function seriesColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** Which tensor of a request is being swept: 1-based position, or null when unknown. */
export function layerPosition(
  tensors: readonly string[] | undefined,
  tensor: string,
): { index: number; count: number } | null {
  if (!tensors) return null;
  const i = tensors.indexOf(tensor);
  return i < 0 ? null : { index: i + 1, count: tensors.length };
}

/** Writes levels back as "start:stop:step" when evenly spaced (as a user would type them), else as a list. */
export function levelsSpec(levels: readonly number[]): string {
  const r = (x: number) => Math.round(x * 1e10) / 1e10;
  if (levels.length >= 3) {
    const step = r(levels[1] - levels[0]);
    const even = step > 0 && levels.every((v, i) => Math.abs(v - (levels[0] + i * step)) < 1e-9);
    if (even) return `${r(levels[0])}:${r(levels[levels.length - 1])}:${step}`;
  }
  return levels.map(r).join(',');
}

/** Curves drawn at first: every layer of a small run, else this many. */
export const DEFAULT_CURVES = 8;

/**
 * The `max` layers whose top-1 falls lowest at any level (the most sensitive), in first-seen
 * (network) order; every layer when there are no more than `max`. Ties keep the earlier layer.
 */
export function mostSensitive(rows: readonly SensitivityRow[], max = DEFAULT_CURVES): string[] {
  const tensors = tensorsOf(rows);
  if (tensors.length <= max) return tensors;
  const worst = new Map<string, number>();
  for (const r of rows) worst.set(r.parameter, Math.min(worst.get(r.parameter) ?? Infinity, r.top1));
  const picked = new Set([...tensors].sort((a, b) => worst.get(a)! - worst.get(b)!).slice(0, max));
  return tensors.filter((t) => picked.has(t));
}

/** `names` with `name` added or removed, in the order of `all`. */
export function toggledIn(names: readonly string[], name: string, all: readonly string[]): string[] {
  const next = new Set(names);
  if (next.has(name)) next.delete(name);
  else next.add(name);
  return all.filter((t) => next.has(t));
}
