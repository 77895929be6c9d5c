import { describe, expect, it } from 'vitest';
import type { SensitivityRow } from '../../core/lab/types';
import {
  curveData,
  downsample,
  dropColor,
  heatmapOf,
  layerPosition,
  levelBars,
  levelsSpec,
  levelsOf,
  metricsOf,
  mostSensitive,
  seriesColor,
  seriesKey,
  tensorsOf,
  toggledIn,
} from './sensitivity-series';

const row = (
  parameter: string,
  sparsity: number,
  top1: number,
  extra: Partial<SensitivityRow> = {},
): SensitivityRow => ({
  parameter,
  sparsity,
  top1,
  top5: top1 + 1,
  loss: (100 - top1) / 100,
  n: 1000,
  ...extra,
});

// Two tensors; "b" stopped early after 0.5 and rows arrive out of order.
const rows: SensitivityRow[] = [
  row('module.a.weight', 0, 98),
  row('module.a.weight', 0.5, 97),
  row('b/kernel', 0.5, 60),
  row('module.a.weight', 0.9, 80),
  row('b/kernel', 0, 98),
];

describe('sensitivity series', () => {
  it('lists tensors in first-seen order and levels ascending', () => {
    expect(tensorsOf(rows)).toEqual(['module.a.weight', 'b/kernel']);
    expect(levelsOf(rows)).toEqual([0, 0.5, 0.9]);
  });

  it('offers agreement and KL only for label-free rows', () => {
    expect(metricsOf(rows)).toEqual(['top1', 'top5', 'loss']);
    expect(metricsOf([row('a', 0, 100, { agreement: 100, kl: 0 })])).toEqual([
      'top1',
      'top5',
      'loss',
      'agreement',
      'kl',
    ]);
  });

  it('builds wide chart rows keyed by series position, x in percent, missing levels left out', () => {
    const data = curveData(rows, 'top1');
    expect(data).toEqual([
      { x: 0, [seriesKey(0)]: 98, [seriesKey(1)]: 98 },
      { x: 50, [seriesKey(0)]: 97, [seriesKey(1)]: 60 },
      { x: 90, [seriesKey(0)]: 80 },
    ]);
    expect(curveData(rows, 'kl')).toEqual([]);
  });

  it('turns 0.05 steps into exact percents', () => {
    const data = curveData([row('a', 0.15000000000000002, 90), row('a', 0.35, 80)], 'top1');
    expect(data.map((d) => d.x)).toEqual([15, 35]);
  });

  it('downsamples to at most max points keeping both ends', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const d = downsample(xs, 400);
    expect(d.length).toBe(400);
    expect(d[0]).toBe(0);
    expect(d[399]).toBe(1000);
    expect(downsample([1, 2, 3], 400)).toEqual([1, 2, 3]);
    const bounded = curveData(
      xs.map((i) => row('a', i / 1000, 50)),
      'top1',
      400,
    );
    expect(bounded.length).toBe(400);
  });

  it('gives per-level bars with null where a tensor has no row', () => {
    expect(levelBars(rows, 0.9, 'top1')).toEqual([
      { name: 'module.a.weight', value: 80 },
      { name: 'b/kernel', value: null },
    ]);
  });

  it('computes top-1 drops against the baseline for the heat map', () => {
    const h = heatmapOf(rows, 98);
    expect(h.tensors).toEqual(['module.a.weight', 'b/kernel']);
    expect(h.levels).toEqual([0, 0.5, 0.9]);
    expect(h.cells[0].map((c) => c?.drop)).toEqual([0, 1, 18]);
    expect(h.cells[1][2]).toBeNull();
    expect(h.cells[1][1]?.drop).toBe(38);
    expect(h.maxDrop).toBe(38);
  });

  it('colours no drop white and a full-scale drop deep red, gains like no drop', () => {
    expect(dropColor(0)).toBe('rgb(255, 255, 255)');
    expect(dropColor(-3)).toBe('rgb(255, 255, 255)');
    expect(dropColor(20)).toBe('rgb(194, 58, 43)');
    expect(dropColor(500)).toBe('rgb(194, 58, 43)');
    // sqrt scale: a quarter of full scale sits at the amber midpoint
    expect(dropColor(5)).toBe('rgb(253, 196, 92)');
  });

  it('gives distinct colours to the first twelve series', () => {
    const cs = Array.from({ length: 12 }, (_, i) => seriesColor(i));
    expect(new Set(cs).size).toBe(12);
    expect(seriesColor(12)).toBe(seriesColor(0));
  });

  it('finds the layer being swept', () => {
    expect(layerPosition(['a', 'b', 'c'], 'b')).toEqual({ index: 2, count: 3 });
    expect(layerPosition(['a'], 'z')).toBeNull();
    expect(layerPosition(undefined, 'a')).toBeNull();
  });

  it('writes evenly spaced levels back as a range, others as a list', () => {
    const range = Array.from({ length: 19 }, (_, i) => Math.round(i * 0.05 * 1e10) / 1e10);
    expect(levelsSpec(range)).toBe('0:0.9:0.05');
    expect(levelsSpec([0, 0.1, 0.5])).toBe('0,0.1,0.5');
    expect(levelsSpec([0.2, 0.4])).toBe('0.2,0.4');
  });
});

describe('mostSensitive', () => {
  // five layers; their lowest top-1: a 90, b 40, c 70, d 40, e 95
  const many: SensitivityRow[] = [
    row('a', 0, 98),
    row('a', 0.9, 90),
    row('b', 0.5, 60),
    row('b', 0.9, 40),
    row('c', 0.9, 70),
    row('d', 0.9, 40),
    row('e', 0.9, 95),
  ];
  it('keeps the layers whose top-1 falls lowest, in network order, earlier layer first on a tie', () => {
    expect(mostSensitive(many, 3)).toEqual(['b', 'c', 'd']);
    expect(mostSensitive(many, 1)).toEqual(['b']);
    expect(mostSensitive(many, 2)).toEqual(['b', 'd']);
  });
  it('keeps every layer of a small run', () => {
    expect(mostSensitive(many, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(mostSensitive(rows)).toEqual(['module.a.weight', 'b/kernel']);
  });
});

describe('toggledIn', () => {
  it('adds or removes one name and keeps the order of all', () => {
    const all = ['a', 'b', 'c', 'd'];
    expect(toggledIn(['c', 'a'], 'b', all)).toEqual(['a', 'b', 'c']);
    expect(toggledIn(['a', 'b', 'c'], 'b', all)).toEqual(['a', 'c']);
    expect(toggledIn([], 'd', all)).toEqual(['d']);
  });
});
