// How one evaluation's forward passes are run: the whole model on the resident inputs, or only the
// suffix of the engine's split on the swept tensor's cached input activations (the prefix trick).
// Both walk the same batches, so a suffix pass sees exactly the examples the full pass sees.
import * as tf from '@tensorflow/tfjs';
import type { ForwardSplit, ModelEngine } from '../engine/model-engine';
import { throwIfAborted, yieldNow } from './yielding';

export interface Batch {
  start: number;
  size: number;
}

export interface Forward {
  readonly kind: 'full' | 'suffix';
  /** The model's first output for batch b (caller disposes; call inside tf.tidy). */
  run(b: number): tf.Tensor;
  /** Present for engines that run asynchronously only (ONNX): batch b's output, awaited. */
  runAsync?(b: number): Promise<tf.Tensor>;
  dispose(): void;
}

/**
 * `use` applied to batch b's output inside tf.tidy. An asynchronous forward's output is awaited
 * first and disposed after, so both kinds leave no tensor behind.
 */
export async function withOutput<T extends tf.TensorContainer>(
  forward: Forward,
  b: number,
  use: (out: tf.Tensor) => T,
): Promise<T> {
  if (!forward.runAsync) return tf.tidy(() => use(forward.run(b)));
  const out = await forward.runAsync(b);
  try {
    return tf.tidy(() => use(out));
  } finally {
    out.dispose();
  }
}

export function batchesOf(n: number, batchSize: number): Batch[] {
  const out: Batch[] = [];
  for (let start = 0; start < n; start += batchSize) out.push({ start, size: Math.min(batchSize, n - start) });
  return out;
}

export function fullForward(engine: ModelEngine, x: tf.Tensor, batches: readonly Batch[]): Forward {
  if (engine.capabilities.asyncOnly) return asyncForward(engine, x, batches);
  return {
    kind: 'full',
    run: (b) => {
      const { start, size } = batches[b];
      return engine.predict(x.slice(start, size), { batchSize: size });
    },
    dispose: () => {},
  };
}

/** The whole model through the engine's asynchronous forward(), one batch at a time (ONNX). */
function asyncForward(engine: ModelEngine, x: tf.Tensor, batches: readonly Batch[]): Forward {
  return {
    kind: 'full',
    run: () => {
      throw new Error(`the ${engine.format} engine runs asynchronously: use runAsync`);
    },
    runAsync: async (b) => {
      const { start, size } = batches[b];
      const slice = x.slice(start, size);
      try {
        return await engine.forward(slice);
      } finally {
        slice.dispose();
      }
    },
    dispose: () => {},
  };
}

/** Elements per example of the split's cached activations, from one example's prefix. */
export function prefixElementsPerExample(split: ForwardSplit, x: tf.Tensor): number {
  return tf.tidy(() => split.prefix(x.slice(0, 1)).size);
}

/**
 * Computes the split's prefix activations for every batch once (kept on the device) and returns a
 * Forward that runs the suffix on them.
 */
export async function suffixForward(
  split: ForwardSplit,
  x: tf.Tensor,
  batches: readonly Batch[],
  signal?: AbortSignal,
): Promise<Forward> {
  const cached: tf.Tensor[] = [];
  try {
    for (const { start, size } of batches) {
      cached.push(tf.tidy(() => split.prefix(x.slice(start, size))));
      await yieldNow();
      throwIfAborted(signal);
    }
  } catch (e) {
    tf.dispose(cached);
    throw e;
  }
  return {
    kind: 'suffix',
    run: (b) => split.suffix(cached[b]),
    dispose: () => tf.dispose(cached),
  };
}
