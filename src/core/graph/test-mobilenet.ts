// Test and bench models of the MobileNetV2 family, built in tf.js with Keras' layer names: a stem conv,
// inverted-residual blocks (1x1 expand conv, BN, ReLU6, depthwise 3x3, BN, ReLU6, 1x1 project conv,
// BN, and an Add when the block keeps its shape), a 1x1 head conv, global pooling and a classifier.
import * as tf from '@tensorflow/tfjs';
import { randomizeWeights } from './test-models';

export interface InvertedResidual {
  /** expansion factor t (1 = no expand conv, as Keras' first block) */
  expand: number;
  /** output channels */
  out: number;
  stride: 1 | 2;
  /** depth multiplier of the depthwise conv (Keras MobileNetV2 uses 1) */
  multiplier?: number;
}

export interface MobileNetSpec {
  size: number;
  channels: number;
  stem: number;
  blocks: InvertedResidual[];
  head: number;
  classes: number;
  seed?: number;
}

/** Keras' MobileNetV2 (alpha 1.0): 17 blocks, 52 convolution kernels and the classifier. */
export function kerasMobileNetV2Spec(size = 224, classes = 5): MobileNetSpec {
  const rows: [number, number, number, 1 | 2][] = [
    // t, c, n, s as in the paper's table 2
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  const blocks = rows.flatMap(([t, c, n, s]) =>
    Array.from({ length: n }, (_, i): InvertedResidual => ({ expand: t, out: c, stride: i === 0 ? s : 1 })),
  );
  return { size, channels: 3, stem: 32, blocks, head: 1280, classes };
}

/** A small network of the same family: 16x16x3 in, three blocks (two residual), 5 classes. */
export function smallMobileNetSpec(multiplier = 1): MobileNetSpec {
  return {
    size: 16,
    channels: 3,
    stem: 8,
    blocks: [
      { expand: 3, out: 8, stride: 1, multiplier },
      { expand: 3, out: 12, stride: 2 },
      { expand: 3, out: 12, stride: 1 },
    ],
    head: 24,
    classes: 5,
    seed: 5,
  };
}

const relu6 = (name: string) => tf.layers.reLU({ maxValue: 6, name });

/** The model of a spec, with seeded random weights and non-trivial BatchNorm statistics. */
export function mobileNetLike(spec: MobileNetSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.size, spec.size, spec.channels], name: 'input_1' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  const conv = (filters: number, kernelSize: number, strides: number, name: string, padding: 'same' | 'valid') =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, useBias: false, name });
  const bn = (name: string) => tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999, name });
  let x = apply(conv(spec.stem, 3, 2, 'Conv1', 'same'), input);
  x = apply(relu6('Conv1_relu'), apply(bn('bn_Conv1'), x));
  let channels = spec.stem;
  spec.blocks.forEach((b, i) => {
    const prefix = i === 0 ? 'expanded_conv_' : `block_${i}_`;
    let h = x;
    if (b.expand !== 1) {
      h = apply(conv(channels * b.expand, 1, 1, `${prefix}expand`, 'same'), h);
      h = apply(relu6(`${prefix}expand_relu`), apply(bn(`${prefix}expand_BN`), h));
    }
    if (b.stride === 2)
      h = apply(
        tf.layers.zeroPadding2d({
          padding: [
            [0, 1],
            [0, 1],
          ],
          name: `${prefix}pad`,
        }),
        h,
      );
    h = apply(
      tf.layers.depthwiseConv2d({
        kernelSize: 3,
        strides: b.stride,
        depthMultiplier: b.multiplier ?? 1,
        padding: b.stride === 2 ? 'valid' : 'same',
        useBias: false,
        name: `${prefix}depthwise`,
      }),
      h,
    );
    h = apply(relu6(`${prefix}depthwise_relu`), apply(bn(`${prefix}depthwise_BN`), h));
    h = apply(bn(`${prefix}project_BN`), apply(conv(b.out, 1, 1, `${prefix}project`, 'same'), h));
    x = b.stride === 1 && channels === b.out ? apply(tf.layers.add({ name: `${prefix}add` }), [x, h]) : h;
    channels = b.out;
  });
  x = apply(relu6('out_relu'), apply(bn('Conv_1_bn'), apply(conv(spec.head, 1, 1, 'Conv_1', 'same'), x)));
  x = apply(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  const out = apply(tf.layers.dense({ units: spec.classes, activation: 'softmax', name: 'predictions' }), x);
  const model = tf.model({ inputs: input, outputs: out, name: 'mobilenetv2_like' });
  randomizeWeights(model, spec.seed ?? 7);
  return model;
}

/**
 * MACs of smallMobileNetSpec() counted by hand with the given channel counts: stem c, block 0 expand a
 * (8x8), block 1 expand b (8x8 in, 4x4 out) projecting to p, block 2 expand d (4x4), head h, 5 classes.
 */
export function smallMobileNetMacs(c: number, a: number, b: number, p: number, d: number, h: number): number {
  return (
    64 * 27 * c +
    (64 * c * a + 64 * 9 * a + 64 * a * c) +
    (64 * c * b + 16 * 9 * b + 16 * b * p) +
    (16 * p * d + 16 * 9 * d + 16 * d * p) +
    16 * p * h +
    h * 5
  );
}
