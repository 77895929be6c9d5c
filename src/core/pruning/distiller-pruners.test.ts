// Distiller's remaining pruners against hand-computed vectors (Distiller's formulas in the comments).
import { describe, expect, it } from 'vitest';
import { baiduRnnThreshold } from './baidu-rnn';
import { structureGroupFor } from './distiller-groups';
import { groupNorms, groupThresholdMask } from './group-threshold';
import {
  activationRankedFiltersToPrune,
  bernoulliFilterMask,
  filtersToPruneByValue,
  gradientFilterScores,
  gradientRankedFiltersToPrune,
  leaderStructureMasks,
  randomFiltersToPrune,
} from './ranked-filters';
import { splicingMask, splicingSensitivity, splicingStats, splicingThresholds } from './splicing';
import { maskFromStructures } from './structures';

describe('SplicingPruner (Dynamic Network Surgery)', () => {
  const w = [0.1, -0.2, 0.3, -0.4, 0.5];
  // |w| = .1 .. .5: mean 0.3, sample std sqrt(0.1 / 4) = 0.158113883
  const stats = splicingStats(w);

  it('measures mean and sample std of |w|', () => {
    expect(stats.meanAbs).toBeCloseTo(0.3, 12);
    expect(stats.stdAbs).toBeCloseTo(Math.sqrt(0.025), 12);
  });

  it('prunes below a, keeps from b, keeps the previous mask in between (weights come back)', () => {
    // s = 1: base = 0.458113883, a = 0.412302495, b = 0.503925271
    const t1 = splicingThresholds(stats, 1, 0.9, 1.1);
    expect(t1.low).toBeCloseTo(0.412302495, 8);
    expect(t1.high).toBeCloseTo(0.503925271, 8);
    expect([...splicingMask(w, null, t1)]).toEqual([0, 0, 0, 0, 1]);
    expect([...splicingMask(w, Uint8Array.from([1, 1, 1, 1, 0]), t1)]).toEqual([0, 0, 0, 0, 0]);
    // s = 0: a = 0.27, b = 0.33; |w| = 0.4 was pruned and is spliced back in
    const t0 = splicingThresholds(stats, 0, 0.9, 1.1);
    expect([...splicingMask(w, Uint8Array.from([0, 1, 0, 0, 0]), t0)]).toEqual([0, 0, 0, 1, 1]);
    expect([...splicingMask(w, Uint8Array.from([0, 1, 1, 0, 0]), t0)]).toEqual([0, 0, 1, 1, 1]);
  });

  it('grows the sensitivity linearly with sensitivity_multiplier', () => {
    expect(splicingSensitivity(0.05, 0.015, 10, 0)).toBeCloseTo(0.0575, 12);
    expect(splicingSensitivity(0.05, 0, 10, 0)).toBe(0.05);
  });
});

describe('BaiduRNNPruner threshold ramp', () => {
  // q 0.17, start 4, end 21, freq 3, ramp offset 3 (ramp = 7), slope mult 2:
  // start_slope = 2 * 0.17 * 3 / (2 * 3 + 3 * 14) = 0.02125, ramp_slope = 0.0425
  const s = { q: 0.17, rampEpochOffset: 3, rampSlopeMult: 2, startingEpoch: 4, endingEpoch: 21, frequency: 3 };
  it('follows equation (1) and algorithm (1) per epoch', () => {
    expect(baiduRnnThreshold(4, s)).toBeCloseTo(0.02125 / 3, 12);
    expect(baiduRnnThreshold(6, s)).toBeCloseTo((0.02125 * 3) / 3, 12);
    expect(baiduRnnThreshold(7, s)).toBeCloseTo((0.02125 * 4 + 0.0425) / 3, 12);
    expect(baiduRnnThreshold(10, s)).toBeCloseTo((0.02125 * 4 + 0.0425 * 4) / 3, 12);
  });
});

