// The activation statistics Distiller's ActivationAPoZRankedFilterPruner and
// ActivationMeanRankedFilterPruner rank filters by (SummaryActivationStatsCollector with
// activation_channels_apoz / activation_channels_means), measured on the outputs of named layers of
// a TF.js layers model. Pass the layer whose output is the post-ReLU feature map (the conv layer
// itself when its activation is fused). Channels are the last axis (NHWC, or units of a dense layer).
import * as tf from '@tensorflow/tfjs';

export interface ChannelStats {
  /** Average percentage of zeros per channel, in percent (Hu et al. 2016). */
  apoz: Float64Array;
  /** Mean activation per channel (global average pooling, then the batch mean). */
  mean: Float64Array;
  /** Samples the statistics cover. */
  samples: number;
}

/** Per-channel APoZ and mean of each layer's output on the batch `x` (one forward pass). */
export async function activationChannelStats(
  model: tf.LayersModel,
  layerNames: readonly string[],
  x: tf.Tensor,
): Promise<Map<string, ChannelStats>> {
  const outputs = layerNames.map((n) => model.getLayer(n).output as tf.SymbolicTensor);
  const probe = tf.model({ inputs: model.inputs, outputs });
  const stats = tf.tidy(() => {
    const raw = probe.predict(x);
    const acts = Array.isArray(raw) ? raw : [raw];
    return acts.map((a) => {
      const axes = Array.from({ length: a.rank - 1 }, (_, i) => i);
      return [tf.mul(tf.mean(tf.cast(tf.equal(a, 0), 'float32'), axes), 100), tf.mean(a, axes)] as const;
    });
  });
  const out = new Map<string, ChannelStats>();
  for (let i = 0; i < layerNames.length; i++) {
    const [apoz, mean] = stats[i];
    out.set(layerNames[i], {
      apoz: Float64Array.from(await apoz.data()),
      mean: Float64Array.from(await mean.data()),
      samples: x.shape[0],
    });
    apoz.dispose();
    mean.dispose();
  }
  return out;
}

/**
 * Two measurements of the same layer combined as Distiller's meter does (weighted by the number of
 * elements seen, i.e. by samples when every batch has the same feature-map size).
 */
export function mergeChannelStats(a: ChannelStats, b: ChannelStats): ChannelStats {
  const n = a.samples + b.samples;
  const mix = (u: Float64Array, v: Float64Array) => u.map((x, i) => (x * a.samples + v[i] * b.samples) / n);
  return { apoz: mix(a.apoz, b.apoz), mean: mix(a.mean, b.mean), samples: n };
}
