import { describe, expect, it } from 'vitest';
import { lastPlanSent, setup } from './fake-lab-worker';

describe('the training slice', () => {
  it('a schedule run streams its timeline, adopts the fine-tuned weights and starts a fresh plan', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    await store.getState().startScheduleRun();
    const run = store.getState().run!;
    expect(run.status).toBe('done');
    expect(run.timeline.map((e) => e.kind)).toEqual(['start', 'epoch']);
    expect(run.adoptedStep).toBe(1);
    expect(store.getState().plan.tensors).toEqual({});
    const req = w.calls.find((c) => c.method === 'runSchedule')!.args[0] as {
      epochs: number;
      train: { optimizer: string };
    };
    expect(req.epochs).toBe(8);
    expect(req.train.optimizer).toBe('adam');
    await store.getState().restoreCheckpoint(0);
    expect(store.getState().run?.adoptedStep).toBe(0);
  });

  it('a run without fine-tuning (masks only) makes its plan the page plan, and the store applies it', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    const plan = { version: 1 as const, tensors: { 'fc1/kernel': { kind: 'level' as const, sparsity: 0.6 } } };
    const masks = { 'fc1/kernel': new Uint8Array(4) };
    w.api.runSchedule = async () => ({
      status: 'done',
      result: { timeline: [], checkpoints: [], adoptedStep: null, masks, plan },
    });
    await store.getState().startScheduleRun();
    expect(store.getState().run?.status).toBe('done');
    expect(store.getState().plan).toEqual(plan);
    expect(lastPlanSent(w)).toEqual(plan);
  });

  it('a cancelled Han experiment ends cancelled and shows no curves (no made-up zero metrics)', async () => {
    const { store } = setup();
    await store.getState().boot();
    await store.getState().startHanExperiment();
    expect(store.getState().run?.status).toBe('cancelled');
    expect(store.getState().han).toBeNull();
  });

  it('imports a Distiller YAML schedule and names the line of a typo', async () => {
    const { store } = setup();
    await store.getState().boot();
    const yaml = [
      'version: 1',
      'pruners:',
      '  p1:',
      '    class: AutomatedGradualPruner',
      '    initial_sparsity: 0.05',
      '    final_sparsity: 0.80',
      '    weights: [fc1.weight]',
      'policies:',
      '  - pruner: {instance_name: p1}',
      '    starting_epoch: 0',
      '    ending_epoch: 4',
      '    frequency: 1',
      '',
    ].join('\n');
    store.getState().importScheduleYaml('s.yaml', yaml);
    expect(store.getState().schedule.rules[0].tensors).toEqual(['fc1/kernel']);
    store.getState().importScheduleYaml('bad.yaml', yaml.replace('final_sparsity', 'final_sparsty'));
    expect(store.getState().notices.at(-1)?.text).toMatch(/Could not import bad\.yaml: .*line 6/);
    expect(store.getState().exportScheduleYaml()).toMatch(/AutomatedGradualPruner/);
  });
});
