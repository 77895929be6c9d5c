// The demo models as TF.js layers models, and where each layer's weights come from in PyTorch's
// state_dict (scripts/train_demo_torch.py defines the same networks).
import * as tf from '@tensorflow/tfjs';

export const MODEL_IDS = ['lenet300', 'lenet5', 'vgg', 'resnet8', 'mobilenet-fm'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export type ConversionKind = 'conv' | 'depthwise' | 'dense' | 'bn';

export interface ModelSpec {
  name: string;
  description: string;
  inputShape: number[];
  build: () => tf.LayersModel;
  /** For each TF.js layer with weights: the PyTorch module it comes from, and how to convert it. */
  conversions: Record<string, { from: string; kind: ConversionKind; flattenFrom?: [number, number, number] }>;
  /** PyTorch also exported the same weights as model.onnx */
  onnx?: boolean;
}

type Conversions = ModelSpec['conversions'];
type Sym = tf.SymbolicTensor;

const conv = (name: string, filters: number, kernelSize: number, padding: 'valid' | 'same', extra: object = {}) =>
  tf.layers.conv2d({ name, filters, kernelSize, padding, useBias: true, ...extra });
const bn = (name: string) => tf.layers.batchNormalization({ name, epsilon: 1e-5, momentum: 0.9 });
const relu = (name: string) => tf.layers.activation({ name, activation: 'relu' });
const relu6 = (name: string) => tf.layers.activation({ name, activation: 'relu6' });
const pool = (name: string) => tf.layers.maxPooling2d({ name, poolSize: 2, strides: 2 });
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;

/**
 * A bias-free conv (or depthwise conv) and its BatchNorm, padded as PyTorch pads (k // 2 on every side).
 * A stride-2 conv pads explicitly: TF's 'same' would pad only the bottom and right.
 */
function convBn(
  x: Sym,
  name: string,
  torchName: string,
  conversions: Conversions,
  o: { filters?: number; kernel: number; stride?: number; depthwise?: boolean },
): Sym {
  const stride = o.stride ?? 1;
  const padding = stride === 1 || o.kernel === 1 ? ('same' as const) : ('valid' as const);
  if (padding === 'valid') {
    const p = (o.kernel - 1) / 2;
    x = apply(
      tf.layers.zeroPadding2d({
        name: `${name}_pad`,
        padding: [
          [p, p],
          [p, p],
        ],
      }),
      x,
    );
  }
  const common = { name, kernelSize: o.kernel, strides: stride, padding, useBias: false };
  const layer = o.depthwise
    ? tf.layers.depthwiseConv2d({ ...common, depthMultiplier: 1 })
    : tf.layers.conv2d({ ...common, filters: o.filters! });
  conversions[name] = { from: `${torchName}.0`, kind: o.depthwise ? 'depthwise' : 'conv' };
  conversions[`${name}_bn`] = { from: `${torchName}.1`, kind: 'bn' };
  return apply(bn(`${name}_bn`), apply(layer, x));
}

function head(x: Sym, conversions: Conversions): Sym {
  conversions.fc = { from: 'fc', kind: 'dense' };
  return apply(tf.layers.dense({ name: 'fc', units: 10 }), apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), x));
}

function buildResnet8(conversions: Conversions): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'input' });
  let x = apply(relu('stem_relu'), convBn(input, 'stem', 'stem', conversions, { filters: 16, kernel: 3 }));
  const block = (name: string, cout: number, stride: number, project: boolean) => {
    let y = convBn(x, `${name}_conv1`, `${name}.conv1`, conversions, { filters: cout, kernel: 3, stride });
    y = convBn(apply(relu(`${name}_relu1`), y), `${name}_conv2`, `${name}.conv2`, conversions, {
      filters: cout,
      kernel: 3,
    });
    const shortcut = project
      ? convBn(x, `${name}_shortcut`, `${name}.shortcut`, conversions, { filters: cout, kernel: 1, stride })
      : x;
    x = apply(relu(`${name}_relu2`), apply(tf.layers.add({ name: `${name}_add` }), [y, shortcut]));
  };
  block('block1', 32, 2, true);
  block('block2', 32, 1, false);
  block('block3', 64, 2, true);
  return tf.model({ name: 'resnet8', inputs: input, outputs: head(x, conversions) });
}

