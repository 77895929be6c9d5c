// Crash injection on the store: the worker dies in the middle of a sweep, a schedule run and a
// thinning, or loses its GPU device; the store restarts it and keeps what had finished.
import { describe, expect, it, vi } from 'vitest';
import { lastPlanSent, metrics, settle, setup } from './fake-lab-worker';
import type { RunEvent, SweepEvent } from '../core/lab/types';

const never = () => new Promise<never>(() => undefined);
const ready = async (store: ReturnType<typeof setup>['store']) => {
  await vi.waitFor(() => expect(store.getState().workerStatus).toBe('ready'));
  await settle();
};
const noticeTexts = (store: ReturnType<typeof setup>['store']) => store.getState().notices.map((n) => n.text);

async function sweepStoppedBy(kind: 'crashed' | 'device-lost') {
  const { store, w } = setup();
  await store.getState().boot({ model: 'lenet300', backend: 'webgpu' });
  store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.5 });
  await settle();
  // two of four cells finish, then the worker dies in the third
  w.api.sweep = (_request, _id, onEvent: (e: SweepEvent) => void) => {
    for (const sparsity of [0, 0.5])
      onEvent({ type: 'row', row: { parameter: 'fc1/kernel', sparsity, top1: 90, top5: 100, loss: 0.3, n: 10 } });
    onEvent({ type: 'progress', done: 2, total: 4, tensor: 'fc2/kernel' });
    return never();
  };
  const request = { tensors: ['fc1/kernel', 'fc2/kernel'], levels: [0, 0.5], group: 'element' as const };
  void store.getState().startSweep({ ...request, subset: null, minTop1: null, mode: 'labels' });
  await settle();
  w.crash(kind);
  await ready(store);
  return { store, w };
}

