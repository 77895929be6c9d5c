import { describe, expect, it } from 'vitest';
import { setup, settle } from './fake-lab-worker';
import type { PrunePlan } from '../core/plan/plan';

describe('the sensitivity slice', () => {
  it('a sweep streams rows into a run; a plan proposed from its curves is applied and measured', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    await store.getState().startSweep({
      tensors: ['fc1/kernel', 'fc2/kernel'],
      group: 'element',
      levels: [0, 0.5, 0.9],
      subset: null,
      minTop1: null,
      mode: 'labels',
    });
    const run = store.getState().runs[0];
    expect(run.status).toBe('done');
    expect(run.rows.length).toBe(6);
    expect(run.baselineTop1).toBe(90);
    store.getState().setBudget(5);
    store.getState().proposePlan('greedy');
    const proposal = store.getState().proposal!;
    // fc1 drops 10 pp per unit sparsity: 0.5 costs 5 pp (within budget), 0.9 costs 9; fc2 drops 40 pp per unit
    expect(proposal.entries.find((e) => e.parameter === 'fc1/kernel')?.sparsity).toBe(0.5);
    expect(proposal.entries.find((e) => e.parameter === 'fc2/kernel')?.sparsity).toBe(0);
    store.getState().applyProposal();
    await settle();
    const applied = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(applied.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.5, convention: 'distiller' } });
    expect(store.getState().proposalMeasured).toEqual({ predictedTop1: 85, measuredTop1: 80 });
  });

  it('a proposal is applied with the chosen ranking settings, for the structure the sweep measured', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setRanking({ convention: 'torch', norm: 'l2', normalize: 'raw' });
    const sweep = { tensors: ['fc1/kernel'], levels: [0, 0.5], subset: null, minTop1: null, mode: 'labels' as const };
    await store.getState().startSweep({ ...sweep, group: 'element' });
    store.getState().setBudget(5);
    store.getState().proposePlan('greedy');
    store.getState().applyProposal();
    expect(store.getState().plan.tensors).toEqual({
      'fc1/kernel': { kind: 'level', sparsity: 0.5, convention: 'torch' },
    });
    await store.getState().startSweep({ ...sweep, group: 'filter' });
    store.getState().proposePlan('greedy');
    store.getState().applyProposal();
    await settle();
    const applied = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(applied.tensors).toEqual({
      'fc1/kernel': {
        kind: 'structured',
        group: 'filters',
        sparsity: 0.5,
        norm: 'l2',
        normalize: 'raw',
        convention: 'torch',
      },
    });
  });

  it('imports a Distiller CSV and refuses a foreign one', async () => {
    const { store } = setup();
    await store.getState().boot();
    store
      .getState()
      .importSensitivityCsv(
        'sens.csv',
        'parameter,sparsity,top1,top5,loss\nfc1/kernel,0.00,90.00,99.00,0.3000\nfc1/kernel,0.50,88.00,99.00,0.3500\n',
      );
    expect(store.getState().runs.at(-1)?.rows.length).toBe(2);
    expect(store.getState().runs.at(-1)?.baselineTop1).toBe(90);
    store.getState().importSensitivityCsv('other.csv', 'a,b\n1,2\n');
    expect(store.getState().notices.at(-1)?.text).toMatch(/Could not import other\.csv/);
    expect(store.getState().runs.length).toBe(1);
  });
});
