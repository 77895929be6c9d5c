// Distiller's thinning extensions during a schedule run (FilterRemover / ChannelRemover, the shape
// of examples/pruning_filters_for_efficient_convnets): the model is physically thinned at the
// extension's epoch, checked against the masked model, and the run goes on with the thinned one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { thinZeroStructures } from '../thinning';
import { importDistillerYaml } from './distiller-yaml';
import { resnet20Cifar } from './fixtures/resnet20-cifar';
import { runSchedule } from './run-schedule';

/** conv1 (8 filters, filter j scaled by j + 1) -> bn1 -> relu -> conv2 (4) -> bn2 -> relu -> flatten -> fc. */
function net(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2] });
  let x = tf.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, padding: 'same' }).apply(input);
  x = tf.layers.batchNormalization({ name: 'bn1' }).apply(x);
  x = tf.layers.reLU({ name: 'relu1' }).apply(x);
  x = tf.layers.conv2d({ name: 'conv2', filters: 4, kernelSize: 3 }).apply(x);
  x = tf.layers.batchNormalization({ name: 'bn2' }).apply(x);
  x = tf.layers.reLU({ name: 'relu2' }).apply(x);
  x = tf.layers.flatten({ name: 'flatten' }).apply(x);
  const out = tf.layers.dense({ name: 'fc', units: 3 }).apply(x) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: out });
  tf.tidy(() => {
    const conv1 = m.getLayer('conv1');
    const [k, b] = conv1.getWeights();
    // filter j: every weight (j + 1) / 10 + a small alternating part, so the L1 order is fixed
    const scale = tf.range(1, 9).reshape([1, 1, 1, 8]).div(10);
    const wiggle = tf.range(0, k.size).reshape(k.shape).mod(3).sub(1).mul(0.01);
    conv1.setWeights([tf.add(tf.mul(tf.onesLike(k), scale), wiggle), tf.add(b, 0.3)]);
    // BatchNorm shifts that are not 0: a removed filter's constant must not reach conv2 in either model
    const bn1 = m.getLayer('bn1');
    const [gamma, beta, mean, variance] = bn1.getWeights();
    bn1.setWeights([gamma, tf.add(beta, tf.linspace(0.1, 0.8, 8)), mean, variance]);
  });
  return m;
}

function data(size = 6, channels = 2, n = 12) {
  return tf.tidy(() => ({
    x: tf.randomUniform([n, size, size, channels], 0, 1, 'float32', 7),
    y: tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 3),
      'int32',
    ),
  }));
}

const FILTERS_YAML = `version: 1
pruners:
  filter_pruner:
    class: 'L1RankedStructureParameterPruner'
    group_type: Filters
    desired_sparsity: 0.5
    weights: [module.conv1.weight]
extensions:
  net_thinner:
      class: 'FilterRemover'
      thinning_func_str: remove_filters
      arch: 'simplenet_cifar'
      dataset: 'cifar10'
policies:
  - pruner:
      instance_name: filter_pruner
    epochs: [0]
  - extension:
      instance_name: net_thinner
    epochs: [0]
`;

const CHANNELS_YAML = FILTERS_YAML.replace('group_type: Filters', 'group_type: Channels')
  .replace('module.conv1.weight', 'module.conv2.weight')
  .replace("class: 'FilterRemover'", "class: 'ChannelRemover'")
  .replace('remove_filters', 'remove_channels');

async function runYaml(yaml: string, epochs = 2) {
  const m = net();
  const d = data();
  const names = prunableTensors(m).map((t) => t.name);
  const { schedule } = importDistillerYaml(yaml, names, 'thin.yaml');
  try {
    const result = await runSchedule(m, d, d, schedule, {
      epochs,
      optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0.9 },
      batchSize: 4,
      checkpoints: 'none',
    });
    const thinned = result.thinnedModel as tf.LayersModel;
    const shapes = Object.fromEntries(thinned.weights.map((w) => [w.originalName, w.shape]));
    const params = [m.countParams(), thinned.countParams()];
    const ran = { timeline: result.timeline, masks: result.masks, shapes, params };
    thinned.dispose();
    return ran;
  } finally {
    m.dispose();
    tf.dispose([d.x, d.y]);
  }
}

