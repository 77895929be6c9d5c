// The command line on an ONNX model exported from PyTorch (resnet-flow.onnx, made by
// scripts/make_onnx_fixtures.py, BatchNorm kept, residual Adds with a projection shortcut):
// eval equals PyTorch's top-1 → prune filters (Add groups coupled) → sensitivity → thin → the
// thinned .onnx is smaller, loads in onnxruntime and computes what the pruned one does; export.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInputTensor } from '../core/data/dataset-tensors';
import { OnnxEngine } from '../core/engine/onnx/onnx-engine';
import { decodeModel } from '../core/engine/onnx/onnx-model';
import { readFloat32 } from '../core/engine/onnx/onnx-tensor-data';
import { fixtureBatch, maxAbsDiff } from '../core/engine/onnx/test-fixtures';
import { useCliBackend } from './backend';
import { loadCliData } from './io';
import { runCli } from './main';

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../core/engine/onnx/fixtures');
const MODEL = path.join(FIXTURES, 'resnet-flow.onnx');
const REFERENCE = JSON.parse(readFileSync(path.join(FIXTURES, 'resnet-flow.json'), 'utf8')) as {
  n: number;
  top1: number;
  correct: number;
  logits16: number[];
};
let dir: string;

/** Runs one command line (arguments separated by spaces; the paths here have none). */
async function cli(line: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(line.trim().split(/\s+/), { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const open = (file: string) => {
  const b = readFileSync(file);
  return OnnxEngine.open([
    { name: path.basename(file), bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) },
  ]);
};

/** Output filters of a conv weight [out, in, kh, kw] that are entirely zero. */
function zeroFilters(file: string, name: string): number[] {
  const t = decodeModel(new Uint8Array(readFileSync(file))).graph!.initializer.find((i) => i.name === name)!;
  const w = readFloat32(t);
  const per = w.length / Number(t.dims[0]);
  const out: number[] = [];
  for (let f = 0; f < Number(t.dims[0]); f++) if (w.subarray(f * per, (f + 1) * per).every((v) => v === 0)) out.push(f);
  return out;
}

beforeAll(async () => {
  await useCliBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'prunelab-onnx-flow-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prunelab on a PyTorch-exported residual .onnx', () => {
  it('eval gives PyTorch top-1; its logits are within 1e-4 of PyTorch', async () => {
    const r = await cli(`eval --model ${MODEL} --limit ${REFERENCE.n} --format json --backend cpu`);
    expect(r.code, r.err).toBe(0);
    const metrics = JSON.parse(r.out) as { top1: number; n: number };
    expect(metrics.n).toBe(REFERENCE.n);
    expect(metrics.top1).toBeCloseTo(REFERENCE.top1, 6);
    const images = await loadCliData('demo');
    const x = toInputTensor(images, 'image-nchw', { kind: 'unit' }, { start: 0, count: 16 });
    const engine = await open(MODEL);
    const logits = await engine.forward((await x.data()) as Float32Array, 16);
    expect(maxAbsDiff(logits, REFERENCE.logits16)).toBeLessThan(1e-4);
    x.dispose();
    await engine.dispose();
  });

  it('prune filters (Add groups coupled) → sensitivity → thin → a smaller .onnx that onnxruntime loads', async () => {
    const pruned = path.join(dir, 'pruned');
    const p = await cli(
      `prune --model ${MODEL} --method filters --sparsity 0.25 --limit 300 --out ${pruned} --backend cpu`,
    );
    expect(p.code, p.err).toBe(0);
    expect(p.out).toMatch(/Filters removable by 'prunelab thin'/);
    const prunedFile = path.join(pruned, 'resnet-flow.onnx');
    // the stem and layer1's second conv feed one Add: they lose the same filters
    const stem = zeroFilters(prunedFile, 'conv1.weight');
    expect(stem.length).toBe(2);
    expect(zeroFilters(prunedFile, 'layer1.0.conv2.weight')).toEqual(stem);
    expect(zeroFilters(prunedFile, 'layer2.0.conv2.weight')).toEqual(
      zeroFilters(prunedFile, 'layer2.0.shortcut.0.weight'),
    );

    const csv = path.join(dir, 'sens.csv');
    const s = await cli(
      `sensitivity --model ${MODEL} --group filter --levels 0,0.5 --layers layer1.0.conv1.weight --subset 200 --out ${csv} --backend cpu`,
    );
    expect(s.code, s.err).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('parameter,sparsity,top1,top5,loss');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual([
      'layer1.0.conv1.weight,0.00',
      'layer1.0.conv1.weight,0.50',
    ]);

    const thinDir = path.join(dir, 'thin');
    const t = await cli(`thin --model ${prunedFile} --limit 300 --out ${thinDir} --backend cpu`);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/max \|thinned - original\| = /);
    const thinnedFile = path.join(thinDir, 'resnet-flow.onnx');
    expect(statSync(thinnedFile).size).toBeLessThan(statSync(prunedFile).size);
    const [masked, thinned] = await Promise.all([open(prunedFile), open(thinnedFile)]);
    expect(thinned.params).toBeLessThan(masked.params);
    const diff = maxAbsDiff(await thinned.forward(fixtureBatch(), 8), await masked.forward(fixtureBatch(), 8));
    expect(diff).toBeLessThanOrEqual(1e-5);
    await Promise.all([masked.dispose(), thinned.dispose()]);

    const exportDir = path.join(dir, 'export');
    const e = await cli(`export --model ${prunedFile} --format masks --out ${exportDir} --backend cpu`);
    expect(e.code, e.err).toBe(0);
    const masks = JSON.parse(readFileSync(path.join(exportDir, 'masks.json'), 'utf8'));
    expect(masks.tensors['conv1.weight'].kept).toBe(6 * 9);
    const refused = await cli(`export --model ${prunedFile} --format tfjs --out ${exportDir}`);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/cannot export to tfjs: .*onnx2tf/);
  });

  it('export --format onnx writes external data inside one file; --external-data names a renamed .data', async () => {
    const renamed = path.join(dir, 'weights-renamed.bin');
    copyFileSync(path.join(FIXTURES, 'mlp-external.data'), renamed);
    const model = path.join(FIXTURES, 'mlp-external.onnx');
    const out = path.join(dir, 'mlp');
    const r = await cli(`export --model ${model} --external-data ${renamed} --format onnx --out ${out} --backend cpu`);
    expect(r.code, r.err).toBe(0);
    const written = await open(path.join(out, 'mlp-external.onnx'));
    expect(written.params).toBe(784 * 32 + 32 + 32 * 10 + 10);
    await written.dispose();
    const missing = await cli(`eval --model ${model} --external-data ${path.join(dir, 'nope.data')}`);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/missing file .*nope\.data \(the external data of/);
    const notOnnx = await cli(`eval --model demo:lenet5 --external-data ${renamed}`);
    expect(notOnnx.err).toMatch(/--external-data goes with an \.onnx model/);
  });

  it('bad models: one line naming the file and what to do', async () => {
    const truncated = path.join(dir, 'truncated.onnx');
    writeFileSync(truncated, readFileSync(MODEL).subarray(0, 5000));
    const keras = path.join(FIXTURES, '../../keras-h5/fixtures');
    const cases: [string, RegExp][] = [
      [truncated, /truncated\.onnx is truncated/],
      [path.join(FIXTURES, 'two-inputs.onnx'), /2 input\(s\) \('a', 'b'\)/],
      [path.join(FIXTURES, 'mlp-dynamic-spatial.onnx'), /dynamic size\(s\) 'h' \(axis 2\)/],
      [path.join(FIXTURES, 'fp16.onnx'), /is float16; the lab prunes float32/],
      [path.join(FIXTURES, 'int8-qdq.onnx'), /is int8, quantized/],
      [path.join(keras, 'weights-only.h5'), /has no model_config/],
      [path.join(keras, 'small-cnn.keras'), /Keras 3 \.keras file.*Keras 2 \.h5/],
    ];
    for (const [model, message] of cases) {
      const r = await cli(`summary --model ${model} --backend cpu`);
      expect(r.code, model).toBe(2);
      expect(r.err, model).toMatch(/^prunelab: /);
      expect(r.err, model).toMatch(message);
    }
  });
});
