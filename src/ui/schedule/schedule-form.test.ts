import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n';
import { ScheduleError, type Schedule } from '../../core/schedule/schedule';
import { DEFAULT_FORM, formToSchedule, parseSteps, scheduleToForm, type ScheduleForm } from './schedule-form';
import { describeRule } from './rule-description';

// the rule descriptions read through the catalogue, here in English
beforeAll(async () => {
  await i18n.changeLanguage('en');
});

const TENSORS = ['fc1/kernel', 'fc2/kernel', 'fc3/kernel'];
const form = (patch: Partial<ScheduleForm>): ScheduleForm => ({ ...DEFAULT_FORM, ...patch });

describe('parseSteps', () => {
  it('reads sparsity:epochs pairs', () => {
    expect(parseSteps('0.5:1, 0.7:1, 0.8:2,0.9:3')).toEqual([
      { sparsity: 0.5, epochs: 1 },
      { sparsity: 0.7, epochs: 1 },
      { sparsity: 0.8, epochs: 2 },
      { sparsity: 0.9, epochs: 3 },
    ]);
  });
  it('names the bad step', () => {
    expect(() => parseSteps('0.5:1, 0.7')).toThrow(/step 2 "0.7" is not sparsity:epochs/);
    expect(() => parseSteps('0.5:1, 0.4:1')).toThrow(/must increase/);
    expect(() => parseSteps('0.5:0')).toThrow(/epochs of step 1 must be an integer >= 1/);
    expect(() => parseSteps('')).toThrow(/at least one/);
  });
});

describe('formToSchedule', () => {
  it('one-shot: one level rule at epoch 0, fine-tuning for the given epochs', () => {
    const { schedule, epochs } = formToSchedule(form({ kind: 'one-shot', sparsity: '0.9', epochs: '2' }), TENSORS);
    expect(epochs).toBe(2);
    expect(schedule.rules).toEqual([
      { name: 'one_shot', pruner: { kind: 'level', levels: { '*': 0.9 } }, tensors: '*', when: { epochs: [0] } },
    ]);
  });

  it('iterative: steps start where the previous fine-tuning ends; epochs = their sum', () => {
    const { schedule, epochs } = formToSchedule(
      form({ kind: 'iterative', steps: '0.5:1, 0.7:1, 0.8:2, 0.9:3', epochs: '1' }),
      TENSORS,
    );
    expect(epochs).toBe(7);
    expect(schedule.rules.map((r) => (r.when as { epochs: number[] }).epochs[0])).toEqual([0, 1, 2, 4]);
    expect(schedule.rules.map((r) => (r.pruner.kind === 'level' ? r.pruner.levels['*'] : NaN))).toEqual([
      0.5, 0.7, 0.8, 0.9,
    ]);
  });

  it('agp and polynomial decay carry their range and sparsities', () => {
    const agp = formToSchedule(
      form({
        kind: 'agp',
        initialSparsity: '0.05',
        finalSparsity: '0.91',
        start: '0',
        end: '18',
        frequency: '2',
        epochs: '20',
      }),
      TENSORS,
    );
    expect(agp.schedule.rules[0]).toMatchObject({
      pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.91 },
      when: { start: 0, end: 18, frequency: 2 },
    });
    const pd = formToSchedule(
      form({ kind: 'polynomial-decay', power: '2', start: '1', end: '5', epochs: '6' }),
      TENSORS,
    );
    expect(pd.schedule.rules[0].pruner).toEqual({
      kind: 'polynomial-decay',
      initialSparsity: 0.05,
      finalSparsity: 0.8,
      power: 2,
    });
  });

  it('sensitivity: s for every tensor, pruning every N epochs over the run', () => {
    const { schedule } = formToSchedule(form({ kind: 'sensitivity', s: '1.5', every: '3', epochs: '7' }), TENSORS);
    expect(schedule.rules[0]).toEqual({
      name: 'sensitivity',
      pruner: { kind: 'sensitivity', sensitivities: { '*': 1.5 } },
      tensors: '*',
      when: { start: 0, end: 7, frequency: 3 },
    });
  });

  it('keeps a tensor subset in model order; all selected is "*"', () => {
    expect(
      formToSchedule(form({ kind: 'one-shot', tensors: ['fc3/kernel', 'fc1/kernel'] }), TENSORS).schedule.rules[0]
        .tensors,
    ).toEqual(['fc1/kernel', 'fc3/kernel']);
    expect(formToSchedule(form({ kind: 'one-shot', tensors: [...TENSORS] }), TENSORS).schedule.rules[0].tensors).toBe(
      '*',
    );
    expect(() => formToSchedule(form({ tensors: [] }), TENSORS)).toThrow(/select at least one tensor/);
  });

  it('rejects bad values with the field name', () => {
    expect(() => formToSchedule(form({ kind: 'one-shot', sparsity: '1.2' }), TENSORS)).toThrow(
      /Sparsity must be a fraction in \[0, 1\); got 1.2/,
    );
    expect(() => formToSchedule(form({ finalSparsity: 'abc' }), TENSORS)).toThrow(
      /Final sparsity: "abc" is not a number/,
    );
    expect(() => formToSchedule(form({ frequency: '0' }), TENSORS)).toThrow(/Frequency must be an integer >= 1/);
    expect(() => formToSchedule(form({ epochs: '3' }), TENSORS)).toThrow(
      /Epochs: 3 ends before rule "agp" prunes at epoch 5; use at least 6 epochs/,
    );
    // validateSchedule's own message comes through (AGP span 0)
    const err = (() => {
      try {
        formToSchedule(form({ start: '2', end: '3' }), TENSORS);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ScheduleError);
    expect((err as Error).message).toMatch(/AGP span/);
  });
});

describe('scheduleToForm', () => {
  const roundTrip = (f: ScheduleForm) => {
    const { schedule, epochs } = formToSchedule(f, TENSORS);
    const back = scheduleToForm(schedule, epochs);
    expect(back).not.toBeNull();
    return formToSchedule(back as ScheduleForm, TENSORS);
  };

  it('round-trips every simple kind', () => {
    const forms: Partial<ScheduleForm>[] = [
      { kind: 'one-shot', sparsity: '0.9', epochs: '2', tensors: ['fc2/kernel'] },
      { kind: 'iterative', steps: '0.5:1, 0.9:3' },
      { kind: 'agp', start: '1', end: '7', frequency: '2', epochs: '9' },
      { kind: 'polynomial-decay', power: '2', end: '4', epochs: '5' },
      { kind: 'sensitivity', s: '0.7', every: '2', epochs: '6' },
    ];
    for (const p of forms) {
      const f = form(p);
      expect(roundTrip(f)).toEqual(formToSchedule(f, TENSORS));
    }
  });

  it('a multi-rule schedule with different pruners has no simple form', () => {
    const schedule: Schedule = {
      rules: [
        {
          name: 'fc',
          pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.8 },
          tensors: ['fc1/kernel'],
          when: { start: 0, end: 10, frequency: 2 },
        },
        {
          name: 'out',
          pruner: { kind: 'level', levels: { 'fc3/kernel': 0.5 } },
          tensors: ['fc3/kernel'],
          when: { epochs: [0, 2] },
        },
      ],
    };
    expect(scheduleToForm(schedule, 10)).toBeNull();
    expect(describeRule(schedule.rules[0])).toEqual({
      name: 'fc',
      pruner: 'AGP 0.05 → 0.8',
      tensors: 'fc1/kernel',
      epochs: '0–10 every 2',
    });
    expect(describeRule(schedule.rules[1])).toEqual({
      name: 'out',
      pruner: 'level {fc3/kernel: 0.5}',
      tensors: 'fc3/kernel',
      epochs: '0, 2',
    });
  });
});

