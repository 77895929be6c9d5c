// What activation- and gradient-ranked pruners read from a TF.js layers model, measured on a sample
// of the training data at the pruning epoch: each tensor's output-channel statistics after its
// ReLU (APoZ, mean), and the gradient of the training loss with respect to the tensor.
import * as tf from '@tensorflow/tfjs';
import { PROBABILITY_FLOOR, type OutputKind } from '../eval/evaluate';
import { activationChannelStats, mergeChannelStats, type ChannelStats } from '../training/activation-stats';
import type { TrainData } from '../training/masked-trainer';

/** Training examples the statistics and the gradient are measured on (Distiller: the training data). */
export const MEASURE_EXAMPLES = 1024;
const MEASURE_BATCH = 256;

type AnyLayer = tf.layers.Layer & { activation?: { getClassName(): string } };

/**
 * The layer whose output is the tensor's post-activation feature map: the layer itself when its
 * activation is fused, else the first ReLU / Activation down a chain of single consumers
 * (BatchNormalization in between), as Distiller reads the statistics on the ReLU module.
 */
export function activationLayerOf(model: tf.LayersModel, layerName: string): string {
  let layer = model.getLayer(layerName) as AnyLayer;
  const fused = layer.activation?.getClassName();
  if (fused && fused !== 'linear' && fused !== 'Linear') return layer.name;
  for (let hops = 0; hops < 3; hops++) {
    const next = (layer as unknown as { outboundNodes: { outboundLayer: AnyLayer }[] }).outboundNodes;
    if (next.length !== 1) break;
    layer = next[0].outboundLayer;
    const cls = layer.getClassName();
    if (cls === 'ReLU' || cls === 'Activation') return layer.name;
    if (cls !== 'BatchNormalization') break;
  }
  return layerName;
}

function sampleOf(data: TrainData): { x: tf.Tensor; y: tf.Tensor }[] {
  const n = Math.min(MEASURE_EXAMPLES, data.x.shape[0]);
  const out = [];
  for (let start = 0; start < n; start += MEASURE_BATCH) {
    const size = Math.min(MEASURE_BATCH, n - start);
    out.push({ x: tf.slice(data.x, start, size), y: tf.slice(data.y, start, size) });
  }
  return out;
}

/** APoZ and mean activation per output channel of each named layer, over the training sample. */
export async function trainingChannelStats(
  model: tf.LayersModel,
  layers: readonly string[],
  data: TrainData,
): Promise<Map<string, ChannelStats>> {
  const probes = layers.map((l) => activationLayerOf(model, l));
  const merged = new Map<string, ChannelStats>();
  for (const { x, y } of sampleOf(data)) {
    try {
      const stats = await activationChannelStats(model, probes, x);
      layers.forEach((l, i) => {
        const s = stats.get(probes[i]) as ChannelStats;
        const before = merged.get(l);
        merged.set(l, before ? mergeChannelStats(before, s) : s);
      });
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  return merged;
}

/** Mean cross-entropy of a batch, from logits or probabilities. */
function crossEntropy(out: tf.Tensor, labels: tf.Tensor, outputs: OutputKind): tf.Scalar {
  const oneHot = tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, out.shape[1] as number);
  if (outputs === 'logits') return tf.losses.softmaxCrossEntropy(oneHot, out) as tf.Scalar;
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(out, PROBABILITY_FLOOR, 1))), 1))) as tf.Scalar;
}

/** d loss / d v for each variable, averaged over the training sample's batches. */
export async function trainingGradients(
  model: tf.LayersModel,
  variables: ReadonlyMap<string, tf.Variable>,
  data: TrainData,
  outputs: OutputKind,
): Promise<Map<string, Float32Array>> {
  const names = [...variables.keys()];
  const sums = new Map<string, Float32Array>();
  const batches = sampleOf(data);
  for (const { x, y } of batches) {
    try {
      const grads = tf.tidy(() => {
        const { grads: g } = tf.variableGrads(
          () => {
            const raw = model.apply(x, { training: false });
            return crossEntropy((Array.isArray(raw) ? raw[0] : raw) as tf.Tensor, y, outputs);
          },
          names.map((n) => variables.get(n) as tf.Variable),
        );
        return names.map((n) => g[(variables.get(n) as tf.Variable).name]);
      });
      for (let i = 0; i < names.length; i++) {
        const v = (await grads[i].data()) as Float32Array;
        grads[i].dispose();
        const acc = sums.get(names[i]);
        if (!acc) sums.set(names[i], Float32Array.from(v));
        else for (let j = 0; j < v.length; j++) acc[j] += v[j];
      }
    } finally {
      x.dispose();
      y.dispose();
    }
  }
  for (const acc of sums.values()) for (let j = 0; j < acc.length; j++) acc[j] /= batches.length;
  return sums;
}
