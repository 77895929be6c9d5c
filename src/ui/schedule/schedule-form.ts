// The schedule editor's form: text fields (so a half-typed number is not lost) and the pure
// conversion between them and a Schedule. A schedule that no simple form describes (e.g. a
// multi-rule Distiller YAML) converts to null and is shown read-only.
import {
  ruleEpochs,
  ScheduleError,
  validateSchedule,
  type FilterRanking,
  type Schedule,
  type ScheduleRule,
} from '../../core/schedule/schedule';
import { iterativeSchedule, oneShotSchedule, type IterativeStep } from '../../core/schedule/schedule-builders';
import type { ScheduleKind } from './schedule-kinds';

export { FILTER_RANKINGS, SCHEDULE_KINDS, type ScheduleKind } from './schedule-kinds';

export interface ScheduleForm {
  kind: ScheduleKind;
  /** one-shot target */
  sparsity: string;
  initialSparsity: string;
  finalSparsity: string;
  start: string;
  end: string;
  frequency: string;
  power: string;
  /** iterative: "0.5:1, 0.7:1, …" (sparsity:fine-tuning epochs) */
  steps: string;
  /** sensitivity: λ = s · σ */
  s: string;
  every: string;
  /** ranked-filters: what ranks the filters */
  ranking: FilterRanking;
  /** random-level: the range of the drawn sparsity */
  low: string;
  high: string;
  /** splicing: the thresholds' multipliers */
  lowMult: string;
  hiMult: string;
  /** '*' = every prunable tensor */
  tensors: string[] | '*';
  epochs: string;
}

export const DEFAULT_FORM: ScheduleForm = {
  kind: 'agp',
  sparsity: '0.8',
  initialSparsity: '0.05',
  finalSparsity: '0.8',
  start: '0',
  end: '6',
  frequency: '1',
  power: '3',
  steps: '0.5:1, 0.7:1, 0.8:2, 0.9:3',
  s: '1',
  every: '2',
  ranking: 'apoz',
  low: '0.1',
  high: '0.5',
  lowMult: '0.9',
  hiMult: '1.1',
  tensors: '*',
  epochs: '8',
};

/** A form field that does not hold the number it should; the message names the field. */
export class FormError extends ScheduleError {}

function num(text: string, field: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) throw new FormError(`${field}: "${text}" is not a number`);
  return v;
}

function int(text: string, field: string, min: number): number {
  const v = num(text, field);
  if (!Number.isInteger(v) || v < min) throw new FormError(`${field} must be an integer >= ${min}; got ${text.trim()}`);
  return v;
}

function fraction(text: string, field: string): number {
  const v = num(text, field);
  if (v < 0 || v >= 1) throw new FormError(`${field} must be a fraction in [0, 1); got ${text.trim()}`);
  return v;
}

/** "0.5:1, 0.7:1, 0.8:2" → steps (sparsity, then fine-tuning epochs). */
export function parseSteps(text: string): IterativeStep[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new FormError('Steps: give at least one sparsity:epochs pair, e.g. 0.5:1, 0.8:2');
  let last = -1;
  return parts.map((p, i) => {
    const m = /^([^:]+):([^:]+)$/.exec(p);
    if (!m) throw new FormError(`Steps: step ${i + 1} "${p}" is not sparsity:epochs`);
    const sparsity = fraction(m[1], `Steps: sparsity of step ${i + 1}`);
    const epochs = int(m[2], `Steps: epochs of step ${i + 1}`, 1);
    if (sparsity <= last)
      throw new FormError(
        `Steps: sparsity must increase from step to step; step ${i + 1} has ${sparsity} after ${last}`,
      );
    last = sparsity;
    return { sparsity, epochs };
  });
}

export const formatSteps = (steps: IterativeStep[]) => steps.map((s) => `${s.sparsity}:${s.epochs}`).join(', ');

function selectedTensors(form: ScheduleForm, modelTensors: readonly string[]): string[] | '*' {
  if (form.tensors === '*') return '*';
  const kept = form.tensors.filter((t) => modelTensors.includes(t));
  if (kept.length === 0) throw new FormError('Tensors: select at least one tensor to prune');
  return kept.length === modelTensors.length ? '*' : modelTensors.filter((t) => kept.includes(t));
}

