import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LabService } from '../lab/lab-service';
import { loadKerasH5 } from './keras-h5/keras-h5';
import { formatBytes, ModelTooLargeError } from './memory-budget';
import { openModelFiles } from './open-model';

const here = path.dirname(new URL(import.meta.url).pathname);
const file = (name: string, rel: string) => ({
  name,
  bytes: new Uint8Array(readFileSync(path.join(here, rel))).slice().buffer,
});
const json = (name: string, value: unknown) => ({
  name,
  bytes: new TextEncoder().encode(JSON.stringify(value)).buffer,
});

/** A layers model.json whose manifest declares one 40000 x 30000 float32 kernel (4.47 GiB) and ships no bytes. */
const hugeManifest = json('model.json', {
  format: 'layers-model',
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'huge',
      layers: [{ class_name: 'Dense', config: { units: 30000, batch_input_shape: [null, 40000] } }],
    },
  },
  weightsManifest: [
    { paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [40000, 30000], dtype: 'float32' }] },
  ],
});

async function refusal(work: () => Promise<unknown>): Promise<ModelTooLargeError> {
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelTooLargeError);
  return error as ModelTooLargeError;
}

describe('the memory budget', () => {
  it('refuses a manifest that declares more than the budget, before any tensor or shard is read', async () => {
    const tensors = tf.memory().numTensors;
    const e = await refusal(() => openModelFiles([hugeManifest], { memoryBudget: 2 ** 30 }));
    expect(e.weightBytes).toBe(40000 * 30000 * 4);
    expect(e.message).toBe(
      "model.json: its weights need 4.47 GiB as float32, more than this device's memory budget of 1 GiB; " +
        'nothing was loaded (raise the budget if this device has the memory)',
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('without a budget the same file fails on its missing shard instead', async () => {
    await expect(openModelFiles([hugeManifest])).rejects.toThrow(/weights\.bin/);
  });

  it('reads an ONNX file’s initializer dims (external data too) and a Keras .h5 file’s dataset shapes', async () => {
    // 25,450 values: sum of prod(dims) over graph.initializer, counted with the onnx Python package
    for (const files of [
      [file('mlp.onnx', 'onnx/fixtures/mlp.onnx')],
      [
        file('mlp-external.onnx', 'onnx/fixtures/mlp-external.onnx'),
        file('mlp-external.data', 'onnx/fixtures/mlp-external.data'),
      ],
    ]) {
      const e = await refusal(() => openModelFiles(files, { memoryBudget: 25450 * 4 - 1 }));
      expect(e.weightBytes).toBe(25450 * 4);
      await expect(openModelFiles(files, { memoryBudget: 25450 * 4 })).resolves.toBeTruthy();
    }
    const h5 = file('small-cnn.h5', 'keras-h5/fixtures/small-cnn.h5');
    const model = await loadKerasH5(h5.name, h5.bytes);
    const values = model.countParams();
    model.dispose();
    const e = await refusal(() => openModelFiles([h5], { memoryBudget: values * 4 - 1 }));
    expect(e.weightBytes).toBe(values * 4);
  });

  it('the lab keeps the model it had when a new one is refused', async () => {
    const lab = new LabService();
    lab.memoryBudget = 25450 * 4;
    await lab.loadModel([file('mlp.onnx', 'onnx/fixtures/mlp.onnx')], { source: 'files' });
    const tensors = tf.memory().numTensors;
    await refusal(() => lab.loadModel([hugeManifest], { source: 'files' }));
    expect(lab.current().info.name).toBe('mlp');
    expect(tf.memory().numTensors).toBe(tensors);
    lab.dispose();
  });

  it('formats sizes in binary units', () => {
    expect([2 ** 30, 1.5 * 2 ** 30, 300 * 2 ** 20, 12 * 1024, 512].map(formatBytes)).toEqual([
      '1 GiB',
      '1.5 GiB',
      '300 MiB',
      '12 KiB',
      '512 bytes',
    ]);
  });
});
