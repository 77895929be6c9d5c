import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { evaluate } from '../eval/evaluate';
import { channelMasksFor, analyzeChannels } from '../graph';
import { residualCnn, smallSequentialCnn } from '../graph/test-models';
import { MaskedModel } from '../engine/masked-model';
import type { ModelEngine } from '../engine/model-engine';
import { LayersEngine } from '../engine/tfjs-layers/layers-engine';
import { levelMask, maskFromStructures, structureScores, structuresToPrune } from '../pruning';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { SensitivityInputError } from './errors';
import { CancelledError } from '../eval/evaluate';
import { runSweep, type SweepData } from './sweep';
import type { SensitivityRow } from './types';

function randomData(shape: number[], n: number, classes: number, seed: number): SweepData {
  const x = tf.randomNormal([n, ...shape], 0, 1, 'float32', seed);
  const y = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 7 + seed) % classes),
    'int32',
  );
  return { x, y };
}

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => Float32Array.from(await w.read().data())));
}

function expectSameRows(a: SensitivityRow[], b: SensitivityRow[]): void {
  expect(a.map((r) => [r.parameter, r.sparsity])).toEqual(b.map((r) => [r.parameter, r.sparsity]));
  for (let i = 0; i < a.length; i++) {
    expect(a[i].top1).toBeCloseTo(b[i].top1, 6);
    expect(a[i].top5).toBeCloseTo(b[i].top5, 6);
    expect(Math.abs(a[i].loss - b[i].loss)).toBeLessThan(1e-6);
  }
}

/** The model as an engine of a format without a layers model or a split offers it: predict only. */
function predictOnly(engine: LayersEngine): ModelEngine {
  return {
    format: 'predict-only',
    capabilities: { canTrain: false, canThin: false, canSplit: false },
    tensors: engine.tensors,
    outputs: engine.outputs,
    classes: engine.classes,
    inputShape: engine.inputShape,
    params: engine.params,
    layers: () => engine.layers(),
    inputFit: (d) => engine.inputFit(d),
    readWeights: (name) => engine.readWeights(name),
    writeWeights: (name, values) => engine.writeWeights(name, values),
    predict: (x, args) => engine.predict(x, args),
    forward: (x) => engine.forward(x),
    channelGraph: () => engine.channelGraph(),
    thin: () => Promise.reject(new Error('predict-only engines do not thin')),
    exportFiles: () => engine.exportFiles(),
    dispose: () => {},
  };
}

const TENSORS = ['conv1/kernel', 'conv2/kernel', 'fc1/kernel', 'fc2/kernel'];
const LEVELS = [0, 0.3, 0.7];

