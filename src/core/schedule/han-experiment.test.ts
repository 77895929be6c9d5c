// A small version of the Han experiment on the shipped LeNet-300-100: 2 steps of 1 epoch on 2,000
// training images, measured on 2,000 test images. Skipped when the demo files are not there.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { toInputTensor, toLabelTensor } from '../dataset-tensors';
import { loadIdxPair } from '../idx';
import { loadModelFromFiles } from '../model-files';
import { inputFit } from '../model-introspect';
import { expectNoLeak, useBackend } from '../test-backends';
import { hanExperiment } from './han-experiment';
import { HanExperimentError, hanLevels } from './han-settings';
import { hanTable } from './han-table';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MODEL_DIR = path.join(ROOT, 'public/models/lenet300');
const DATA_DIR = path.join(ROOT, 'public/data/fashion-mnist');
const FILES = [
  'train-10k-images-idx3-ubyte.gz',
  'train-10k-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];
const present =
  existsSync(path.join(MODEL_DIR, 'model.json')) && FILES.every((f) => existsSync(path.join(DATA_DIR, f)));

const bytes = (dir: string, f: string) => new Uint8Array(readFileSync(path.join(dir, f)));
const arrayBuffer = (f: string) => {
  const b = readFileSync(path.join(MODEL_DIR, f));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

const NAMES = ['fc1/kernel', 'fc2/kernel', 'fc3/kernel'];

describe('hanLevels', () => {
  it('scales per-layer targets by each step against the last one', () => {
    const levels = hanLevels(
      NAMES,
      [
        { sparsity: 0.46, epochs: 1 },
        { sparsity: 0.92, epochs: 2 },
      ],
      '*',
      { 'fc1/kernel': 0.92, 'fc3/kernel': 0.5 },
    );
    expect(levels[0]['fc1/kernel']).toBeCloseTo(0.46, 12);
    expect(levels[0]['fc3/kernel']).toBeCloseTo(0.25, 12);
    expect(levels[1]).toEqual({ 'fc1/kernel': 0.92, 'fc3/kernel': 0.5 });
  });

  it('gives one level to the named tensors without targets, and rejects bad input', () => {
    expect(hanLevels(NAMES, [{ sparsity: 0.5, epochs: 1 }], ['fc2/kernel'])).toEqual([{ 'fc2/kernel': 0.5 }]);
    expect(() => hanLevels(NAMES, [], '*')).toThrow(HanExperimentError);
    expect(() =>
      hanLevels(
        NAMES,
        [
          { sparsity: 0.8, epochs: 1 },
          { sparsity: 0.5, epochs: 1 },
        ],
        '*',
      ),
    ).toThrow(/below the previous/);
    expect(() => hanLevels(NAMES, [{ sparsity: 0.5, epochs: 1 }], '*', { conv9: 0.5 })).toThrow(
      /"conv9": not a prunable tensor/,
    );
  });
});

describe.skipIf(!present)('hanExperiment on LeNet-300-100 (small)', () => {
  it('iterative beats one-shot at the final sparsity; structure, masks and memory hold', async () => {
    await useBackend('wasm');
    const { model } = await loadModelFromFiles(
      ['model.json', 'weights.bin'].map((f) => ({ name: `lenet300/${f}`, bytes: arrayBuffer(f) })),
    );
    const trainImages = await loadIdxPair(bytes(DATA_DIR, FILES[0]), bytes(DATA_DIR, FILES[1]));
    const testImages = await loadIdxPair(bytes(DATA_DIR, FILES[2]), bytes(DATA_DIR, FILES[3]));
    const fit = inputFit(model, trainImages);
    if (!fit.fits) throw new Error(fit.reason);
    const scaling = { kind: 'unit' as const };
    const train = {
      x: toInputTensor(trainImages, fit.layout, scaling, { start: 0, count: 2000 }),
      y: toLabelTensor(trainImages, { start: 0, count: 2000 }),
    };
    const test = {
      x: toInputTensor(testImages, fit.layout, scaling, { start: 0, count: 2000 }),
      y: toLabelTensor(testImages, { start: 0, count: 2000 }),
    };
    const targets = { 'fc1/kernel': 0.96, 'fc2/kernel': 0.9, 'fc3/kernel': 0.5 };
    const r = await expectNoLeak(() =>
      hanExperiment(model, train, test, {
        layerTargets: targets,
        steps: [
          { sparsity: 0.5, epochs: 1 },
          { sparsity: 0.95, epochs: 1 },
        ],
        batchSize: 32,
        augment: { shift: 1 },
        distill: { temperature: 4, alpha: 0.3 },
        seed: 1,
      }),
    );
    tf.dispose([train.x, train.y, test.x, test.y]);

    expect(r.options.distill).toEqual({ temperature: 4, alpha: 0.3 });
    expect(r.oneShot).toHaveLength(2);
    expect(r.iterative).toHaveLength(2);
    // start, then per step: prune + 1 epoch
    expect(r.timeline.map((e) => e.kind)).toEqual(['start', 'prune', 'epoch', 'prune', 'epoch']);
    expect(r.timeline.every((e) => e.prunedNonZero === 0)).toBe(true);
    // the last level of every tensor is its target (up to the rounding of a count of weights)
    for (const [name, target] of Object.entries(targets)) expect(r.finalPerTensor[name]).toBeCloseTo(target, 2);
    const expectedTotal = (0.96 * 235200 + 0.9 * 30000 + 0.5 * 1000) / 266200;
    expect(r.finalSparsity).toBeCloseTo(expectedTotal, 3);
    expect(r.oneShot[1].sparsity).toBeCloseTo(r.finalSparsity, 3);
    expect(r.iterativeLoss).toBeCloseTo(r.dense.top1 - r.iterative[1].metrics.top1, 9);
    // at ~95% sparsity one-shot magnitude pruning collapses; one step of retraining recovers much of it
    expect(r.iterative[1].metrics.top1).toBeGreaterThan(r.oneShot[1].metrics.top1 + 10);
    expect(hanTable(r)).toContain('iterative loses');
    model.dispose();
  });
});