function buildMobilenet(conversions: Conversions): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1], name: 'input' });
  let x = apply(relu6('stem_relu6'), convBn(input, 'stem', 'stem', conversions, { filters: 16, kernel: 3, stride: 2 }));
  const block = (name: string, cout: number, expand: number, stride: number) => {
    const cin = x.shape[3] as number;
    const c = (suffix: string, o: Parameters<typeof convBn>[4], y: Sym) =>
      convBn(y, `${name}_${suffix}`, `${name}.${suffix}`, conversions, o);
    let y = apply(relu6(`${name}_expand_relu6`), c('expand', { filters: cin * expand, kernel: 1 }, x));
    y = apply(relu6(`${name}_depthwise_relu6`), c('depthwise', { kernel: 3, stride, depthwise: true }, y));
    y = c('project', { filters: cout, kernel: 1 }, y);
    x = stride === 1 && cin === cout ? apply(tf.layers.add({ name: `${name}_add` }), [x, y]) : y;
  };
  block('block1', 24, 3, 1);
  block('block2', 24, 3, 1);
  block('block3', 48, 3, 2);
  block('block4', 48, 3, 1);
  x = apply(relu6('head_relu6'), convBn(x, 'head', 'head', conversions, { filters: 128, kernel: 1 }));
  return tf.model({ name: 'mobilenet-fm', inputs: input, outputs: head(x, conversions) });
}

/** A spec whose conversions are filled in while its model is built. */
function functional(spec: Omit<ModelSpec, 'build' | 'conversions'>, make: (c: Conversions) => tf.LayersModel) {
  const s: ModelSpec = { ...spec, conversions: {}, build: () => make(s.conversions) };
  return s;
}

