import { describe, expect, it } from 'vitest';
import { setup, settle } from './fake-lab-worker';
import { isGroupOpen, selectOutline, selectSparsityMap } from './outline-selectors';
import { mobilenetTensors } from '../core/layers-outline/test-tensors';
import type { LabState } from './types';

describe('the layer view', () => {
  it('a block slider sets every member it applies to, one undo step per drag', async () => {
    const { store } = setup();
    await store.getState().boot();
    const a = store.getState();
    const past = store.getState().past.length;
    a.setMethodFor(['fc1/kernel', 'fc2/kernel', 'unknown'], { kind: 'level', sparsity: 0.3 }, 'group:g');
    a.setMethodFor(['fc1/kernel', 'fc2/kernel'], { kind: 'level', sparsity: 0.6 }, 'group:g');
    expect(store.getState().plan.tensors).toEqual({
      'fc1/kernel': { kind: 'level', sparsity: 0.6 },
      'fc2/kernel': { kind: 'level', sparsity: 0.6 },
    });
    expect(store.getState().past.length).toBe(past + 1);
    // a structured method that removes units leaves the classifier out, as "Prune all" does
    a.setMethodFor(['fc1/kernel', 'fc2/kernel'], { kind: 'structured', group: 'cols', sparsity: 0.5, norm: 'l1' }, 'x');
    expect(store.getState().plan.tensors['fc2/kernel']).toEqual({ kind: 'level', sparsity: 0.6 });
    await settle();
  });

  it('blocks fold on large models, open on small ones, and a reveal opens the block', () => {
    const { store } = setup();
    const big = { ...store.getState().model, tensors: mobilenetTensors(10), layers: [] } as LabState['model'];
    store.setState({ model: big });
    const s = () => store.getState();
    expect(selectOutline(s()).groups).toHaveLength(14);
    expect(selectOutline(s())).toBe(selectOutline(s()));
    expect(isGroupOpen(s(), 'block_4')).toBe(false);
    s().revealTensor('block_4_project/kernel');
    expect(isGroupOpen(s(), 'block_4')).toBe(true);
    expect(isGroupOpen(s(), 'block_5')).toBe(false);
    expect(s().revealed?.name).toBe('block_4_project/kernel');
    s().setGroupsOpen(['block_4', 'block_5'], false);
    expect(isGroupOpen(s(), 'block_4')).toBe(false);
    // another model: what was opened by hand no longer applies
    store.setState({ model: { ...big!, tensors: big!.tensors.slice(0, 9) } });
    expect(isGroupOpen(s(), 'block_1')).toBe(true);
  });

  it('one sparsity lookup per report', () => {
    const { store } = setup();
    const report = {
      perTensor: [{ name: 'a', numel: 4, nnz: 1, sparsity: 0.75 }],
      total: { numel: 4, nnz: 1, sparsity: 0.75 },
    };
    store.setState({ sparsity: report });
    expect(selectSparsityMap(store.getState()).get('a')?.nnz).toBe(1);
    expect(selectSparsityMap(store.getState())).toBe(selectSparsityMap(store.getState()));
    store.getState().setLayerQuery('block_3');
    expect(store.getState().layerQuery).toBe('block_3');
  });
});
