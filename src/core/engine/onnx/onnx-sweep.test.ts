// Sensitivity sweeps on an ONNX model: no prefix/suffix split, every level runs the engine's
// asynchronous forward(). Each row is checked against an evaluation done by hand through
// onnxruntime with the same mask written into the weights.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { toInputTensor } from '../../data/dataset-tensors';
import { loadIdxPair } from '../../data/idx';
import { levelMask } from '../../pruning/element-masks';
import { runSweep } from '../../sensitivity';
import { describeEachBackend, expectNoLeak } from '../../test-backends';
import type { LabelledImages } from '../../types';
import { OnnxModelEngine } from './onnx-model-engine';
import { argmaxRows } from './test-fixtures';

const PUBLIC = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../public');
const DATA = path.join(PUBLIC, 'data/fashion-mnist');
const N = 120;
let test: LabelledImages;

beforeAll(async () => {
  const read = (f: string) => new Uint8Array(readFileSync(path.join(DATA, f)));
  test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
});

async function top1ByHand(engine: OnnxModelEngine, x: tf.Tensor): Promise<number> {
  const out = await engine.forward(x);
  const predicted = argmaxRows(await out.data(), 10);
  out.dispose();
  return (100 * predicted.filter((p, i) => p === test.labels[i]).length) / N;
}

describeEachBackend('sensitivity sweep on an ONNX model', () => {
  it('element and filter sweeps run through forward() and equal evaluations done by hand', async () => {
    const bytes = readFileSync(path.join(PUBLIC, 'models/resnet8/model.onnx'));
    const engine = await OnnxModelEngine.open([{ name: 'resnet8.onnx', bytes: bytes.slice().buffer }]);
    expect(engine.capabilities).toMatchObject({ canSplit: false, asyncOnly: true });
    const x = toInputTensor(test, 'image-nchw', { kind: 'unit' }, { start: 0, count: N });
    const y = tf.tensor1d(Array.from(test.labels.subarray(0, N)), 'int32');
    const name = engine.tensors[1].name;
    const dense = await engine.readWeights(name);
    const notes: string[] = [];
    const rows = await expectNoLeak(() =>
      runSweep(
        engine,
        { x, y },
        { tensors: [name], levels: [0, 0.5, 0.9], batchSize: 50, onNote: (t) => notes.push(t) },
      ),
    );
    expect(notes.join(' ')).toMatch(/every level runs the full model/);
    expect(rows.map((r) => r.sparsity)).toEqual([0, 0.5, 0.9]);
    for (const row of rows) {
      const mask = levelMask(dense, row.sparsity);
      engine.writeWeights(
        name,
        dense.map((v, i) => v * mask[i]),
      );
      expect(row.top1).toBeCloseTo(await top1ByHand(engine, x), 9);
      expect(row.n).toBe(N);
    }
    engine.writeWeights(name, dense);
    // the model is restored after the sweep: the 0-level row is the dense model
    expect(rows[0].top1).toBeCloseTo(await top1ByHand(engine, x), 9);
    expect(rows[0].top1).toBeGreaterThan(80); // the trained demo
    expect(rows[2].top1).toBeLessThan(rows[0].top1);

    // filters on a coupled member: the whole Add group loses the same filters (no leak, no refusal)
    const filterRows = await expectNoLeak(() =>
      runSweep(engine, { x, y }, { tensors: [engine.tensors[0].name], group: 'filter', levels: [0.25] }),
    );
    expect(filterRows).toHaveLength(1);
    expect(filterRows[0].top1).toBeLessThanOrEqual(100);
    // label-free agreement runs the dense reference through forward() too
    const agreement = await expectNoLeak(() => runSweep(engine, { x }, { tensors: [name], levels: [0] }));
    expect(agreement[0].agreement).toBe(100);
    expect(await engine.readWeights(name)).toEqual(dense);
    tf.dispose([x, y]);
    engine.dispose();
  });
});
