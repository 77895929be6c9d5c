// How one evaluation's forward passes are run: the whole model on the resident inputs, or only the
// layers from the swept tensor onward on that layer's cached input activations (the prefix trick).
// Both walk the same batches, so a suffix pass sees exactly the examples the full pass sees.
import * as tf from '@tensorflow/tfjs';
import { applyLayers } from './chain';
import { throwIfAborted, yieldNow } from './yielding';

export interface Batch {
  start: number;
  size: number;
}

export interface Forward {
  readonly kind: 'full' | 'suffix';
  /** The model's first output for batch b (caller disposes; call inside tf.tidy). */
  run(b: number): tf.Tensor;
  dispose(): void;
}

export function batchesOf(n: number, batchSize: number): Batch[] {
  const out: Batch[] = [];
  for (let start = 0; start < n; start += batchSize) out.push({ start, size: Math.min(batchSize, n - start) });
  return out;
}

function firstOutput(y: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(y) ? y[0] : y;
}

export function fullForward(model: tf.LayersModel, x: tf.Tensor, batches: readonly Batch[]): Forward {
  return {
    kind: 'full',
    run: (b) => {
      const { start, size } = batches[b];
      return firstOutput(model.predict(x.slice(start, size), { batchSize: size }));
    },
    dispose: () => {},
  };
}

/**
 * Computes the input activations of layers[from] for every batch once (kept on the device) and
 * returns a Forward that runs layers[from..] on them.
 */
export async function suffixForward(
  layers: readonly tf.layers.Layer[],
  from: number,
  x: tf.Tensor,
  batches: readonly Batch[],
  signal?: AbortSignal,
): Promise<Forward> {
  const prefix = layers.slice(0, from);
  const suffix = layers.slice(from);
  const cached: tf.Tensor[] = [];
  try {
    for (const { start, size } of batches) {
      cached.push(tf.tidy(() => applyLayers(prefix, x.slice(start, size))));
      await yieldNow();
      throwIfAborted(signal);
    }
  } catch (e) {
    tf.dispose(cached);
    throw e;
  }
  return {
    kind: 'suffix',
    run: (b) => applyLayers(suffix, cached[b]),
    dispose: () => tf.dispose(cached),
  };
}
