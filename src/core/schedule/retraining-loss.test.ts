import { describe, expect, it } from 'vitest';
import { HAN_DEFAULT_DISTILL } from './han-settings';
import { retrainingLoss, SHIPPED_TRAINING_IMAGES } from './retraining-loss';

describe('retrainingLoss', () => {
  it('retrains as Han et al. did (no distillation) on the 60k Fashion-MNIST training set', () => {
    expect(retrainingLoss(60_000)).toEqual({ distill: null, trainingImages: 60_000, reason: 'full-set' });
  });

  it('keeps distillation from the dense model on the shipped 10k subset and on smaller sets', () => {
    expect(SHIPPED_TRAINING_IMAGES).toBe(10_000);
    expect(HAN_DEFAULT_DISTILL).not.toBeNull();
    for (const n of [10_000, 9_999, 1]) {
      expect(retrainingLoss(n)).toEqual({ distill: HAN_DEFAULT_DISTILL, trainingImages: n, reason: 'subset' });
    }
  });

  it('switches exactly above the subset size', () => {
    expect(retrainingLoss(10_001).distill).toBeNull();
    expect(retrainingLoss(10_000).distill).toEqual({ temperature: 4, alpha: 0.1 });
  });

  it('lets an explicit choice win either way', () => {
    expect(retrainingLoss(60_000, { temperature: 2, alpha: 0.5 })).toEqual({
      distill: { temperature: 2, alpha: 0.5 },
      trainingImages: 60_000,
      reason: 'asked',
    });
    expect(retrainingLoss(10_000, null)).toEqual({ distill: null, trainingImages: 10_000, reason: 'asked' });
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => retrainingLoss(0)).toThrow(/positive integer; got 0/);
    expect(() => retrainingLoss(Number.NaN)).toThrow(/positive integer/);
  });
});
