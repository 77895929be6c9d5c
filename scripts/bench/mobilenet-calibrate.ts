// Random weights make a deep network chaotic: rounding differences of 1e-6 grow about fourfold per
// block, so two frameworks cannot agree on its outputs. Setting each BatchNorm's running statistics to
// the mean and variance its input has on a probe batch (in model order, as recalibrating BatchNorm
// does) keeps activations at the scale of a trained network, where the outputs can be compared.
import * as tf from '@tensorflow/tfjs';

export function calibrateBatchNorms(model: tf.LayersModel, x: tf.Tensor): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const [gamma, beta] = layer.getWeights();
    const moments = tf.tidy(() => {
      const prefix = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
      const { mean, variance } = tf.moments(prefix.predict(x) as tf.Tensor, [0, 1, 2]);
      return [mean, variance];
    });
    layer.setWeights([gamma, beta, ...moments]);
    tf.dispose(moments);
  }
}
