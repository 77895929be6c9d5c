import { describe, expect, it, vi } from 'vitest';
import { setup, settle } from './fake-lab-worker';
import type { PrunePlan } from '../core/plan/plan';

describe('the runtime slice: worker start, recovery', () => {
  it('boots the demo model and shows its dense baseline', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'lenet300' });
    const s = store.getState();
    expect(s.workerStatus).toBe('ready');
    expect(s.model?.name).toBe('lenet300');
    expect(s.baseline?.metrics.top1).toBe(90);
    expect(s.runtime?.backend).toBe('wasm');
    expect(w.calls.find((c) => c.method === 'loadDemoModel')?.args).toEqual(['lenet300']);
  });

  it('restarts a crashed worker and replays model and plan; a lost GPU falls back to wasm', async () => {
    const { store, w } = setup();
    await store.getState().boot({ model: 'vgg', backend: 'webgpu' });
    store.getState().setMethod('fc2/kernel', { kind: 'level', sparsity: 0.6 });
    await settle();
    const before = w.calls.length;
    w.crash('crashed');
    await vi.waitFor(() => expect(store.getState().workerStatus).toBe('ready'));
    await settle();
    const after = w.calls.slice(before);
    expect(after[0]).toEqual({ method: 'init', args: ['webgpu'] });
    expect(after.find((c) => c.method === 'loadDemoModel')?.args).toEqual(['vgg']);
    expect((after.filter((c) => c.method === 'applyPlan').at(-1)!.args[0] as PrunePlan).tensors['fc2/kernel']).toEqual({
      kind: 'level',
      sparsity: 0.6,
    });
    expect(store.getState().notices.some((n) => /restored/.test(n.text))).toBe(true);

    w.crash('device-lost');
    await vi.waitFor(() => expect(store.getState().runtime?.backend).toBe('wasm'));
    expect(w.started()).toBe(3);
  });
});
