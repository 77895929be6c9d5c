// Label-free measurement: data without labels (or whose labels do not fit the model) is measured
// against the dense model. Its top-1 class becomes the label, its log-probabilities the reference
// for KL(dense || pruned); both are computed once per dense model and stay on the device
// (examples x classes floats: 2 MB for 50,000 examples of 10 classes).
import * as tf from '@tensorflow/tfjs';
import { checkOutput, logProbabilities } from './batch-statistics';
import { CancelledError, type OutputKind } from './eval-errors';
import { DEFAULT_EVAL_BATCH, type EvalData, type Predictor } from './evaluate';

/** The dense model's outputs on the evaluation inputs. */
export interface DenseReference {
  /** top-1 class per example (int32), the same class tf.topk ranks first */
  labels: tf.Tensor1D;
  /** log-probabilities [examples, classes] */
  logProbs: tf.Tensor2D;
}

/** Runs `model` (with its dense weights in place) over `x` once, in batches. */
export async function denseReferenceOf(
  model: Predictor,
  x: tf.Tensor,
  kind: OutputKind,
  opts: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<DenseReference> {
  const batchSize = opts.batchSize ?? DEFAULT_EVAL_BATCH;
  const n = x.shape[0];
  const labels: tf.Tensor[] = [];
  const logProbs: tf.Tensor[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      if (opts.signal?.aborted) throw new CancelledError();
      const size = Math.min(batchSize, n - start);
      const xb = x.slice(start, size);
      let out: tf.Tensor;
      try {
        out = model.forward ? await model.forward(xb) : tf.tidy(() => firstOf(model.predict(xb, { batchSize: size })));
      } finally {
        xb.dispose();
      }
      try {
        const [lp, top] = tf.tidy(() => {
          checkOutput(out, size);
          return [logProbabilities(out, kind), tf.topk(out, 1, true).indices.reshape([-1]).toInt()] as const;
        });
        logProbs.push(lp);
        labels.push(top);
      } finally {
        out.dispose();
      }
    }
    return {
      labels: (labels.length === 1 ? labels[0].clone() : tf.concat(labels, 0)) as tf.Tensor1D,
      logProbs: (logProbs.length === 1 ? logProbs[0].clone() : tf.concat(logProbs, 0)) as tf.Tensor2D,
    };
  } finally {
    tf.dispose([...labels, ...logProbs]);
  }
}

/** What `evaluate` measures label-free: the inputs against the dense reference. */
export function agreementData(x: tf.Tensor, reference: DenseReference): EvalData {
  return { x, y: reference.labels, reference: reference.logProbs };
}

/** The rows of a reference at `indices` (the quick subset's examples), as new tensors. */
export function gatherReference(reference: DenseReference, indices: tf.Tensor1D): DenseReference {
  return tf.tidy(() => ({
    labels: tf.gather(reference.labels, indices) as tf.Tensor1D,
    logProbs: tf.gather(reference.logProbs, indices) as tf.Tensor2D,
  }));
}

export function disposeReference(reference: DenseReference | null): void {
  if (reference) tf.dispose([reference.labels, reference.logProbs]);
}

function firstOf(y: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(y) ? y[0] : y;
}
