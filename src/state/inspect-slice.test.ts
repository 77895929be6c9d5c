import { describe, expect, it, vi } from 'vitest';
import { withMethod } from '../core/plan/plan';
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

describe('the histogram tab', () => {
  it('fetches the selected tensor with its method in the plan; an older answer never replaces a newer one', async () => {
    const { w, store } = setup();
    await store.getState().boot();
    await store.getState().showHistogram('fc2/kernel');
    expect(store.getState().inspectTab).toBe('histogram');
    expect(store.getState().histogram?.name).toBe('fc2/kernel');
    expect(w.calls.filter((c) => c.method === 'histogram').at(-1)?.args).toEqual(['fc2/kernel', { kind: 'dense' }]);

    // two requests in flight: the first answers last
    const real = w.api.histogram;
    const answers: (() => void)[] = [];
    w.api.histogram = (name, method) => new Promise((resolve) => answers.push(() => resolve(real(name, method))));
    const first = store.getState().refreshInspect();
    const plan = store.getState().plan;
    store.setState({ plan: withMethod(plan, 'fc2/kernel', { kind: 'magnitude', threshold: 0.5 }) });
    const second = store.getState().refreshInspect();
    await vi.waitFor(() => expect(answers.length).toBe(2));
    answers[1]();
    await second;
    expect(store.getState().histogram?.line).toEqual({ kind: 'lambda', lambda: 0.5, from: 'plan' });
    answers[0]();
    await first;
    expect(store.getState().histogram?.line).toEqual({ kind: 'lambda', lambda: 0.5, from: 'plan' });
    w.api.histogram = real;
  });
});
