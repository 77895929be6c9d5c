// Every pruning schedule of Distiller's examples/ folder, run: on a LeNet-5 (conv1, conv2, fc1,
// fc2) as `prunelab schedule --model demo:lenet5 --epochs 1` does, and on Distiller's resnet20_cifar
// with its module names. Each file runs, or fails only because its tensor names belong to another
// network. What a run cannot apply (quantizers, fold_batchnorm, skip_first_minibatch) is refused on
// its line; these runs ask to go without it, and the refusals are counted apart. Thinning extensions
// and the per-mini-batch policy args run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { useBackend } from '../test-backends';
import { importDistillerYaml } from './distiller-yaml';
import { resnet20Cifar } from './fixtures/resnet20-cifar';
import { runSchedule } from './run-schedule';

const DIR = path.join(__dirname, 'fixtures', 'distiller-examples');
const FILES = Object.keys(
  (JSON.parse(readFileSync(path.join(DIR, 'pyyaml-trees.json'), 'utf8')) as { trees: object }).trees,
);
const OTHER_NETWORK = /is not a prunable tensor of this model/;

function lenet5(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 4, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({ name: 'conv2', filters: 6, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc1', units: 16, activation: 'relu' }),
      tf.layers.dense({ name: 'fc2', units: 10 }),
    ],
  });
}

type Verdict = 'ran' | 'other network' | 'refused';

async function runAll(model: tf.LayersModel, size: number, channels: number) {
  const names = prunableTensors(model).map((t) => t.name);
  const n = 16;
  const data = tf.tidy(() => ({
    x: tf.randomUniform([n, size, size, channels], 0, 1, 'float32', 1),
    y: tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
  }));
  const verdicts: Record<string, Verdict> = {};
  const refusals: string[] = [];
  try {
    for (const file of FILES) {
      const text = readFileSync(path.join(DIR, file), 'utf8');
      try {
        importDistillerYaml(text, names, file);
      } catch (e) {
        if (!OTHER_NETWORK.test((e as Error).message)) refusals.push(file);
      }
      let imported;
      try {
        imported = importDistillerYaml(text, names, file, { skipUnsupported: true });
      } catch (e) {
        expect((e as Error).message, file).toMatch(OTHER_NETWORK);
        verdicts[file] = 'other network';
        continue;
      }
      const before = tf.memory().numTensors;
      const result = await runSchedule(model, data, data, imported.schedule, {
        epochs: 1,
        optimizer: { kind: 'sgd', lr: 1e-3, momentum: 0.9 },
        batchSize: 8,
        checkpoints: 'none',
      });
      result.thinnedModel?.dispose();
      expect(tf.memory().numTensors, file).toBe(before);
      verdicts[file] = 'ran';
    }
  } finally {
    tf.dispose([data.x, data.y]);
  }
  const count = (v: Verdict) => Object.values(verdicts).filter((x) => x === v).length;
  return { verdicts, ran: count('ran'), other: count('other network'), refusals };
}

describe("Distiller's example schedules, run", () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('on LeNet-5: each runs or names another network', async () => {
    const model = lenet5();
    const { verdicts, ran, other, refusals } = await runAll(model, 28, 1);
    model.dispose();
    console.log(
      `LeNet-5: ${ran} ran, ${other} name another network; refused without --skip-unsupported: ${refusals.join(', ') || 'none'}`,
    );
    expect(ran + other).toBe(FILES.length);
    expect(verdicts['agp-pruning/alexnet.schedule_agp.yaml']).toBe('other network');
  }, 300_000);

  it('on resnet20_cifar: every ResNet-20 schedule runs', async () => {
    const model = resnet20Cifar(4, 8);
    const { verdicts, ran, other, refusals } = await runAll(model, 8, 3);
    model.dispose();
    const resnet20 = FILES.filter((f) => /resnet20/.test(f));
    const names = FILES.filter((f) => verdicts[f] === 'ran').join(', ');
    console.log(`resnet20_cifar: ${ran} ran (${names}), ${other} name another network`);
    console.log(`refused without --skip-unsupported: ${refusals.join(', ')}`);
    expect(ran + other).toBe(FILES.length);
    for (const f of resnet20) expect(verdicts[f], f).toBe('ran');
    // only BatchNorm folding (fold_batchnorm) is left out
    expect(refusals).toEqual(['agp-pruning/resnet20_filters.bn_fold.schedule_agp.yaml']);
  }, 600_000);
});
