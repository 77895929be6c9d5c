// Schedules built from a few numbers: one-shot pruning, and Han-style iterative pruning.
import { ScheduleError, validateSchedule, type Schedule, type ScheduleRule } from './schedule';

/** One-shot: prune `tensors` to `sparsity` at epoch 0, then fine-tune for `epochs`. */
export function oneShotSchedule(tensors: string[] | '*', sparsity: number, epochs = 0): Schedule {
  const schedule: Schedule = {
    rules: [{ name: 'one_shot', pruner: { kind: 'level', levels: { '*': sparsity } }, tensors, when: { epochs: [0] } }],
    epochs,
  };
  validateSchedule(schedule);
  return schedule;
}

export interface IterativeStep {
  sparsity: number;
  /** Fine-tuning epochs after this pruning step. */
  epochs: number;
}

/** Han-style iterative pruning: prune to steps[i].sparsity, fine-tune steps[i].epochs, repeat. */
export function iterativeSchedule(tensors: string[] | '*', steps: IterativeStep[]): Schedule {
  let epoch = 0;
  const rules: ScheduleRule[] = steps.map((s, i) => {
    if (!Number.isInteger(s.epochs) || s.epochs < 1)
      throw new ScheduleError(`iterative step ${i + 1}: epochs must be an integer >= 1; got ${s.epochs}`);
    const rule: ScheduleRule = {
      name: `step_${i + 1}`,
      pruner: { kind: 'level', levels: { '*': s.sparsity } },
      tensors,
      when: { epochs: [epoch] },
    };
    epoch += s.epochs;
    return rule;
  });
  const schedule = { rules, epochs: epoch };
  validateSchedule(schedule);
  return schedule;
}