export const SPECS: Record<ModelId, ModelSpec> = {
  lenet300: {
    name: 'LeNet-300-100',
    description:
      'The fully-connected LeNet-300-100 (784-300-100-10, ReLU) that Han et al. (2015, "Learning both Weights and ' +
      'Connections for Efficient Neural Networks") pruned 12x on MNIST without accuracy loss, trained here on ' +
      'Fashion-MNIST. Three dense layers and no convolutions: the classic playground for element-wise ' +
      'magnitude pruning.',
    inputShape: [784],
    build: () =>
      tf.sequential({
        name: 'lenet300',
        layers: [
          tf.layers.dense({ name: 'fc1', inputShape: [784], units: 300, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 100, activation: 'relu' }),
          tf.layers.dense({ name: 'fc3', units: 10 }),
        ],
      }),
    conversions: {
      fc1: { from: 'fc1', kind: 'dense' },
      fc2: { from: 'fc2', kind: 'dense' },
      fc3: { from: 'fc3', kind: 'dense' },
    },
  },
  lenet5: {
    name: 'LeNet-5 (Caffe variant)',
    description:
      'LeNet-5 in the Caffe variant used by Han et al. (2015, "Learning both Weights and Connections for Efficient ' +
      'Neural Networks"): two valid 5x5 convolutions with 20 and 50 filters (ReLU, 2x2 max pooling), then a 500-unit ' +
      'dense layer and the 10-way classifier, about 431k parameters, most of them in fc1. Trained on Fashion-MNIST; ' +
      'shows how differently convolution and fully-connected layers tolerate pruning.',
    inputShape: [28, 28, 1],
    build: () =>
      tf.sequential({
        name: 'lenet5',
        layers: [
          conv('conv1', 20, 5, 'valid', { inputShape: [28, 28, 1], activation: 'relu' }),
          pool('pool1'),
          conv('conv2', 50, 5, 'valid', { activation: 'relu' }),
          pool('pool2'),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ name: 'fc1', units: 500, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 10 }),
        ],
      }),
    conversions: {
      conv1: { from: 'conv1', kind: 'conv' },
      conv2: { from: 'conv2', kind: 'conv' },
      fc1: { from: 'fc1', kind: 'dense', flattenFrom: [50, 4, 4] },
      fc2: { from: 'fc2', kind: 'dense' },
    },
  },
  vgg: {
    name: 'Small VGG-style CNN',
    description:
      'A small CNN in the style of VGG (Simonyan & Zisserman 2015, "Very Deep Convolutional Networks for Large-Scale ' +
      'Image Recognition"): four 3x3 convolutions (16, 32, 32, 64 filters, with bias) each followed by batch ' +
      'normalization and ReLU, three 2x2 max pools, a 128-unit dense layer and the 10-way classifier. Trained on ' +
      'Fashion-MNIST with random-crop augmentation. Its conv-BN pairs make it the demo for filter pruning and ' +
      "thinning (Li et al. 2017), where a removed filter also removes its BN entry and the next layer's input channel.",
    inputShape: [28, 28, 1],
    build: () =>
      tf.sequential({
        name: 'vgg',
        layers: [
          conv('conv1', 16, 3, 'same', { inputShape: [28, 28, 1] }),
          bn('bn1'),
          relu('relu1'),
          pool('pool1'),
          conv('conv2', 32, 3, 'same'),
          bn('bn2'),
          relu('relu2'),
          pool('pool2'),
          conv('conv3', 32, 3, 'same'),
          bn('bn3'),
          relu('relu3'),
          conv('conv4', 64, 3, 'same'),
          bn('bn4'),
          relu('relu4'),
          pool('pool3'),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ name: 'fc1', units: 128, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 10 }),
        ],
      }),
    conversions: {
      conv1: { from: 'conv1', kind: 'conv' },
      bn1: { from: 'bn1', kind: 'bn' },
      conv2: { from: 'conv2', kind: 'conv' },
      bn2: { from: 'bn2', kind: 'bn' },
      conv3: { from: 'conv3', kind: 'conv' },
      bn3: { from: 'bn3', kind: 'bn' },
      conv4: { from: 'conv4', kind: 'conv' },
      bn4: { from: 'bn4', kind: 'bn' },
      fc1: { from: 'fc1', kind: 'dense', flattenFrom: [64, 3, 3] },
      fc2: { from: 'fc2', kind: 'dense' },
    },
  },
  resnet8: functional(
    {
      name: 'ResNet-8',
      description:
        'A small residual network (He et al. 2016, "Deep Residual Learning for Image Recognition"): a 3x3 stem ' +
        'conv with 16 filters, then three basic blocks of two 3x3 convs (32 filters at 14x14, 32, and 64 at 7x7), ' +
        'each conv followed by batch normalization; the blocks that change the shape add a 1x1 projection conv ' +
        'on the shortcut. Global average pooling and a 10-way classifier. Trained on Fashion-MNIST with PyTorch and ' +
        'shipped as TF.js layers and as ONNX from the same weights. Its Adds couple the filters of every conv ' +
        'that feeds them: filter pruning ranks such a group together, with one leader, as Distiller does.',
      inputShape: [28, 28, 1],
      onnx: true,
    },
    buildResnet8,
  ),
  'mobilenet-fm': functional(
    {
      name: 'MobileNetV2-style CNN',
      description:
        'Inverted residual blocks in the style of MobileNetV2 (Sandler et al. 2018, "MobileNetV2: Inverted ' +
        'Residuals and Linear Bottlenecks"): a stride-2 3x3 stem conv, then four blocks of a 1x1 expand conv ' +
        '(3x the channels), a 3x3 depthwise conv and a 1x1 project conv, each with batch normalization, ReLU6 ' +
        'after expand and depthwise, and a residual Add where the shapes match; a 1x1 head conv with 128 ' +
        'filters, global average pooling and a 10-way classifier. Trained on Fashion-MNIST with PyTorch and ' +
        'shipped as TF.js layers and as ONNX from the same weights. An expand filter owns one depthwise channel ' +
        'and one input channel of the project conv: the demo for pruning through depthwise convs.',
      inputShape: [28, 28, 1],
      onnx: true,
    },
    buildMobilenet,
  ),
};
