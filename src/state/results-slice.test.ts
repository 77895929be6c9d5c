import { describe, expect, it } from 'vitest';
import { setup, metrics } from './fake-lab-worker';
import { selectCurrentFigure, selectDenseReference } from './selectors';

describe('the results slice', () => {
  it('the quick estimate is compared with the dense model on the same quick subset', async () => {
    const { store } = setup();
    await store.getState().boot();
    // nothing pruned, only the quick estimate in so far
    store.setState({ full: null });
    const s = store.getState();
    const current = selectCurrentFigure(s)!;
    const dense = selectDenseReference(s)!;
    expect(current.phase).toBe('quick');
    expect(dense.metrics.n).toBe(current.metrics.n);
    expect(current.metrics.top1 - dense.metrics.top1).toBe(0);
    // the full figure is compared with the dense figure of the full set
    store.setState({ full: { metrics: metrics(90), phase: 'full', ms: 1 } });
    expect(selectDenseReference(store.getState())?.metrics.n).toBe(10);
  });
});
