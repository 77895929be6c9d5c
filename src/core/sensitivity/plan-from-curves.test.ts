import { describe, expect, it } from 'vitest';
import type { SensitivityPoint } from './csv';
import { planFromCurves, predictedDropText } from './plan-from-curves';

const curve = (parameter: string, top1s: [number, number][]): SensitivityPoint[] =>
  top1s.map(([sparsity, top1]) => ({ parameter, sparsity, top1, top5: 100, loss: 0 }));

// Baseline 90: 'a' is tolerant, 'b' sensitive.
const rows = [
  ...curve('a', [
    [0, 90],
    [0.5, 89.8],
    [0.9, 88.5],
  ]),
  ...curve('b', [
    [0, 90],
    [0.5, 89],
    [0.9, 80],
  ]),
];

describe('planFromCurves', () => {
  it('greedy: per layer the largest level within the budget', () => {
    const p = planFromCurves(rows, { baselineTop1: 90, budget: 1, method: 'greedy' });
    expect(p.entries.map((e) => [e.parameter, e.sparsity])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
    ]);
    expect(p.entries[0].predictedDrop).toBeCloseTo(0.2, 10);
    expect(p.predictedDrop).toBeCloseTo(1.2, 10); // the sum may exceed the budget: greedy is per layer
  });
  it('global: keeps the summed drop within the budget, spending it where most params go', () => {
    const params = { a: 1000, b: 100 };
    const p = planFromCurves(rows, { baselineTop1: 90, budget: 1.6, method: 'global', params });
    // a to 0.9 (1.5 pp, 900 params) beats b to 0.5 (1 pp, 50 params); a:0.9 + b:0.5 would cost 2.5.
    expect(p.entries.map((e) => [e.parameter, e.sparsity])).toEqual([
      ['a', 0.9],
      ['b', 0],
    ]);
    expect(p.predictedDrop).toBeCloseTo(1.5, 10);
    expect(p.removedParams).toBe(900);
    const tight = planFromCurves(rows, { baselineTop1: 90, budget: 0.1, method: 'global', params });
    expect(tight.entries.every((e) => e.sparsity === 0)).toBe(true);
    expect(() => planFromCurves(rows, { baselineTop1: 90, budget: 1, method: 'global' })).toThrow(
      'needs the element count',
    );
    expect(() => planFromCurves(rows, { baselineTop1: 90, budget: -1, method: 'greedy' })).toThrow('budget');
  });

  // As on the VGG demo: conv1 sensitive, conv2-4 lose 0.8 pp each at 10% and much more beyond.
  const vgg = ['conv1', 'conv2', 'conv3', 'conv4'].flatMap((name, i) =>
    curve(`${name}/kernel`, [
      [0, 90],
      [0.1, i === 0 ? 87 : 89.2],
      [0.2, i === 0 ? 80 : 87.5],
    ]),
  );
  const params = { 'conv1/kernel': 450, 'conv2/kernel': 9216, 'conv3/kernel': 18432, 'conv4/kernel': 36864 };

  it('greedy bounds each layer by the budget, and says the budget is per layer', () => {
    const p = planFromCurves(vgg, { baselineTop1: 90, budget: 1, method: 'greedy', params });
    expect(p.entries.map((e) => e.sparsity)).toEqual([0, 0.1, 0.1, 0.1]);
    for (const e of p.entries) expect(e.predictedDrop).toBeLessThanOrEqual(1);
    expect(p.predictedDrop).toBeCloseTo(2.4, 10);
    expect(p.budget).toEqual({ pp: 1, per: 'layer' });
    expect(predictedDropText(p)).toBe(
      '2.40 pp (sum of single-layer drops); each layer within 1.00 pp, the per-layer budget',
    );
  });

  it('global keeps the total predicted drop within the budget, and says the budget is the total', () => {
    const p = planFromCurves(vgg, { baselineTop1: 90, budget: 1, method: 'global', params });
    expect(p.predictedDrop).toBeLessThanOrEqual(1);
    // one layer at 10% fits (0.8 pp): the one with the most weights
    expect(p.entries.map((e) => e.sparsity)).toEqual([0, 0, 0, 0.1]);
    expect(p.budget).toEqual({ pp: 1, per: 'total' });
    expect(predictedDropText(p)).toBe('0.80 pp (sum of single-layer drops), within 1.00 pp, the total budget');
  });
});
