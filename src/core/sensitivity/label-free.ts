// Label-free sensitivity: when a dataset has no labels (or they do not fit the model), a pruned
// model is compared with the dense one on the same inputs. The dense model's top-1 prediction
// becomes the label (so top1 reads as "% top-1 agreement") and KL(dense || pruned) of the softmax
// outputs measures how far the whole distribution moved. Dense outputs are computed once.
import * as tf from '@tensorflow/tfjs';
import type { OutputKind } from '../eval/evaluate';
import { checkOutput, logProbabilities } from './batch-metrics';
import { withOutput, type Batch, type Forward } from './forward';
import { maybeYield, throwIfAborted } from './yielding';

/** The dense model's outputs, resident on the device for the whole sweep. */
export interface DenseReference {
  /** Dense top-1 class per example (int32), used as labels. */
  labels: tf.Tensor1D;
  /** Dense log-probabilities per batch (logSoftmax of logits, or log of clipped probabilities). */
  logProbs: tf.Tensor2D[];
  dispose(): void;
}

/** Runs `forward` (with the dense weights in place) over every batch once. */
export async function denseReference(
  forward: Forward,
  batches: readonly Batch[],
  kind: OutputKind,
  signal?: AbortSignal,
): Promise<DenseReference> {
  const logProbs: tf.Tensor2D[] = [];
  const argmaxes: tf.Tensor1D[] = [];
  try {
    for (let b = 0; b < batches.length; b++) {
      const [lp, am] = await withOutput(forward, b, (out) => {
        checkOutput(out, batches[b].size);
        // argmax of the raw output: the same class the evaluation's tf.topk ranks first.
        const { indices } = tf.topk(out, 1, true);
        return [logProbabilities(out, kind), indices.reshape([-1]).toInt() as tf.Tensor1D] as const;
      });
      logProbs.push(lp);
      argmaxes.push(am);
      await maybeYield();
      throwIfAborted(signal);
    }
    const labels = argmaxes.length === 1 ? argmaxes[0].clone() : (tf.concat(argmaxes, 0) as tf.Tensor1D);
    tf.dispose(argmaxes);
    return { labels, logProbs, dispose: () => tf.dispose([labels, ...logProbs]) };
  } catch (e) {
    tf.dispose([...logProbs, ...argmaxes]);
    throw e;
  }
}