/** The schedule a form describes; throws FormError / ScheduleError with the field and the problem. */
export function formToSchedule(
  form: ScheduleForm,
  modelTensors: readonly string[],
): { schedule: Schedule; epochs: number } {
  const tensors = selectedTensors(form, modelTensors);
  // an iterative schedule's length is the sum of its steps
  const epochs =
    form.kind === 'iterative'
      ? parseSteps(form.steps).reduce((n, s) => n + s.epochs, 0)
      : int(form.epochs, 'Epochs', 0);
  let schedule: Schedule;
  const range = () => ({
    start: int(form.start, 'Start epoch', 0),
    end: int(form.end, 'End epoch', 0),
    frequency: int(form.frequency, 'Frequency', 1),
  });
  switch (form.kind) {
    case 'ranked-filters': {
      const target = {
        initialSparsity: fraction(form.initialSparsity, 'Initial sparsity'),
        finalSparsity: fraction(form.finalSparsity, 'Final sparsity'),
      };
      const pruner = { kind: 'ranked-filters' as const, ranking: form.ranking, target };
      schedule = { rules: [{ name: `${form.ranking}_filters`, pruner, tensors, when: range() }], epochs };
      break;
    }
    case 'random-level': {
      const pruner = {
        kind: 'random-level' as const,
        group: 'filters' as const,
        low: fraction(form.low, 'Low sparsity'),
        high: fraction(form.high, 'High sparsity'),
      };
      schedule = { rules: [{ name: 'random_level', pruner, tensors, when: range() }], epochs };
      break;
    }
    case 'splicing': {
      const s = num(form.s, 's');
      if (s < 0) throw new FormError(`s must be >= 0; got ${form.s.trim()}`);
      if (epochs < 1) throw new FormError('Epochs must be at least 1 for network surgery');
      const pruner = {
        kind: 'splicing' as const,
        sensitivities: { '*': s },
        lowThreshMult: num(form.lowMult, 'Low multiplier'),
        hiThreshMult: num(form.hiMult, 'High multiplier'),
        sensitivityMultiplier: 0,
      };
      const miniBatch = { pruningFrequency: 1, maskOnForwardOnly: true, useDoubleCopies: true, keepMask: true };
      const when = { start: 0, end: epochs, frequency: 1 };
      schedule = { rules: [{ name: 'surgery', pruner, tensors, when, miniBatch }], epochs };
      break;
    }
    case 'one-shot':
      schedule = oneShotSchedule(tensors, fraction(form.sparsity, 'Sparsity'), epochs);
      break;
    case 'iterative':
      schedule = iterativeSchedule(tensors, parseSteps(form.steps));
      break;
    case 'agp':
    case 'polynomial-decay': {
      const when = {
        start: int(form.start, 'Start epoch', 0),
        end: int(form.end, 'End epoch', 0),
        frequency: int(form.frequency, 'Frequency', 1),
      };
      const si = fraction(form.initialSparsity, 'Initial sparsity');
      const sf = fraction(form.finalSparsity, 'Final sparsity');
      const rule: ScheduleRule =
        form.kind === 'agp'
          ? { name: 'agp', pruner: { kind: 'agp', initialSparsity: si, finalSparsity: sf }, tensors, when }
          : {
              name: 'polynomial_decay',
              pruner: {
                kind: 'polynomial-decay',
                initialSparsity: si,
                finalSparsity: sf,
                power: num(form.power, 'Power'),
              },
              tensors,
              when,
            };
      schedule = { rules: [rule], epochs };
      break;
    }
    case 'sensitivity': {
      const s = num(form.s, 's');
      if (s < 0) throw new FormError(`s must be >= 0; got ${form.s.trim()}`);
      const every = int(form.every, 'Every N epochs', 1);
      if (epochs < 1) throw new FormError('Epochs must be at least 1 for a sensitivity schedule');
      schedule = {
        rules: [
          {
            name: 'sensitivity',
            pruner: { kind: 'sensitivity', sensitivities: { '*': s } },
            tensors,
            when: { start: 0, end: epochs, frequency: every },
          },
        ],
        epochs,
      };
      break;
    }
  }
  validateSchedule(schedule);
  // a pruning epoch at or after the last epoch would never happen: say so instead of dropping it
  for (const rule of schedule.rules) {
    const last = Math.max(...ruleEpochs(rule));
    if (last >= epochs)
      throw new FormError(
        `Epochs: ${epochs} ends before rule "${rule.name}" prunes at epoch ${last}; use at least ${last + 1} epochs`,
      );
  }
  return { schedule, epochs };
}

