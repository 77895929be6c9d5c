import { describe, expect, it, vi } from 'vitest';
import { setup, settle } from './fake-lab-worker';
import type { PrunePlan } from '../core/plan/plan';
import { methodFor } from '../core/plan/method-info';

describe('the plan slice', () => {
  it('a plan change is sent to the worker and its figures stream into results', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.5 });
    await settle();
    const last = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(last.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.5 });
    expect(store.getState().full?.metrics.top1).toBe(80);
    expect(store.getState().sparsity?.total.sparsity).toBe(0.5);
  });

  it('a slider drag is one undo step; undo and reset restore the plan', async () => {
    const { store } = setup();
    await store.getState().boot();
    const a = store.getState();
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.1 });
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.2 });
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    a.setMethod('fc2/kernel', { kind: 'magnitude', threshold: 0.1 });
    expect(store.getState().past.length).toBe(2);
    store.getState().undo();
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 } });
    store.getState().undo();
    expect(store.getState().plan.tensors).toEqual({});
    store.getState().pruneAll({ kind: 'level', sparsity: 0.7 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel', 'fc2/kernel']);
    store.getState().reset();
    expect(store.getState().plan.tensors).toEqual({});
    await settle();
  });

  it('"Prune all" leaves skipped layers dense and carries the per-layer caps in the plan', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    store.getState().setAllLayersOptions({ skip: ['fc2/kernel'] });
    store.getState().pruneAll({ kind: 'level', sparsity: 0.8 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel']);
    store.getState().setAllLayersOptions({ limits: { maxSparsity: 0.5 } });
    await settle();
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.limits).toEqual({ maxSparsity: 0.5 });
    expect(sent.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.8 });
  });

  const oneRank =
    '"Prune all" with a method of one rank changes those layers only, keeps the limits, honours the skip list';
  it(oneRank, async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg' });
    const a = store.getState();
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    a.setAllLayersOptions({ limits: { maxSparsity: 0.5 } });
    const kernels = methodFor('kernels', 0.6);
    store.getState().pruneAll(kernels);
    await settle();
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 }, 'conv1/kernel': kernels });
    expect(sent.limits).toEqual({ maxSparsity: 0.5 });
    // a skipped layer stays dense even when the method is for its rank
    store.getState().setAllLayersOptions({ skip: ['conv1/kernel'] });
    const rows = methodFor('rows', 0.4);
    store.getState().pruneAll(rows);
    store.getState().pruneAll(methodFor('kernels', 0.2));
    expect(store.getState().plan).toEqual({
      version: 1,
      tensors: { 'fc1/kernel': rows, 'fc2/kernel': rows },
      limits: { maxSparsity: 0.5 },
    });
    await settle();
  });

  it('"Prune all" by filters leaves the output layer out with a note and prunes the others', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet5' });
    const filters = methodFor('filters', 0.5);
    store.getState().pruneAll(filters);
    await settle();
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': filters });
    const sent = w.calls.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan;
    expect(sent.tensors).toEqual({ 'fc1/kernel': filters });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      '“Prune all” left out fc2/kernel: its units are the model’s outputs (the classes).',
    ]);
    // element methods prune the output layer as any other
    store.getState().pruneAll({ kind: 'level', sparsity: 0.5 });
    expect(Object.keys(store.getState().plan.tensors)).toEqual(['fc1/kernel', 'fc2/kernel']);
    await settle();
  });

  it('a global target set on one layer sets every global layer, and the limits stay', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setAllLayersOptions({ limits: { minSparsity: 0.1 } });
    store.getState().pruneAll({ kind: 'global', sparsity: 0.5 });
    store.getState().setMethod('fc2/kernel', { kind: 'global', sparsity: 0.7 });
    expect(store.getState().plan).toEqual({
      version: 1,
      tensors: { 'fc1/kernel': { kind: 'global', sparsity: 0.7 }, 'fc2/kernel': { kind: 'global', sparsity: 0.7 } },
      limits: { minSparsity: 0.1 },
    });
    await settle();
  });

  it('a plan the worker refuses is rolled back with the reason, and nothing else changes', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.3 });
    await settle();
    store.getState().setMethod('fc2/kernel', { kind: 'structured', group: 'filters', sparsity: 0.5, norm: 'l1' });
    await vi.waitFor(() =>
      expect(store.getState().notices.at(-1)?.text).toMatch(/Not applied: fc2\/kernel is the output layer/),
    );
    expect(store.getState().plan.tensors).toEqual({ 'fc1/kernel': { kind: 'level', sparsity: 0.3 } });
  });
});
