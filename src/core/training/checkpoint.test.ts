import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MaskedModel } from '../engine/masked-model';
import { expectNoLeak, useBackend } from '../test-backends';
import { masksOf, rebaseMaskedModel, restoreWeights, snapshotWeights } from './checkpoint';

function model(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 3, name: 'd', kernelInitializer: 'ones', biasInitializer: 'zeros' }));
  return m;
}

describe('checkpoints', () => {
  it('rebases trained weights into a new MaskedModel with the same masks; snapshots restore', async () => {
    await useBackend('cpu');
    const m = model();
    const masked = await MaskedModel.create(m);
    const mask = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    masked.setMask('d/kernel', mask);
    await masked.apply();
    const snap = await expectNoLeak(() => snapshotWeights(m));
    // "training": every kept weight becomes 2
    (m.weights[0].read() as tf.Variable).assign(tf.tidy(() => tf.mul(tf.tensor(Float32Array.from(mask), [4, 3]), 2)));
    const next = await expectNoLeak(() => rebaseMaskedModel(masked));
    expect(Array.from(next.dense('d/kernel'))).toEqual(Array.from(mask, (k) => 2 * k));
    expect(Array.from(masked.dense('d/kernel'))).toEqual(new Array(12).fill(1));
    expect(masksOf(next).get('d/kernel')).toEqual(mask);
    expectNoLeak(() => restoreWeights(m, snap));
    expect(Array.from(await m.weights[0].read().data())).toEqual(Array.from(mask));
    m.dispose();
  });
});
