// Small models and data the masked-trainer tests train on.
import * as tf from '@tensorflow/tfjs';
import { levelMask, mulberry32 } from '../pruning';
import type { TrainData } from './trainer-types';

export function mlp(): tf.LayersModel {
  const input = tf.input({ shape: [20] });
  const h = tf.layers
    .dense({
      units: 16,
      activation: 'relu',
      name: 'fc1',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input);
  const out = tf.layers
    .dense({ units: 4, name: 'fc2', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

export function cnn(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      name: 'conv1',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
  );
  // no activation: tf.js takes the fused conv path, whose gradient calls Conv2DBackpropFilter directly
  m.add(
    tf.layers.conv2d({
      filters: 6,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      name: 'conv2',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    }),
  );
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, name: 'fc', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
  return m;
}

/** Labels from a fixed random linear teacher so that there is something to learn. */
export function syntheticData(n: number, shape: number[], classes: number, seed: number): TrainData {
  const r = mulberry32(seed);
  const per = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n * per }, () => r() * 2 - 1);
  const teacher = Float32Array.from({ length: per * classes }, () => r() * 2 - 1);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let k = 0; k < per; k++) s += x[i * per + k] * teacher[k * classes + c];
      if (s > best) [best, y[i]] = [s, c];
    }
  }
  return { x: tf.tensor(x, [n, ...shape]), y: tf.tensor1d(y, 'int32') };
}

export async function halfMasks(model: tf.LayersModel, names: string[]): Promise<Map<string, Uint8Array>> {
  const masks = new Map<string, Uint8Array>();
  for (const w of model.weights) {
    if (names.includes(w.originalName)) masks.set(w.originalName, levelMask(await w.read().data(), 0.5));
  }
  return masks;
}

export async function maskedNonZero(model: tf.LayersModel, masks: Map<string, Uint8Array>): Promise<number> {
  let count = 0;
  for (const w of model.weights) {
    const mask = masks.get(w.originalName);
    if (!mask) continue;
    const v = await w.read().data();
    for (let i = 0; i < v.length; i++) if (!mask[i] && v[i] !== 0) count++;
  }
  return count;
}
