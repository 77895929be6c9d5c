// A lesson step's "Show me": the lab in the state the step speaks of, through the store's own actions.
import { LESSON_STEPS, type LessonTarget } from '../core/lesson/lesson-steps';
import { EMPTY_PLAN } from '../core/plan/plan';
import { withMethodForAll } from '../core/plan/prune-all';
import type { Schedule } from '../core/schedule/schedule';
import { isRunActive } from './selectors';
import type { LabState } from './types';

/** The AGP schedule a step puts in the editor: one rule on every prunable tensor. */
export function lessonSchedule(agp: NonNullable<LessonTarget['agp']>): Schedule {
  const { initialSparsity, finalSparsity, start, end, frequency, epochs } = agp;
  return {
    rules: [
      {
        name: 'agp_all',
        pruner: { kind: 'agp', initialSparsity, finalSparsity },
        tensors: '*',
        when: { start, end, frequency },
      },
    ],
    epochs,
  };
}

/**
 * Opens step `index` and sets the lab to its target: stops a running sweep or training run, opens the
 * demo model unless it is open, switches the view, then the plan, inspect tab, schedule or sweep. A
 * sweep is started, not awaited. Resolves once the lab is set up; false when the model did not open.
 */
export async function showLessonStep(get: () => LabState, index: number): Promise<boolean> {
  const step = LESSON_STEPS[index];
  if (!step) return false;
  const target = step.showMe;
  get().setLessonStep(index);
  if (get().runs.some((r) => r.status === 'running')) get().cancelSweep();
  if (isRunActive(get().run)) get().cancelRun();
  const isOpen = () => {
    const source = get().modelSource;
    return source?.kind === 'demo' && source.id === target.demo && get().model !== null;
  };
  if (!isOpen()) await get().selectDemo(target.demo);
  if (!isOpen()) return false;
  get().setView(target.view);
  const model = get().model!;
  if (target.pruneAll) void get().setPlan(withMethodForAll(EMPTY_PLAN, model.tensors, target.pruneAll), 'lesson');
  if (target.inspectTab) get().setInspectTab(target.inspectTab);
  if (target.agp) get().setSchedule(lessonSchedule(target.agp), target.agp.epochs);
  if (target.sweep) {
    const { group, levels } = target.sweep;
    const tensors = model.tensors.filter((t) => group === 'element' || t.kind === 'conv2d').map((t) => t.name);
    void get().startSweep({ tensors, group, levels, subset: null, minTop1: null, mode: 'labels' });
  }
  return true;
}
