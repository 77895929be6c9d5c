import { describe, expect, it } from 'vitest';
import { retrainingLoss } from '../core/schedule/retraining-loss';
import { CliError } from './errors';
import { hanRetrainingText, parseDistill } from './schedule';
import { maskRuns } from '../core/report/masks-json';

describe('hanRetrainingText', () => {
  it('says which loss retrained the network and why', () => {
    expect(hanRetrainingText(retrainingLoss(60_000))).toBe(
      'retraining: 60000 training images, plain masked retraining, no distillation (the full training set, as Han et al. did)',
    );
    expect(hanRetrainingText(retrainingLoss(10_000))).toMatch(
      /^retraining: 10000 training images, distillation from the dense model \(T 4, alpha 0.1\) \(no more than the shipped 10000/,
    );
    expect(hanRetrainingText(retrainingLoss(60_000, { temperature: 2, alpha: 0.5 }))).toMatch(/as --distill asked\)$/);
  });
});

describe('parseDistill', () => {
  it('reads TEMPERATURE,ALPHA or none; absent, it leaves the choice to the training set size', () => {
    expect(parseDistill('4,0.3')).toEqual({ temperature: 4, alpha: 0.3 });
    expect(parseDistill(' 2 , 1 ')).toEqual({ temperature: 2, alpha: 1 });
    expect(parseDistill('none')).toBeNull();
    expect(parseDistill(undefined)).toBeUndefined();
  });

  it('rejects malformed values with the expected form', () => {
    for (const bad of ['4', '0,0.3', '4,1.5', 'x,0.3', '4,0.3,1']) {
      expect(() => parseDistill(bad)).toThrow(CliError);
      expect(() => parseDistill(bad)).toThrow(/TEMPERATURE,ALPHA/);
    }
  });
});

describe('maskRuns', () => {
  it('encodes alternating runs from the first value', () => {
    expect(maskRuns(Uint8Array.from([1, 1, 0, 0, 0, 1]))).toEqual({ first: 1, runs: [2, 3, 1] });
    expect(maskRuns(Uint8Array.from([0]))).toEqual({ first: 0, runs: [1] });
  });
});