describeEachBackend('thinning extensions in a schedule run', () => {
  it('FilterRemover removes the 4 lowest-L1 filters of conv1 at epoch 0 and the run goes on thinned', async () => {
    const r = await expectNoLeak(() => runYaml(FILTERS_YAML));
    expect(r.timeline.map((e) => e.kind)).toEqual(['start', 'prune', 'thin', 'epoch', 'epoch']);
    const thin = r.timeline[2];
    expect(thin.rules).toEqual(['net_thinner']);
    expect(thin.thinned?.removed).toEqual({ conv1: [0, 1, 2, 3] });
    expect(thin.thinned?.maxDiff).toBeLessThanOrEqual(1e-5);
    expect(r.shapes['conv1/kernel']).toEqual([3, 3, 2, 4]);
    expect(r.shapes['conv1/bias']).toEqual([4]);
    expect(r.shapes['bn1/gamma']).toEqual([4]);
    expect(r.shapes['bn1/moving_variance']).toEqual([4]);
    expect(r.shapes['conv2/kernel']).toEqual([3, 3, 4, 4]);
    // 4 filters of conv1 (3*3*2 + 1 bias), 4 BatchNorm entries (4 each) and conv2's 4 input channels (3*3*4)
    expect(r.params[0] - r.params[1]).toBe(4 * 19 + 4 * 4 + 9 * 4 * 4);
    // the masks follow the thinned shapes, and nothing of the kept filters is masked
    expect(r.masks.get('conv1/kernel')?.length).toBe(3 * 3 * 2 * 4);
    expect([...(r.masks.get('conv1/kernel') as Uint8Array)].every((b) => b === 1)).toBe(true);
    expect(r.timeline[4].sparsity['conv1/kernel']).toBe(0);
  });

  it('ChannelRemover removes the zero input channels of conv2 and the filters of conv1 that fed them', async () => {
    const r = await expectNoLeak(() => runYaml(CHANNELS_YAML, 1));
    const thin = r.timeline.find((e) => e.kind === 'thin');
    // the channels are ranked by conv2's own weights (random): 4 of 8 go, whichever they are
    expect(thin?.thinned?.removed.conv1).toHaveLength(4);
    expect(thin?.thinned?.maxDiff).toBeLessThanOrEqual(1e-5);
    expect(r.shapes['conv1/kernel']).toEqual([3, 3, 2, 4]);
    expect(r.shapes['conv2/kernel']).toEqual([3, 3, 4, 4]);
  });

  it('thinZeroStructures: masked (readers of removed filters masked) == thinned, independently predicted', async () => {
    const m = net();
    const { x } = data();
    const before = tf.memory().numTensors;
    // filters 2 and 5 of conv1 are zero
    tf.tidy(() => {
      const conv1 = m.getLayer('conv1');
      const [k, b] = conv1.getWeights();
      const keep = tf.tensor1d([1, 1, 0, 1, 1, 0, 1, 1]).reshape([1, 1, 1, 8]);
      conv1.setWeights([tf.mul(k, keep), b]);
    });
    const thin = await thinZeroStructures(m, 'filters', new Map(), x);
    expect(thin?.removed).toEqual({ conv1: [2, 5] });
    const conv2 = (await m.getLayer('conv2').getWeights()[0].data()) as Float32Array;
    // conv2's input channels 2 and 5 are zero now in the source model (layout [3, 3, 8, 4])
    for (let i = 0; i < conv2.length; i++) {
      const cin = Math.floor(i / 4) % 8;
      if (cin === 2 || cin === 5) expect(Math.abs(conv2[i])).toBe(0);
    }
    const diff = tf.tidy(() =>
      tf
        .sub(m.predict(x) as tf.Tensor, thin!.model.predict(x) as tf.Tensor)
        .abs()
        .max()
        .dataSync(),
    )[0];
    expect(diff).toBeLessThanOrEqual(1e-5);
    // a model with no zero structure is left as it is
    thin!.model.dispose();
    expect(await thinZeroStructures(net(), 'filters', new Map(), x)).toBeNull();
    m.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});

it("Distiller's resnet20_filters.schedule_agp.yaml, epochs scaled down: thinned at its extension's epoch", async () => {
  const file = path.join(__dirname, 'fixtures/distiller-examples/agp-pruning/resnet20_filters.schedule_agp.yaml');
  // low_pruner 0..30 every 2 and the thinning at 30 become 0..3 and 2 (the file's own shape otherwise)
  const text = readFileSync(file, 'utf8')
    .replace('epochs: [30]', 'epochs: [2]')
    .replace(/ending_epoch: 30/, 'ending_epoch: 3');
  const m = resnet20Cifar(4, 8);
  const d = data(8, 3, 8);
  const before = tf.memory().numTensors;
  const { schedule } = importDistillerYaml(
    text,
    prunableTensors(m).map((t) => t.name),
    'resnet20.yaml',
  );
  const r = await runSchedule(m, d, d, schedule, {
    epochs: 3,
    optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0.9 },
    batchSize: 4,
    checkpoints: 'none',
  });
  const thin = r.timeline.find((e) => e.kind === 'thin');
  expect(thin?.epoch).toBe(2);
  expect(thin?.thinned?.maxDiff).toBeLessThanOrEqual(1e-5);
  expect(Object.keys(thin?.thinned?.removed ?? {})).toContain('layer2_1_conv1');
  expect(r.thinnedModel!.countParams()).toBeLessThan(m.countParams());
  expect(r.timeline[r.timeline.length - 1].kind).toBe('epoch');
  r.thinnedModel!.dispose();
  expect(tf.memory().numTensors).toBe(before);
  m.dispose();
  tf.dispose([d.x, d.y]);
}, 120_000);