const sameTensors = (a: string[] | '*', b: string[] | '*') =>
  a === '*' || b === '*' ? a === b : a.length === b.length && a.every((t, i) => t === b[i]);

/** The form that describes `schedule`, or null when none does (shown read-only). */
export function scheduleToForm(schedule: Schedule, epochs: number): ScheduleForm | null {
  const rules = schedule.rules;
  if (rules.length === 0) return null;
  const base = { ...DEFAULT_FORM, tensors: rules[0].tensors, epochs: String(epochs) };
  if (!rules.every((r) => sameTensors(r.tensors, rules[0].tensors))) return null;
  const levelAll = (r: ScheduleRule) =>
    r.pruner.kind === 'level' && Object.keys(r.pruner.levels).length === 1 && '*' in r.pruner.levels
      ? r.pruner.levels['*']
      : null;
  const singleEpoch = (r: ScheduleRule) => ('epochs' in r.when && r.when.epochs.length === 1 ? r.when.epochs[0] : null);
  const r = rules[0];
  const p = r.pruner;
  if (rules.length === 1 && levelAll(r) !== null && singleEpoch(r) === 0)
    return { ...base, kind: 'one-shot', sparsity: String(levelAll(r)) };
  if (rules.length > 1 && rules.every((x) => levelAll(x) !== null && singleEpoch(x) !== null)) {
    const starts = rules.map((x) => singleEpoch(x) as number);
    if (starts[0] !== 0 || starts.some((e, i) => i > 0 && e <= starts[i - 1])) return null;
    const total = Math.max(epochs, starts[starts.length - 1] + 1);
    const steps = rules.map((x, i) => ({
      sparsity: levelAll(x) as number,
      epochs: (i + 1 < starts.length ? starts[i + 1] : total) - starts[i],
    }));
    if (steps.some((s, i) => i > 0 && s.sparsity <= steps[i - 1].sparsity)) return null;
    return { ...base, kind: 'iterative', steps: formatSteps(steps) };
  }
  if (rules.length !== 1 || !('start' in r.when)) return null;
  const when = { start: String(r.when.start), end: String(r.when.end), frequency: String(r.when.frequency) };
  if (p.kind === 'agp' && !p.structure)
    return {
      ...base,
      ...when,
      kind: 'agp',
      initialSparsity: String(p.initialSparsity),
      finalSparsity: String(p.finalSparsity),
    };
  if (p.kind === 'polynomial-decay')
    return {
      ...base,
      ...when,
      kind: 'polynomial-decay',
      initialSparsity: String(p.initialSparsity),
      finalSparsity: String(p.finalSparsity),
      power: String(p.power),
    };
  const keys = p.kind === 'sensitivity' || p.kind === 'splicing' ? Object.keys(p.sensitivities) : [];
  const everyTensor = keys.length === 1 && keys[0] === '*' && r.when.start === 0;
  if (p.kind === 'sensitivity' && everyTensor)
    return { ...base, kind: 'sensitivity', s: String(p.sensitivities['*']), every: when.frequency };
  if (p.kind === 'ranked-filters' && !('sparsity' in p.target) && !p.groupDependency)
    return {
      ...base,
      ...when,
      kind: 'ranked-filters',
      ranking: p.ranking,
      initialSparsity: String(p.target.initialSparsity),
      finalSparsity: String(p.target.finalSparsity),
    };
  if (p.kind === 'random-level' && p.group === 'filters' && !p.groupDependency)
    return { ...base, ...when, kind: 'random-level', low: String(p.low), high: String(p.high) };
  if (p.kind === 'splicing' && everyTensor && p.sensitivityMultiplier === 0 && r.miniBatch?.pruningFrequency === 1)
    return {
      ...base,
      kind: 'splicing',
      s: String(p.sensitivities['*']),
      lowMult: String(p.lowThreshMult),
      hiMult: String(p.hiThreshMult),
    };
  return null;
}
