// The lab service over the other engines: ONNX (NCHW input detected, asynchronous forward), and a
// Keras .h5 that fits no data but opens anyway.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { toInputTensor } from '../data/dataset-tensors';
import { decodeModel } from '../engine/onnx/onnx-model';
import { OnnxEngine } from '../engine/onnx/onnx-engine';
import type { OnnxModelEngine } from '../engine/onnx/onnx-model-engine';
import { loadIdxPair } from '../data/idx';
import { planForAll } from '../plan/plan';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages, NamedBytes } from '../types';
import type { DataLoader } from './data-loader';
import { LabService } from './lab-service';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(HERE, '../../../public/data/fashion-mnist');
const file = (dir: string, name: string): NamedBytes => {
  const b = readFileSync(path.resolve(HERE, dir, name));
  return { name, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
};

let test: LabelledImages;
const loader: DataLoader = {
  test: async () => ({ name: 'Fashion-MNIST test set', images: test }),
  train: async () => test,
};

beforeAll(async () => {
  const read = (f: string) => new Uint8Array(readFileSync(path.join(DATA, f)));
  test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
});

describeEachBackend('LabService with ONNX and Keras .h5 models', () => {
  it('opens an .onnx, feeds it NCHW, evaluates through onnxruntime and prunes it', async () => {
    const lab = new LabService();
    await lab.loadData(loader);
    const onnxFile = file('../engine/onnx/fixtures', 'resnet.onnx');
    const info = await lab.loadModel([onnxFile], { source: 'files' });
    expect(info).toMatchObject({
      name: 'resnet',
      format: 'onnx',
      inputLayout: 'NCHW',
      dataFit: { fits: true, layout: 'image-nchw' },
    });
    lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 300 });
    const dense = await lab.baseline(); // uploads the evaluation images, kept for later jobs
    expect(dense.status).toBe('done');
    const metrics = dense.status === 'done' ? dense.result!.full.metrics : null;
    // the same images through onnxruntime directly
    const direct = await OnnxEngine.open([onnxFile]);
    const x = toInputTensor(test, 'image-nchw', { kind: 'unit' }, { start: 0, count: 300 });
    const logits = await direct.forward((await x.data()) as Float32Array, 300);
    x.dispose();
    await direct.dispose();
    let hits = 0;
    for (let i = 0; i < 300; i++) {
      const row = logits.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === test.labels[i]) hits++;
    }
    expect(metrics!.n).toBe(300);
    expect(metrics!.top1).toBeCloseTo((100 * hits) / 300, 6);

    const weight = info.tensors[1].name;
    // the exporter folded BatchNorm and named the weight 'onnx::Conv_…': the lab names it by module path
    expect(weight).toBe('layer1.0.conv1.weight');
    expect(info.tensors[1]).toMatchObject({ source: expect.stringMatching(/^onnx::/), fileShape: [8, 8, 3, 3] });
    const pruned = await expectNoLeak(() => lab.applyPlan(planForAll([weight], { kind: 'level', sparsity: 0.7 })));
    expect(pruned.status).toBe('done');
    const exported = decodeModel(new Uint8Array((await lab.exportPruned())[0].bytes));
    const w = exported.graph!.initializer.find((t) => t.name === info.tensors[1].source)!;
    const values = new Float32Array(w.rawData.slice().buffer);
    expect(values.filter((v) => v === 0).length / values.length).toBeCloseTo(0.7, 2);
    lab.dispose();
  });

  it('ONNX: filters pruned with Add groups coupled; the thinned engine computes what the masked one does', async () => {
    const lab = new LabService();
    await lab.loadData(loader);
    const info = await lab.loadModel([file('../engine/onnx/fixtures', 'resnet-bn.onnx')], { source: 'files' });
    lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 200 });
    const convs = info.tensors.filter((t) => t.kind === 'conv2d').map((t) => t.name);
    expect(info.tensors[0].shape).toEqual([3, 3, 1, 8]); // TF.js layout shown to the lab
    const plan = planForAll(convs, { kind: 'structured', group: 'filters', sparsity: 0.25, norm: 'l1' });
    await lab.baseline(); // uploads the evaluation images, kept for later jobs
    const outcome = await expectNoLeak(() => lab.applyPlan(plan));
    expect(outcome.status, outcome.status === 'refused' ? outcome.reason : '').toBe('done');
    if (outcome.status !== 'done') return;
    const removed = outcome.result.removedFilters;
    expect(removed['/conv1/Conv']).toEqual(removed['/layer1/layer1.0/conv2/Conv']);
    expect(removed['/layer2/layer2.0/conv2/Conv']).toEqual(removed['/layer2/layer2.0/shortcut/shortcut.0/Conv']);
    expect(removed['/conv1/Conv'].length).toBe(2);
    const engine = (lab as unknown as { model: { engine: OnnxModelEngine } }).model.engine;
    const x = toInputTensor(test, 'image-nchw', { kind: 'unit' }, { start: 0, count: 50 });
    const masked = await engine.forward(x);
    const thinned = await engine.thin(removed);
    const out = await thinned.forward(x);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(masked, out))));
    expect((await diff.data())[0]).toBeLessThanOrEqual(1e-5);
    expect(thinned.params).toBeLessThan(engine.params * 0.7);
    tf.dispose([x, masked, out, diff]);
    thinned.dispose();
    // the lab's thin job: checked on the evaluation images, measured, a smaller .onnx that opens again
    const report = await expectNoLeak(() => lab.thin({ latencyRuns: 1, latencyWarmup: 0 }));
    expect(report.status, report.status === 'refused' ? report.reason : '').toBe('done');
    if (report.status !== 'done') return;
    expect(report.result.maxDiff).toBeLessThanOrEqual(1e-5);
    expect(report.result.checked).toEqual({ n: 200, data: true });
    expect(report.result.macsAfter).toBeLessThan(report.result.macsBefore);
    const thinnedFile = report.result.files[0];
    expect(thinnedFile.name).toBe('resnet-bn.onnx');
    expect(thinnedFile.bytes.byteLength).toBeLessThan(26271);
    const reopened = await OnnxEngine.open([thinnedFile]);
    expect(reopened.params).toBe(report.result.paramsAfter);
    await reopened.dispose();
    lab.dispose();
  });

  it('opens a Keras .h5 that fits no data: the summary works and the reason is given', async () => {
    const lab = new LabService();
    await lab.loadData(loader);
    const info = await lab.loadModel([file('../engine/keras-h5/fixtures', 'small-cnn.h5')], { source: 'files' });
    expect(info.format).toBe('tfjs-layers');
    expect(info.dataFit).toMatchObject({ fits: false, reason: expect.stringMatching(/8/) });
    expect(lab.sparsityTable().rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['conv/kernel', 'dense/kernel']),
    );
    lab.dispose();
  });
});
