// Against PyTorch's documented closed forms (torch.optim.lr_scheduler *_get_closed_form_lr) and
// ReduceLROnPlateau's step rule.
import { describe, expect, it } from 'vitest';
import { LrLambdaError, parseLrLambda } from './lr-lambda';
import { lrAtEpoch, PlateauLr, PLATEAU_DEFAULTS, scheduledLr, type LrScheduler } from './lr-schedulers';

const at = (s: LrScheduler, epochs: number[], base = 0.1) => epochs.map((e) => lrAtEpoch(s, base, e));
const close = (values: number[]) => values.map((v) => expect.closeTo(v, 12));

describe('LR schedulers (PyTorch closed forms)', () => {
  it('StepLR: base γ^floor(epoch / step_size)', () => {
    expect(at({ kind: 'step', stepSize: 2, gamma: 0.5 }, [0, 1, 2, 3, 4, 5])).toEqual(
      close([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]),
    );
  });

  it('MultiStepLR: base γ^(number of milestones <= epoch)', () => {
    expect(at({ kind: 'multi-step', milestones: [2, 4], gamma: 0.1 }, [0, 1, 2, 3, 4, 9])).toEqual(
      close([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]),
    );
  });

  it('ExponentialLR and LambdaLR with the same decay agree', () => {
    const exp = at({ kind: 'exponential', gamma: 0.95 }, [0, 1, 3]);
    expect(exp).toEqual(close([0.1, 0.095, 0.1 * 0.857375]));
    expect(at({ kind: 'lambda', lrLambda: 'lambda epoch: 0.95 ** epoch' }, [0, 1, 3])).toEqual(close(exp));
  });

  it('CosineAnnealingLR: η_min + (base - η_min)(1 + cos(π epoch / T_max)) / 2', () => {
    expect(at({ kind: 'cosine-annealing', tMax: 10, etaMin: 0.001 }, [0, 5, 10])).toEqual(close([0.1, 0.0505, 0.001]));
  });

  it('under a Distiller policy the rate of an epoch is set by the step at the end of the previous one', () => {
    const step: LrScheduler = { kind: 'step', stepSize: 1, gamma: 0.5 };
    const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect([0, 1, 3].map((e) => scheduledLr(step, 1, all, e))).toEqual([1, 0.5, 0.125]);
    // a policy from epoch 5: nothing changes before epoch 6
    expect([3, 5, 6, 7].map((e) => scheduledLr(step, 1, [5, 6, 7, 8], e))).toEqual([1, 1, 2 ** -6, 2 ** -7]);
  });

  it('ReduceLROnPlateau: reduces after patience epochs without improvement, then cools down', () => {
    const p = new PlateauLr(
      { kind: 'reduce-on-plateau', ...PLATEAU_DEFAULTS, factor: 0.5, patience: 1, cooldown: 1 },
      1,
    );
    // best 1; then 2 bad epochs (> patience 1) -> 0.5; cooldown swallows the next bad epoch
    expect([1, 1, 1, 1, 1, 1].map((m) => p.step(m))).toEqual([1, 1, 0.5, 0.5, 0.5, 0.25]);
    const max = new PlateauLr({ kind: 'reduce-on-plateau', ...PLATEAU_DEFAULTS, mode: 'max', patience: 0 }, 1);
    expect([0.5, 0.6, 0.6].map((m) => max.step(m))).toEqual(close([1, 1, 0.1]));
    const floor = new PlateauLr({ kind: 'reduce-on-plateau', ...PLATEAU_DEFAULTS, patience: 0, minLr: 0.05 }, 0.1);
    expect([1, 1, 1].map((m) => floor.step(m))).toEqual([0.1, 0.05, 0.05]);
  });
});

describe('lr_lambda: a safe subset of Python, parsed and never evaluated as code', () => {
  it('follows Python precedence and semantics', () => {
    const f = (src: string, e = 3) => parseLrLambda(`lambda epoch: ${src}`)(e);
    expect(f('-2 ** 2')).toBe(-4);
    expect(f('2 ** 3 ** 2')).toBe(512);
    expect(f('2 ** -1')).toBe(0.5);
    expect(f('7 // 2')).toBe(3);
    expect(f('-7 % 3')).toBe(2);
    expect(f('epoch // 2 * 0.1 + 1')).toBeCloseTo(1.1, 12);
    expect(f('min(1, (epoch + 1) / 10)')).toBeCloseTo(0.4, 12);
    expect(f('0.5 * (1 + math.cos(math.pi * epoch / 6))')).toBeCloseTo(0.5, 12);
    expect(parseLrLambda('lambda e: 1e-1 * e')(5)).toBeCloseTo(0.5, 12);
  });

  it('refuses anything else', () => {
    for (const bad of [
      "lambda epoch: __import__('os')",
      'lambda epoch: epoch.real',
      'lambda epoch: open',
      'epoch * 2',
      'lambda epoch: 1 +',
      'lambda epoch: (1',
      'lambda epoch: 1; 2',
    ])
      expect(() => parseLrLambda(bad), bad).toThrow(LrLambdaError);
  });
});
