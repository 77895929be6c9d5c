import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeLayers, inputFit, prunableTensors } from './model-introspect';
import { useBackend } from './test-backends';

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, name: 'conv1' }),
      tf.layers.batchNormalization({ name: 'bn1' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }),
      tf.layers.separableConv2d({ filters: 6, kernelSize: 3, name: 'sep' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 10, name: 'fc' }),
    ],
  });
}

describe('model-introspect', () => {
  beforeAll(() => useBackend('cpu'));

  it('lists Dense and conv kernels in model order, never biases or BatchNorm tensors', () => {
    const model = cnn();
    const tensors = prunableTensors(model);
    expect(tensors.map((t) => [t.name, t.layerName, t.layerClass, t.kind, t.shape, t.size])).toEqual([
      ['conv1/kernel', 'conv1', 'Conv2D', 'conv2d', [3, 3, 1, 4], 36],
      ['dw/depthwise_kernel', 'dw', 'DepthwiseConv2D', 'conv2d', [3, 3, 4, 1], 36],
      ['sep/depthwise_kernel', 'sep', 'SeparableConv2D', 'conv2d', [3, 3, 4, 1], 36],
      ['sep/pointwise_kernel', 'sep', 'SeparableConv2D', 'conv2d', [1, 1, 4, 6], 24],
      ['fc/kernel', 'fc', 'Dense', 'dense', [11 * 11 * 6, 10], 7260],
    ]);
    model.dispose();
  });

  it('gives each tensor its role, canonical axes in TF.js layout, and whether it feeds the output', () => {
    const model = cnn();
    const byName = Object.fromEntries(prunableTensors(model).map((t) => [t.name, t]));
    expect(byName['conv1/kernel']).toMatchObject({ role: 'conv', axes: { out: 3, in: 2, spatial: [0, 1] } });
    expect(byName['dw/depthwise_kernel'].role).toBe('depthwise');
    expect(byName['sep/pointwise_kernel'].role).toBe('conv');
    expect(byName['fc/kernel']).toMatchObject({
      role: 'dense',
      axes: { out: 1, in: 0, spatial: [] },
      feedsOutput: true,
    });
    expect(
      Object.values(byName)
        .filter((t) => t.feedsOutput)
        .map((t) => t.name),
    ).toEqual(['fc/kernel']);
    model.dispose();
    // an activation after the classifier still leaves the classifier feeding the output
    const mlp = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, name: 'h' }),
        tf.layers.dense({ units: 2, name: 'out' }),
        tf.layers.activation({ activation: 'softmax', name: 'soft' }),
      ],
    });
    expect(prunableTensors(mlp).map((t) => [t.name, t.feedsOutput])).toEqual([
      ['h/kernel', false],
      ['out/kernel', true],
    ]);
    mlp.dispose();
  });

  it('uses the model.json weight names even when the same layer names are loaded twice', async () => {
    const a = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, name: 'fc1' })] });
    const b = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, name: 'fc1' })] });
    // TF.js makes the variable names unique; originalName stays as saved
    expect(b.layers[0].weights[0].name).not.toBe('fc1/kernel');
    expect(prunableTensors(a).map((t) => t.name)).toEqual(['fc1/kernel']);
    expect(prunableTensors(b).map((t) => t.name)).toEqual(['fc1/kernel']);
    let specNames: string[] = [];
    await b.save(
      tf.io.withSaveHandler(async (art) => {
        specNames = (art.weightSpecs ?? []).map((s) => s.name);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(specNames).toEqual(['fc1/kernel', 'fc1/bias']);
    a.dispose();
    b.dispose();
  });

  it('describes layers with shapes, parameter counts and inbound layers (functional model)', () => {
    const input = tf.input({ shape: [8], name: 'pixels' });
    const h1 = tf.layers.dense({ units: 4, name: 'left' }).apply(input) as tf.SymbolicTensor;
    const h2 = tf.layers.dense({ units: 4, name: 'right', useBias: false }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'join' }).apply([h1, h2]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, name: 'out' }).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(describeLayers(model)).toEqual([
      { name: 'pixels', class: 'InputLayer', outputShape: [null, 8], params: 0, inbound: [] },
      { name: 'left', class: 'Dense', outputShape: [null, 4], params: 8 * 4 + 4, inbound: ['pixels'] },
      { name: 'right', class: 'Dense', outputShape: [null, 4], params: 8 * 4, inbound: ['pixels'] },
      { name: 'join', class: 'Add', outputShape: [null, 4], params: 0, inbound: ['left', 'right'] },
      { name: 'out', class: 'Dense', outputShape: [null, 3], params: 4 * 3 + 3, inbound: ['join'] },
    ]);
    model.dispose();
  });

  it('fits 28x28 images as [n,28,28,1], [n,28,28] or [n,784] with 10 outputs', () => {
    const data = { rows: 28, cols: 28, numClasses: 10 };
    const image = cnn();
    const plane = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [28, 28] }), tf.layers.dense({ units: 10 })],
    });
    const flat = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10 })] });
    expect(inputFit(image, data)).toEqual({ fits: true, layout: 'image' });
    expect(inputFit(plane, data)).toEqual({ fits: true, layout: 'plane' });
    expect(inputFit(flat, data)).toEqual({ fits: true, layout: 'flat' });
    [image, plane, flat].forEach((m) => m.dispose());
  });

  it('explains why a model does not fit', () => {
    const data = { rows: 28, cols: 28, numClasses: 10 };
    const rgb = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 2, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ],
    });
    const gray32 = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [32, 32, 1] }), tf.layers.dense({ units: 10 })],
    });
    const wrongClasses = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 100 })] });
    const rgbFit = inputFit(rgb, data);
    expect(rgbFit.fits).toBe(false);
    expect(!rgbFit.fits && rgbFit.reason).toMatch(
      /^the model input is \[null, 32, 32, 3\] \(3 channels; the dataset images are grayscale/,
    );
    const gray32Fit = inputFit(gray32, data);
    expect(!gray32Fit.fits && gray32Fit.reason).toMatch(/\(32x32 images; the dataset has 28x28\)/);
    expect(inputFit(wrongClasses, data)).toEqual({
      fits: false,
      reason: 'the model output is [null, 100]; the dataset has 10 classes, so [null, 10] is needed',
    });
    [rgb, gray32, wrongClasses].forEach((m) => m.dispose());
  });
});
