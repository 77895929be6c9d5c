import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test-backends';
import { loadKerasH5 } from './keras-h5';

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const bytes = (name: string) => new Uint8Array(readFileSync(path.join(DIR, name))).slice().buffer;
const reference = JSON.parse(readFileSync(path.join(DIR, 'reference.json'), 'utf8')) as {
  x: number[];
  probabilities: number[];
};

describeEachBackend('Keras 2 .h5', () => {
  it('builds the layers model from model_config and weights; numpy forward pass as reference', async () => {
    const model = await loadKerasH5('small-cnn.h5', bytes('small-cnn.h5'));
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'Conv2D',
      'BatchNormalization',
      'Flatten',
      'Dense',
    ]);
    expect(model.weights.map((w) => w.originalName)).toContain('bn/moving_variance');
    const before = tf.memory().numTensors;
    const x = tf.tensor4d(reference.x, [3, 8, 8, 1]);
    const y = model.predict(x) as tf.Tensor;
    const got = await y.data();
    reference.probabilities.forEach((p, i) => expect(got[i]).toBeCloseTo(p, 5));
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a weights-only .h5 and a Keras 3 .keras by name, with what to do', async () => {
    await expect(loadKerasH5('weights-only.h5', bytes('weights-only.h5'))).rejects.toThrow(
      /weights-only.h5 has no model_config: it holds weights only/,
    );
    await expect(loadKerasH5('small-cnn.keras', bytes('small-cnn.keras'))).rejects.toThrow(
      /small-cnn.keras is a Keras 3 .keras file.*Keras 2 \.h5/,
    );
    await expect(loadKerasH5('x.h5', new TextEncoder().encode('not hdf5').buffer as ArrayBuffer)).rejects.toThrow(
      /x.h5 is not an HDF5 file/,
    );
  });
});