describeEachBackend('runSweep', () => {
  it('gives the same rows with the prefix trick as with full passes, without leaks', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 300, 3, 1);
    const full = await expectNoLeak(() =>
      runSweep(new LayersEngine(model), data, { tensors: TENSORS, levels: LEVELS, prefix: false, batchSize: 128 }),
    );
    const suffix = await expectNoLeak(() =>
      runSweep(new LayersEngine(model), data, { tensors: TENSORS, levels: LEVELS, batchSize: 128 }),
    );
    expect(full).toHaveLength(TENSORS.length * LEVELS.length);
    expectSameRows(suffix, full);
    // The sweep must actually move the metrics, else the comparison proves little.
    expect(new Set(full.map((r) => r.loss.toFixed(6))).size).toBeGreaterThan(4);
    const filters = await expectNoLeak(() =>
      runSweep(new LayersEngine(model), data, {
        tensors: ['conv1/kernel', 'conv2/kernel'],
        group: 'filter',
        levels: LEVELS,
        batchSize: 128,
      }),
    );
    const filtersFull = await runSweep(new LayersEngine(model), data, {
      tensors: ['conv1/kernel', 'conv2/kernel'],
      group: 'filter',
      levels: LEVELS,
      batchSize: 128,
      prefix: false,
    });
    expectSameRows(filters, filtersFull);
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('matches an independent evaluate() of the masked model (element, filter remove/zero, channel)', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 200, 3, 2);
    const masked = await MaskedModel.create(model);
    const check = async (row: SensitivityRow, masks: Map<string, Uint8Array>) => {
      for (const [name, m] of masks) masked.setMask(name, m);
      await masked.apply();
      const m = await evaluate(model, { x: data.x, y: data.y! });
      masked.resetAll();
      await masked.apply();
      expect(row.top1).toBeCloseTo(m.top1, 6);
      expect(row.top5).toBeCloseTo(m.top5, 6);
      expect(Math.abs(row.loss - m.loss)).toBeLessThan(1e-6);
      expect(row.n).toBe(200);
    };
    const conv2 = masked.dense('conv2/kernel');
    const shape = [3, 3, 6, 8];
    const [el] = await runSweep(new LayersEngine(model), data, { tensors: ['fc1/kernel'], levels: [0.6] });
    await check(el, new Map([['fc1/kernel', levelMask(masked.dense('fc1/kernel'), 0.6)]]));
    const pruned = structuresToPrune(structureScores(conv2, shape, 'filters', 'l1', 'mean'), 0.5);
    expect(pruned).toHaveLength(4);
    const [zero] = await runSweep(new LayersEngine(model), data, {
      tensors: ['conv2/kernel'],
      group: 'filter',
      filterSemantics: 'zero',
      levels: [0.5],
    });
    await check(zero, new Map([['conv2/kernel', maskFromStructures(shape, 'filters', pruned)]]));
    const [remove] = await runSweep(new LayersEngine(model), data, {
      tensors: ['conv2/kernel'],
      group: 'filter',
      levels: [0.5],
    });
    await check(remove, channelMasksFor(analyzeChannels(model), { conv2: pruned }));
    expect(remove.loss).not.toBeCloseTo(zero.loss, 6); // bias and BN shift still reach fc1 when only zeroed
    const channels = structuresToPrune(structureScores(conv2, shape, 'channels', 'l1', 'mean'), 0.5);
    const [ch] = await runSweep(new LayersEngine(model), data, {
      tensors: ['conv2/kernel'],
      group: 'channel',
      levels: [0.5],
    });
    await check(ch, new Map([['conv2/kernel', maskFromStructures(shape, 'channels', channels)]]));
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('restores every weight to its exact dense value, also after a cancel', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 100, 3, 3);
    const before = await weightsOf(model);
    await runSweep(new LayersEngine(model), data, { tensors: TENSORS, levels: [0.5, 0.9], group: 'element' });
    await runSweep(new LayersEngine(model), data, { tensors: ['conv1/kernel'], levels: [0.5], group: 'filter' });
    expect(await weightsOf(model)).toEqual(before);

    const controller = new AbortController();
    const delivered: SensitivityRow[] = [];
    const run = expectNoLeak(async () => {
      const err = await runSweep(new LayersEngine(model), data, {
        tensors: TENSORS,
        levels: LEVELS,
        signal: controller.signal,
        onRow: (r) => {
          delivered.push(r);
          if (delivered.length === 4) controller.abort();
        },
      }).catch((e) => e);
      return err;
    });
    const err = await run;
    expect(err).toBeInstanceOf(CancelledError);
    expect(delivered).toHaveLength(4);
    expect(await weightsOf(model)).toEqual(before);
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('stops a layer early once top1 falls below the floor, and honours subset', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 120, 3, 4);
    const rows = await runSweep(new LayersEngine(model), data, {
      tensors: ['fc1/kernel', 'fc2/kernel'],
      levels: LEVELS,
      earlyStop: { minTop1: 101 },
      subset: 50,
    });
    expect(rows.map((r) => [r.parameter, r.sparsity, r.n])).toEqual([
      ['fc1/kernel', 0, 50],
      ['fc2/kernel', 0, 50],
    ]);
    const all = await runSweep(new LayersEngine(model), data, {
      tensors: ['fc1/kernel'],
      levels: LEVELS,
      earlyStop: { minTop1: -1 },
    });
    expect(all).toHaveLength(3);
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('label-free mode: 100% agreement and zero KL at sparsity 0, less agreement when pruned', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 150, 3, 5);
    const rows = await expectNoLeak(() =>
      runSweep(new LayersEngine(model), { x: data.x }, { tensors: ['conv2/kernel', 'fc1/kernel'], levels: [0, 0.9] }),
    );
    for (const r of rows.filter((x) => x.sparsity === 0)) {
      expect(r.agreement).toBe(100);
      expect(r.top1).toBe(100);
      expect(Math.abs(r.kl ?? NaN)).toBeLessThan(1e-6);
    }
    const hit = rows.filter((x) => x.sparsity === 0.9);
    expect(hit.some((r) => (r.agreement as number) < 100)).toBe(true);
    for (const r of hit) expect(r.kl as number).toBeGreaterThan(0);
    // Probability outputs: same contract.
    const soft = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 8, activation: 'relu', name: 'h' }),
        tf.layers.dense({ units: 4, activation: 'softmax', name: 'out' }),
      ],
    });
    const xs = tf.randomNormal([64, 6], 0, 1, 'float32', 9);
    const [r0] = await runSweep(new LayersEngine(soft), { x: xs }, { tensors: ['out/kernel'], levels: [0] });
    expect(r0.agreement).toBe(100);
    expect(Math.abs(r0.kl as number)).toBeLessThan(1e-6);
    tf.dispose([data.x, data.y!, xs]);
    model.dispose();
    soft.dispose();
  });

  it('falls back to full passes on a branching graph with the same results', async () => {
    const model = residualCnn();
    const data = randomData([6, 6, 2], 80, 4, 6);
    const notes: string[] = [];
    const tensors = ['stem/kernel', 'conv2a/kernel', 'conv3/kernel', 'fc/kernel'];
    const rows = await expectNoLeak(() =>
      runSweep(new LayersEngine(model), data, { tensors, levels: [0, 0.5], onNote: (n) => notes.push(n) }),
    );
    expect(notes.length).toBe(4);
    expect(notes[0]).toMatch(/not a single chain/);
    const again = await runSweep(new LayersEngine(model), data, { tensors, levels: [0, 0.5], prefix: false });
    expectSameRows(rows, again);
    // Coupled filters are removed together (conv2a with conv2b through the Add).
    const f = await runSweep(new LayersEngine(model), data, {
      tensors: ['conv2a/kernel'],
      group: 'filter',
      levels: [0.4],
    });
    expect(f).toHaveLength(1);
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('sweeps an engine without a layers model or a split through its predict, with the same rows', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 150, 3, 8);
    const notes: string[] = [];
    const engine = predictOnly(new LayersEngine(model));
    expect(engine.layersModel).toBeUndefined();
    const opts = { tensors: TENSORS, levels: LEVELS, batchSize: 64 };
    const plain = await expectNoLeak(() => runSweep(engine, data, { ...opts, onNote: (n) => notes.push(n) }));
    expect(notes).toHaveLength(TENSORS.length);
    const split = await runSweep(new LayersEngine(model), data, opts);
    expectSameRows(plain, split);
    const filterOpts = { tensors: ['conv1/kernel', 'conv2/kernel'], group: 'filter' as const, levels: LEVELS };
    const filters = await expectNoLeak(() => runSweep(engine, data, filterOpts));
    expectSameRows(filters, await runSweep(new LayersEngine(model), data, filterOpts));
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });

  it('refuses bad selections clearly', async () => {
    const model = smallSequentialCnn();
    const data = randomData([8, 8, 2], 10, 3, 7);
    await expect(runSweep(new LayersEngine(model), data, { tensors: [] })).rejects.toThrow('select at least one layer');
    await expect(runSweep(new LayersEngine(model), data, { tensors: ['nope'] })).rejects.toThrow(
      /'nope' is not a prunable tensor/,
    );
    await expect(runSweep(new LayersEngine(model), data, { tensors: ['fc1/kernel'], group: 'filter' })).rejects.toThrow(
      /4-D Conv2D kernels only; 'fc1\/kernel'/,
    );
    await expect(
      runSweep(new LayersEngine(model), data, { tensors: ['fc1/kernel'], levels: [1.5] }),
    ).rejects.toBeInstanceOf(SensitivityInputError);
    await expect(
      runSweep(new LayersEngine(model), { x: data.x }, { tensors: ['fc1/kernel'], mode: 'labels' }),
    ).rejects.toThrow(/needs labels/);
    tf.dispose([data.x, data.y!]);
    model.dispose();
  });
});
