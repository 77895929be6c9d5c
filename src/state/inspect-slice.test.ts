import { describe, expect, it, vi } from 'vitest';
import { setup } from './fake-lab-worker';

describe('the inspect slice', () => {
  it('inspect views are fetched for the open tab after each plan', async () => {
    const { store } = setup();
    await store.getState().boot();
    store.getState().setInspectTab('cost');
    await vi.waitFor(() => expect(store.getState().cost?.total.params).toBe(12));
    await store.getState().showMask('fc2/kernel');
    expect(store.getState().maskView?.name).toBe('fc2/kernel');
    await store.getState().thinModel();
    expect(store.getState().notices.at(-1)?.text).toMatch(/Thinning failed: no whole filter/);
    expect(store.getState().inspectJob).toBeNull();
  });

  it('a failed latency measurement says so and ends the inspect job', async () => {
    const { store } = setup();
    await store.getState().boot();
    const measuring = store.getState().measureLatency();
    expect(store.getState().inspectJob).toBe('latency');
    await measuring;
    expect(store.getState().inspectJob).toBeNull();
    expect(store.getState().latency).toBeNull();
    expect(store.getState().notices.at(-1)?.text).toBe('Latency measurement failed: not measured in tests');
  });
});