describe("Distiller's filter-ranking, random-level and network-surgery pruners in the form", () => {
  const when = { start: '0', end: '4', frequency: '1', epochs: '4' };

  it('ranked filters: the chosen ranking along the AGP ramp, read back into the same form', () => {
    for (const ranking of ['apoz', 'mean', 'gradient', 'random', 'bernoulli'] as const) {
      const f = form({ kind: 'ranked-filters', ranking, initialSparsity: '0.1', finalSparsity: '0.5', ...when });
      const { schedule } = formToSchedule(f, TENSORS);
      expect(schedule.rules).toEqual([
        {
          name: `${ranking}_filters`,
          pruner: { kind: 'ranked-filters', ranking, target: { initialSparsity: 0.1, finalSparsity: 0.5 } },
          tensors: '*',
          when: { start: 0, end: 4, frequency: 1 },
        },
      ]);
      expect(scheduleToForm(schedule, 4)).toEqual(f);
    }
  });

  it('random level: s ~ U(low, high) on the filters; low > high is refused', () => {
    const f = form({ kind: 'random-level', low: '0.2', high: '0.6', ...when });
    const { schedule } = formToSchedule(f, TENSORS);
    expect(schedule.rules[0].pruner).toEqual({ kind: 'random-level', group: 'filters', low: 0.2, high: 0.6 });
    expect(scheduleToForm(schedule, 4)).toEqual(f);
    expect(() => formToSchedule(form({ kind: 'random-level', low: '0.7', high: '0.6', ...when }), TENSORS)).toThrow(
      /\[0.7, 0.6\] is empty/,
    );
  });

  it("network surgery: splicing with Distiller's mini-batch args (every mini-batch, forward-only, double copies)", () => {
    const f = form({ kind: 'splicing', s: '0.25', lowMult: '0.9', hiMult: '1.1', epochs: '3' });
    const { schedule } = formToSchedule(f, TENSORS);
    expect(schedule.rules).toEqual([
      {
        name: 'surgery',
        pruner: {
          kind: 'splicing',
          sensitivities: { '*': 0.25 },
          lowThreshMult: 0.9,
          hiThreshMult: 1.1,
          sensitivityMultiplier: 0,
        },
        tensors: '*',
        when: { start: 0, end: 3, frequency: 1 },
        miniBatch: { pruningFrequency: 1, maskOnForwardOnly: true, useDoubleCopies: true, keepMask: true },
      },
    ]);
    expect(scheduleToForm(schedule, 3)).toEqual({ ...f, start: DEFAULT_FORM.start, end: DEFAULT_FORM.end });
  });
});
