import { describe, expect, it } from 'vitest';
import { LESSON_LEVELS, LESSON_STEPS } from '../core/lesson/lesson-steps';
import { lastPlanSent as lastPlan, settle, setup } from './fake-lab-worker';
import { showLessonStep } from './lesson-show';

const demoOf = (s: { modelSource: unknown }) => (s.modelSource as { id?: string } | null)?.id;

describe('showLessonStep', () => {
  it('step 1 opens LeNet-300-100 at 50% by level on every layer with the sparsity table', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet5' });
    expect(await showLessonStep(store.getState, 0)).toBe(true);
    await settle();
    const s = store.getState();
    expect([s.lessonStep, demoOf(s), s.view, s.inspectTab]).toEqual([0, 'lenet300', 'prune', 'sparsity-table']);
    expect(lastPlan(w).tensors).toEqual({
      'fc1/kernel': { kind: 'level', sparsity: 0.5 },
      'fc2/kernel': { kind: 'level', sparsity: 0.5 },
    });
  });

  it('step 2 sets a magnitude threshold and opens the histogram tab; an open demo is not reloaded', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    const loads = w.calls.filter((c) => c.method === 'loadDemoModel').length;
    await showLessonStep(store.getState, 1);
    await settle();
    expect(w.calls.filter((c) => c.method === 'loadDemoModel').length).toBe(loads);
    expect(store.getState().inspectTab).toBe('histogram');
    expect(lastPlan(w).tensors['fc1/kernel']).toEqual({ kind: 'magnitude', threshold: 0.03 });
  });

  it('step 3 prunes filters by raw L1 on the VGG demo, leaving the output layer, and opens the cost tab', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    await showLessonStep(store.getState, 2);
    await settle();
    expect(demoOf(store.getState())).toBe('vgg');
    expect(store.getState().inspectTab).toBe('cost');
    const plan = lastPlan(w).tensors;
    expect(plan['conv1/kernel']).toEqual({
      kind: 'structured',
      group: 'filters',
      sparsity: 0.5,
      norm: 'l1',
      normalize: 'raw',
    });
    expect(plan['fc2/kernel']).toBeUndefined();
  });

  it('steps 4 and 7 start a sweep: every layer element-wise on LeNet-5, the convs by filter on VGG', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    await showLessonStep(store.getState, 3);
    await settle();
    expect(store.getState().view).toBe('sensitivity');
    const sweeps = () => w.calls.filter((c) => c.method === 'sweep').map((c) => c.args[0]);
    expect(sweeps().at(-1)).toMatchObject({
      group: 'element',
      tensors: ['fc1/kernel', 'fc2/kernel'],
      levels: LESSON_LEVELS,
    });
    await showLessonStep(store.getState, 6);
    await settle();
    expect(demoOf(store.getState())).toBe('vgg');
    expect(sweeps().at(-1)).toMatchObject({ group: 'filter', tensors: ['conv1/kernel'] });
  });

  it('step 5 opens the schedule view on LeNet-300-100 without starting the long experiment', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg' });
    await showLessonStep(store.getState, 4);
    await settle();
    expect([demoOf(store.getState()), store.getState().view]).toEqual(['lenet300', 'schedule']);
    expect(w.calls.some((c) => c.method === 'runHan')).toBe(false);
  });

  it('step 6 puts the AGP schedule in the editor; its Distiller YAML reads back the same ramp', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet300' });
    await showLessonStep(store.getState, 5);
    const s = store.getState();
    expect(s.scheduleEpochs).toBe(12);
    expect(s.schedule.rules[0]).toMatchObject({
      pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.92 },
      when: { start: 0, end: 10, frequency: 1 },
    });
    const yaml = s.exportScheduleYaml()!;
    for (const line of [
      'class: AutomatedGradualPruner',
      'initial_sparsity: 0.05',
      'final_sparsity: 0.92',
      'starting_epoch: 0',
      'ending_epoch: 10',
      'frequency: 1',
    ])
      expect(yaml).toContain(line);
  });

  it('an index outside the lesson does nothing', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet300' });
    expect(await showLessonStep(store.getState, LESSON_STEPS.length)).toBe(false);
    expect(store.getState().lessonStep).toBeNull();
  });
});