describe('a worker restart in the middle of a job', () => {
  it('keeps a sweep’s finished rows and names the one cell lost', async () => {
    const { store } = await sweepStoppedBy('crashed');
    const run = store.getState().runs[0];
    expect(run.status).toBe('cancelled');
    expect(run.rows.map((r) => [r.parameter, r.sparsity])).toEqual([
      ['fc1/kernel', 0],
      ['fc1/kernel', 0.5],
    ]);
    expect(store.getState().sweepProgress).toBeNull();
    expect(noticeTexts(store)).toContainEqual(
      expect.stringMatching(
        /2 finished rows are kept; lost: the cell being measured \(fc2\/kernel at sparsity 0\.00\)/,
      ),
    );
  });

  it('after a lost GPU device: the same, on wasm', async () => {
    const { store, w } = await sweepStoppedBy('device-lost');
    expect(store.getState().runtime?.backend).toBe('wasm');
    expect(store.getState().runs[0].rows).toHaveLength(2);
    expect(lastPlanSent(w).tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.5 });
  });

  it('puts a schedule run’s last checkpoint into the new worker and keeps it over later restarts', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    const start = { epoch: 0, step: 0, kind: 'start' as const, metrics: metrics(90), sparsity: {}, totalSparsity: 0 };
    const event = { ...start, revived: 0, prunedNonZero: 0 };
    const step1 = new Map([['fc1/kernel', new Float32Array(8).fill(0.25)]]);
    w.api.runSchedule = (_r, _id, onEvent: (e: RunEvent) => void) => {
      onEvent({ type: 'timeline', event });
      onEvent({ type: 'checkpoint', step: 0, weights: new Map([['fc1/kernel', new Float32Array(8)]]) });
      onEvent({
        type: 'timeline',
        event: { ...event, step: 1, kind: 'epoch', metrics: metrics(88), totalSparsity: 0.4 },
      });
      onEvent({ type: 'checkpoint', step: 1, weights: step1 });
      onEvent({
        type: 'batch',
        progress: { epoch: 1, batch: 5, batches: 10, loss: 0.4, revivedBeforeRemask: 0, prunedNonZero: 0 },
      });
      return never();
    };
    void store.getState().startScheduleRun();
    await settle();
    const before = w.calls.length;
    w.crash('crashed');
    await ready(store);
    const s = store.getState();
    expect(s.run).toMatchObject({ status: 'cancelled', adoptedStep: 1, batch: null });
    expect(s.run!.checkpoints.map((c) => [c.step, c.top1])).toEqual([
      [0, 90],
      [1, 88],
    ]);
    expect(s.adoptedWeights).toBe(step1);
    const after = w.calls.slice(before).map((c) => c.method);
    expect(after.indexOf('adoptWeights')).toBeGreaterThan(after.indexOf('loadDemoModel'));
    expect(after.indexOf('adoptWeights')).toBeLessThan(after.lastIndexOf('applyPlan'));
    expect(noticeTexts(store)).toContainEqual(
      expect.stringMatching(/in epoch 1 \(batch 5 of 10\)\. The model holds its last checkpoint \(step 1, epoch 0\)/),
    );

    // a later restart (nothing running) still gives the fine-tuned weights back
    const again = w.calls.length;
    w.crash('crashed');
    await ready(store);
    expect(w.calls.slice(again).find((c) => c.method === 'adoptWeights')?.args[0]).toBe(step1);

    // going back to step 0: the new worker has no checkpoints of its own, the page sends step 0's weights
    w.api.restoreCheckpoint = async () => {
      throw new Error('no checkpoint for step 0');
    };
    await store.getState().restoreCheckpoint(0);
    expect(store.getState().run?.adoptedStep).toBe(0);
    const sent = w.calls.filter((c) => c.method === 'adoptWeights').at(-1);
    expect((sent?.args[0] as Map<string, Float32Array>).get('fc1/kernel')?.[0]).toBe(0);
  });

  it('a run stopped before its first checkpoint keeps the starting weights', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    w.api.runSchedule = () => never();
    void store.getState().startScheduleRun();
    await settle();
    w.crash('crashed');
    await ready(store);
    expect(store.getState().run?.status).toBe('cancelled');
    expect(store.getState().adoptedWeights).toBeNull();
    expect(w.calls.some((c) => c.method === 'adoptWeights')).toBe(false);
    expect(noticeTexts(store)).toContainEqual(expect.stringMatching(/before its first checkpoint/));
  });

  it('a thinning in progress ends; the masked model (the plan) is what the new worker holds', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg' });
    store.getState().setMethod('conv1/kernel', { kind: 'level', sparsity: 0.5 });
    await settle();
    w.api.thin = () => never();
    void store.getState().thinModel();
    await settle();
    expect(store.getState().inspectJob).toBe('thin');
    w.crash('crashed');
    await ready(store);
    expect(store.getState().inspectJob).toBeNull();
    expect(lastPlanSent(w).tensors['conv1/kernel']).toEqual({ kind: 'level', sparsity: 0.5 });
    expect(noticeTexts(store)).toContainEqual(expect.stringMatching(/Thinning stopped .* the masked model again/));
  });

  it('a finished run’s fine-tuned weights are the adopted step’s', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet300' });
    await store.getState().startScheduleRun();
    expect(store.getState().adoptedWeights?.get('fc1/kernel')?.[0]).toBe(1);
  });
});

describe('the memory budget', () => {
  it('goes to every worker started; a bad value is refused and changes nothing', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    expect(w.calls.find((c) => c.method === 'setMemoryBudget')?.args).toEqual([2 ** 30]);
    store.getState().setMemoryBudget(512);
    expect(store.getState().memoryBudget).toBe(512 * 2 ** 20);
    store.getState().setMemoryBudget(0.5);
    expect(store.getState().memoryBudget).toBe(512 * 2 ** 20);
    expect(noticeTexts(store).at(-1)).toMatch(/whole number of MiB from 1 to 65536; got 0.5/);
    const before = w.calls.length;
    w.crash('crashed');
    await ready(store);
    expect(w.calls.slice(before).find((c) => c.method === 'setMemoryBudget')?.args).toEqual([512 * 2 ** 20]);
  });
});
