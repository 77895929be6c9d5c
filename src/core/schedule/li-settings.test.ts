import { describe, expect, it } from 'vitest';
import { checkLiSettings, LI_DEFAULTS, liPlan, liRatios, liReport, type LiMeasures } from './li-settings';
import { liTable } from './li-table';

// Hand-made curves: dense top-1 90 on the sweep's images.
//   a: 89.8 at 0.25, 89.1 at 0.5, 85 at 0.75  -> within 1 pp up to 0.5
//   b: 88.5 at 0.25 (already 1.5 pp)           -> kept whole
//   c: 90.3 at 0.25, 89.9 at 0.5, 89.0 at 0.75 -> 0.75 (drop exactly 1.0 is within)
const row = (parameter: string, sparsity: number, top1: number) => ({ parameter, sparsity, top1, top5: 99, loss: 0.3 });
const ROWS = [
  row('a', 0, 90),
  row('a', 0.25, 89.8),
  row('a', 0.5, 89.1),
  row('a', 0.75, 85),
  row('b', 0, 90),
  row('b', 0.25, 88.5),
  row('b', 0.5, 80),
  row('c', 0, 90),
  row('c', 0.25, 90.3),
  row('c', 0.5, 89.9),
  row('c', 0.75, 89.0),
];

describe('liRatios', () => {
  it('takes, per layer, the largest ratio whose own drop is within the budget', () => {
    const r = liRatios(ROWS, 90, 1);
    expect(r.map((x) => [x.parameter, x.ratio])).toEqual([
      ['a', 0.5],
      ['b', 0],
      ['c', 0.75],
    ]);
    expect(r[0].predictedDrop).toBeCloseTo(0.9, 10);
    expect(r[2].predictedDrop).toBeCloseTo(1.0, 10);
  });

  it('a budget of 0 keeps only ratios that cost nothing; a larger budget prunes more', () => {
    expect(liRatios(ROWS, 90, 0).map((x) => x.ratio)).toEqual([0, 0, 0.25]);
    expect(liRatios(ROWS, 90, 5).map((x) => x.ratio)).toEqual([0.75, 0.25, 0.75]);
  });

  it('gives the L1 filter plan of the chosen ratios; unpruned layers stay dense', () => {
    expect(liPlan(liRatios(ROWS, 90, 1))).toEqual({
      version: 1,
      tensors: {
        a: { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1', normalize: 'raw' },
        c: { kind: 'structured', group: 'filters', sparsity: 0.75, norm: 'l1', normalize: 'raw' },
      },
    });
  });
});

describe('checkLiSettings', () => {
  it('accepts the defaults and names the bad setting', () => {
    expect(() => checkLiSettings(LI_DEFAULTS)).not.toThrow();
    expect(() => checkLiSettings({ ...LI_DEFAULTS, budget: -1 })).toThrow(/budget/);
    expect(() => checkLiSettings({ ...LI_DEFAULTS, levels: [0.5, 1] })).toThrow(/filter ratios/);
    expect(() => checkLiSettings({ ...LI_DEFAULTS, epochs: 1.5 })).toThrow(/epochs/);
    expect(() => checkLiSettings({ ...LI_DEFAULTS, distill: { temperature: 4, alpha: 1.5 } })).toThrow(
      /distillation needs temperature > 0 and alpha in \[0, 1\]; got 4, 1.5/,
    );
    expect(() => checkLiSettings({ ...LI_DEFAULTS, distill: null })).not.toThrow();
  });
});

describe('liReport', () => {
  const m: LiMeasures = {
    settings: LI_DEFAULTS,
    evaluatedOn: 1000,
    ratios: [{ parameter: 'a', ratio: 0.5, predictedDrop: 0.9 }],
    filters: { a: { before: 32, removed: 16 } },
    top1: { dense: 92.5, pruned: 88.0, fineTuned: 91.75 },
    params: { dense: 1000, thinned: 600 },
    macs: { dense: 2000, thinned: 1300 },
    latency: { batch: 256, denseMs: 30, thinnedMs: 20 },
    maxDiff: 3e-6,
    fineTuneEpochs: [],
    retraining: { distill: { temperature: 4, alpha: 0.1 }, trainingImages: 10_000, reason: 'subset' },
  };

  it('derives fractions removed, speed-up and points lost', () => {
    const r = liReport(m);
    expect(r.paramsRemoved).toBeCloseTo(0.4, 12);
    expect(r.macsRemoved).toBeCloseTo(0.35, 12);
    expect(r.speedup).toBeCloseTo(1.5, 12);
    expect(r.loss.pruned).toBeCloseTo(4.5, 12);
    expect(r.loss.fineTuned).toBeCloseTo(0.75, 12);
    expect(r.goal.met).toBe(true);
  });

  it('misses the goal on each of its three conditions', () => {
    expect(liReport({ ...m, macs: { dense: 2000, thinned: 1500 } }).goal.met).toBe(false); // 25% removed
    expect(liReport({ ...m, top1: { ...m.top1, fineTuned: 91.4 } }).goal.met).toBe(false); // 1.1 pp lost
    expect(liReport({ ...m, maxDiff: 2e-5 }).goal.met).toBe(false);
  });

  it('says which fine-tuning loss was used, on how many images and why', () => {
    expect(liTable(liReport(m))).toContain(
      'fine-tuning 6 epochs on 10000 training images, distillation from the dense model (T 4, alpha 0.1) (the subset)',
    );
    const plain = liReport({ ...m, retraining: { distill: null, trainingImages: 60_000, reason: 'full-set' } });
    expect(liTable(plain)).toContain(
      'fine-tuning 6 epochs on 60000 training images, plain cross-entropy (the full training set, as Li et al.)',
    );
    expect(liTable(liReport({ ...m, retraining: null }))).toContain('fine-tuning none (0 epochs)');
  });
});