describe('filter rankers', () => {
  const values = [5, 1, 3, 3, 2];
  it('prunes k = floor(s F) filters, ties resolved as the end of a stable argsort', () => {
    // numpy: argsort(v) = [1, 4, 2, 3, 0]; [:-2] keeps 1, 4, 2 -> prunes 0 and 3
    expect(filtersToPruneByValue(values, 0.4, 'highest')).toEqual([0, 3]);
    // argsort(-v) = [0, 2, 3, 4, 1]; [:-2] keeps 0, 2, 3 -> prunes 1 and 4
    expect(filtersToPruneByValue(values, 0.4, 'lowest')).toEqual([1, 4]);
    expect(filtersToPruneByValue(values, 0.19, 'highest')).toEqual([]);
    expect(activationRankedFiltersToPrune([10, 90, 50, 20], 0.5)).toEqual([1, 2]);
  });

  it('scores filters by the signed Σ w ⊙ grad', () => {
    // dense [in 2, out 3]; filter j = column j
    const w = [1, 2, 3, 4, 5, 6];
    const g = [1, 0, -1, 0.5, 1, -1];
    expect([...gradientFilterScores(w, g, [2, 3])]).toEqual([3, 5, -9]);
    expect(gradientRankedFiltersToPrune(w, g, [2, 3], 0.34)).toEqual([2]);
  });

  it('draws random filters from a seed', () => {
    const a = randomFiltersToPrune(10, 0.35, 7);
    expect(a).toHaveLength(3);
    expect(randomFiltersToPrune(10, 0.35, 7)).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });

  it('BernoulliFilterPruner: a rescaled, non-binary mask constant over each filter', () => {
    const shape = [1, 1, 2, 8];
    expect(bernoulliFilterMask(shape, 0, 1)).toBeNull();
    let keptTotal = 0;
    for (let seed = 0; seed < 200; seed++) {
      const r = bernoulliFilterMask(shape, 0.25, seed);
      if (!r) throw new Error('expected a mask');
      const kept = r.kept.reduce((a, b) => a + b, 0);
      keptTotal += kept;
      for (let i = 0; i < r.mask.length; i++) {
        const j = i % 8;
        expect(r.mask[i]).toBeCloseTo(r.kept[j] ? 8 / kept : 0, 6);
      }
    }
    expect(keptTotal / (200 * 8)).toBeGreaterThan(0.7);
    expect(keptTotal / (200 * 8)).toBeLessThan(0.8);
  });

  it('group_dependency Leader: the first tensor chooses for all', () => {
    // dense [in 2, out 3]; leader filter mean |w|: [1, 0.1, 2] -> 0.34 of 3 prunes filter 1
    const leader = { name: 'a', w: [1, 0.1, 2, 1, 0.1, 2], shape: [2, 3] };
    const follower = { name: 'b', w: [9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0], shape: [4, 3] };
    const masks = leaderStructureMasks([leader, follower], 'filters', 0.34);
    expect([...(masks.get('b') as Uint8Array)]).toEqual([...maskFromStructures([4, 3], 'filters', [1])]);
    expect(() => leaderStructureMasks([leader, { ...follower, shape: [3, 4] }], 'filters', 0.34)).toThrow(/structures/);
  });
});

describe('group thresholds (StructureParameterPruner, threshold_criteria)', () => {
  // conv [1, 1, in 2, out 2]: flat index = in * 2 + out
  const w = [0.1, -2, 0.3, 4];
  it('computes Max, Mean_Abs, L1 and L2 norms per structure', () => {
    expect([...groupNorms(w, [1, 1, 2, 2], 'filters', 'Mean_Abs')]).toEqual([0.2, 3].map((v) => expect.closeTo(v, 12)));
    expect([...groupNorms(w, [1, 1, 2, 2], 'filters', 'Max')]).toEqual([0.3, 4]);
    expect([...groupNorms(w, [1, 1, 2, 2], 'channels', 'L1')]).toEqual([2.1, 4.3].map((v) => expect.closeTo(v, 12)));
    expect([...groupNorms(w, [1, 1, 2, 2], 'filters', 'L2')]).toEqual(
      [Math.sqrt(0.1), Math.sqrt(20)].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('keeps structures whose norm is above the threshold (norm == threshold is pruned)', () => {
    expect([...groupThresholdMask(w, [1, 1, 2, 2], 'channels', 1.05, 'Mean_Abs')]).toEqual([0, 0, 1, 1]);
    expect([...groupThresholdMask(w, [1, 1, 2, 2], 'filters', 0.3, 'Max')]).toEqual([0, 1, 0, 1]);
  });

  it('maps Distiller groups to TF.js structure groups', () => {
    expect(structureGroupFor('Rows', 2)).toBe('filters');
    expect(structureGroupFor('Cols', 2)).toBe('channels');
    expect(structureGroupFor('2D', 4)).toBe('kernels');
    expect(structureGroupFor('3D', 4)).toBe('filters');
    expect(() => structureGroupFor('2D', 2)).toThrow(/conv kernels only/);
    expect(() => structureGroupFor('4D', 4)).toThrow(/not a single group/);
  });
});
