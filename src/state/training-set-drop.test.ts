import { describe, expect, it } from 'vitest';
import { setup } from './fake-lab-worker';

const file = (name: string) => ({ name, bytes: new ArrayBuffer(8) });

describe('a dropped training idx pair', () => {
  it('becomes the training set; the test set is not replaced', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    await store.getState().openFiles([file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte.gz')]);
    expect(w.calls.filter((c) => c.method === 'loadTrainFiles').map((c) => c.args[0])).toEqual([
      ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
    ]);
    expect(w.calls.some((c) => c.method === 'loadDataFiles')).toBe(false);
    expect(store.getState().trainingSet).toMatchObject({ n: 60000 });
    expect(store.getState().notices.at(-1)?.text).toMatch(/\(60,000 images\)/);
  });

  it('goes back into a fresh worker with the rest of the session', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    await store.getState().openFiles([file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte.gz')]);
    await store.getState().restoreSession();
    expect(w.calls.filter((c) => c.method === 'loadTrainFiles')).toHaveLength(2);
  });

  it('a failed load keeps the shipped subset and says why', async () => {
    const { store, w } = setup();
    await store.getState().boot();
    w.api.loadTrainFiles = async () => {
      throw new Error('expected one 3-D idx images file and one 1-D idx labels file');
    };
    await store.getState().openFiles([file('train-images-idx3-ubyte.gz'), file('train-labels-idx1-ubyte.gz')]);
    expect(store.getState().trainingSet).toBeNull();
    expect(store.getState().notices.at(-1)).toMatchObject({ level: 'error' });
    expect(store.getState().notices.at(-1)?.text).toMatch(/3-D idx images/);
  });
});
