import { describe, expect, it } from 'vitest';
import { previewSchedule } from './preview';
import { ruleEpochs, ScheduleError, validateSchedule, type Schedule } from './schedule';
import { iterativeSchedule, oneShotSchedule } from './schedule-builders';

// REFERENCE AGP vector: si 0.05, sf 0.91, t0 0, t_end 18, freq 2
const AGP_VECTOR = [0.05, 0.33387, 0.54719, 0.70004, 0.8025, 0.86465, 0.89656, 0.90832, 0.91];

describe('schedule preview', () => {
  it('pins the Distiller AGP vector and holds values between pruning epochs', () => {
    const schedule: Schedule = {
      rules: [
        {
          name: 'agp',
          pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.91 },
          tensors: ['fc1/kernel'],
          when: { start: 0, end: 18, frequency: 2 },
        },
      ],
    };
    expect(ruleEpochs(schedule.rules[0])).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    const p = previewSchedule(schedule, 20, { tensors: ['fc1/kernel', 'fc2/kernel'] });
    const fc1 = p.tensors.find((t) => t.name === 'fc1/kernel');
    expect(fc1?.pruneEpochs).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    AGP_VECTOR.forEach((v, i) => {
      expect(fc1?.targets[2 * i]).toBeCloseTo(v, 5);
      expect(fc1?.targets[2 * i + 1]).toBeCloseTo(v, 5);
    });
    expect(fc1?.targets[19]).toBeCloseTo(0.91, 10);
    expect(p.tensors.find((t) => t.name === 'fc2/kernel')?.targets.every((v) => v === 0)).toBe(true);
  });

  it('TF-MOT polynomial decay reaches sf at end_step (inclusive) with its own power', () => {
    const schedule: Schedule = {
      rules: [
        {
          name: 'pd',
          pruner: { kind: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.8, power: 3 },
          tensors: ['a'],
          when: { start: 0, end: 4, frequency: 2 },
        },
      ],
    };
    const p = previewSchedule(schedule, 6);
    // p = t / 4: s = 0.8 (1 - (1 - p)^3) at t = 0, 2, 4
    expect(p.tensors[0].targets).toEqual(
      [0, 0, 0.8 * (1 - 0.125), 0.8 * (1 - 0.125), 0.8, 0.8].map((v) => expect.closeTo(v, 10)),
    );
  });

  it('iterative and one-shot schedules; targets only grow', () => {
    const it3 = iterativeSchedule('*', [
      { sparsity: 0.5, epochs: 2 },
      { sparsity: 0.8, epochs: 1 },
      { sparsity: 0.7, epochs: 1 },
    ]);
    expect(it3.epochs).toBe(4);
    const p = previewSchedule(it3, 4, { tensors: ['w'] });
    expect(p.tensors[0].targets).toEqual([0.5, 0.5, 0.8, 0.8]);
    expect(p.tensors[0].pruneEpochs).toEqual([0, 2, 3]);
    const one = previewSchedule(oneShotSchedule(['w'], 0.9, 3), 3, { tensors: ['w', 'v'] });
    expect(one.tensors.map((t) => t.targets)).toEqual([
      [0.9, 0.9, 0.9],
      [0, 0, 0],
    ]);
  });

  it('sensitivity rules: s·σ of the dense weights when they are given, else unknown', () => {
    // w = [-2, -1, 0, 1, 2]: sample std = sqrt(10 / 4) = 1.5811; s = 1 prunes |w| <= 1.58: 3 of 5
    const schedule: Schedule = {
      rules: [
        {
          name: 'han',
          pruner: { kind: 'sensitivity', sensitivities: { '*': 1 } },
          tensors: '*',
          when: { start: 0, end: 4, frequency: 2 },
        },
      ],
    };
    const dense = new Map([['w', [-2, -1, 0, 1, 2]]]);
    expect(previewSchedule(schedule, 3, { tensors: ['w'], dense }).tensors[0].targets).toEqual([0.6, 0.6, 0.6]);
    expect(previewSchedule(schedule, 2, { tensors: ['w'] }).tensors[0].targets).toEqual([null, null]);
  });

  it('refuses bad schedules with the rule and field', () => {
    expect(() => oneShotSchedule(['w'], 90)).toThrow(/between 0 and 1/);
    expect(() =>
      validateSchedule({
        rules: [
          {
            name: 'x',
            pruner: { kind: 'agp', initialSparsity: 0, finalSparsity: 0.5 },
            tensors: ['w'],
            when: { start: 0, end: 1, frequency: 1 },
          },
        ],
      }),
    ).toThrow(ScheduleError);
    expect(() => previewSchedule(oneShotSchedule(['nope'], 0.5), 2, { tensors: ['w'] })).toThrow(
      /"nope", which is not a prunable tensor/,
    );
  });
});
