import { describe, expect, it } from 'vitest';
import { setup } from './fake-lab-worker';

describe('the model and data slice', () => {
  it('a model that fails to open leaves the loaded model and plan in place and says why', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet5' });
    store.getState().setMethod('fc1/kernel', { kind: 'level', sparsity: 0.4 });
    await store.getState().openFiles([{ name: 'model.json', bytes: new ArrayBuffer(2) }]);
    const s = store.getState();
    expect(s.model?.name).toBe('lenet5');
    expect(s.plan.tensors['fc1/kernel']).toEqual({ kind: 'level', sparsity: 0.4 });
    expect(s.notices.at(-1)?.text).toMatch(/Could not open model\.json: .*missing: weights\.bin/);
    expect(s.notices.at(-1)?.level).toBe('error');

    await store.getState().openFiles([
      { name: 'a-images-idx3-ubyte', bytes: new ArrayBuffer(7) },
      { name: 'a-labels-idx1-ubyte', bytes: new ArrayBuffer(9) },
    ]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/idx data truncated/);
    expect(store.getState().dataset?.name).toBe('test');
    await store.getState().openFiles([{ name: 'notes.txt', bytes: new ArrayBuffer(1) }]);
    expect(store.getState().notices.at(-1)?.text).toMatch(/Nothing was opened: notes\.txt/);
    expect(store.getState().model?.name).toBe('lenet5');
  });

  it('another model starts with no plan, analyses or runs; the ranking settings stay', async () => {
    const { store } = setup();
    await store.getState().boot({ model: 'lenet5' });
    const a = store.getState();
    a.setRanking({ norm: 'l2' });
    a.setAllLayersOptions({ skip: ['fc2/kernel'], limits: { maxSparsity: 0.5 } });
    a.setMethod('fc1/kernel', { kind: 'level', sparsity: 0.4 });
    a.importSensitivityCsv('s.csv', 'parameter,sparsity,top1,top5,loss\nfc1/kernel,0.00,90.00,99.00,0.3000\n');
    await store.getState().startScheduleRun();
    await store.getState().selectDemo('lenet300');
    const s = store.getState();
    expect(s.model?.name).toBe('lenet300');
    expect(s.plan.tensors).toEqual({});
    expect(s.past).toEqual([]);
    expect(s.allLayers).toEqual({ skip: [], limits: {} });
    expect(s.runs).toEqual([]);
    expect(s.activeRun).toBeNull();
    expect(s.run).toBeNull();
    expect(s.ranking.norm).toBe('l2');
    expect(s.baseline?.metrics.top1).toBe(90);
    expect(s.opening).toBeNull();
  });
});
