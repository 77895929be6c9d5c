// Per-batch statistics summed on the device, shared by the evaluation and the sweeps: top-k from
// tf.topk, cross-entropy from logSoftmax or clipped log-probabilities, plus the KL divergence from a
// dense reference for label-free measurement.
import * as tf from '@tensorflow/tfjs';
import { EvaluationInputError, PROBABILITY_FLOOR, type OutputKind } from './eval-errors';

/** Index of each statistic in the summed vector. */
export const STAT = { top1: 0, topk: 1, loss: 2, badLabels: 3, kl: 4 } as const;
export const STAT_COUNT = 5;

export function logProbabilities(out: tf.Tensor, kind: OutputKind): tf.Tensor2D {
  return (kind === 'logits' ? tf.logSoftmax(out) : tf.log(tf.clipByValue(out, PROBABILITY_FLOOR, 1))) as tf.Tensor2D;
}

export function checkOutput(out: tf.Tensor, size: number): number {
  if (out.rank !== 2 || out.shape[0] !== size) {
    throw new EvaluationInputError(
      `model output must be [batch, classes]; got [${out.shape.join(', ')}] for a batch of ${size}`,
    );
  }
  return out.shape[1] as number;
}

/**
 * [top-1 hits, top-k hits, loss sum, labels out of range, KL sum] of one batch; k = min(5, classes).
 * `referenceLogP` (the dense model's log-probabilities for the same examples) adds
 * sum KL(dense || pruned); without it the KL entry is 0. Call inside tf.tidy.
 */
export function batchStatistics(
  out: tf.Tensor,
  labels: tf.Tensor1D,
  kind: OutputKind,
  referenceLogP?: tf.Tensor,
): tf.Tensor1D {
  const size = labels.shape[0];
  const numClasses = checkOutput(out, size);
  const k = Math.min(5, numClasses);
  const y = labels.dtype === 'int32' ? labels : labels.toInt();
  const logProbs = logProbabilities(out, kind);
  const { indices } = tf.topk(out, k, true);
  const hits = tf.equal(indices, y.expandDims(1));
  const top1 = hits.slice([0, 0], [size, 1]).sum();
  const topk = hits.any(1).sum();
  const badLabels = tf.logicalOr(tf.less(y, 0), tf.greaterEqual(y, numClasses)).sum();
  const lossSum = tf.neg(tf.sum(tf.mul(logProbs, tf.oneHot(y, numClasses))));
  const kl = referenceLogP ? tf.sum(tf.mul(tf.exp(referenceLogP), tf.sub(referenceLogP, logProbs))) : tf.scalar(0);
  return tf.stack([top1.toFloat(), topk.toFloat(), lossSum, badLabels.toFloat(), kl]) as tf.Tensor1D;
}
