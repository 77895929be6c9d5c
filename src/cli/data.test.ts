import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES } from '../core/data/fashion-mnist';
import { loadIdxPair } from '../core/data/idx';
import { cifarTestBatch, npzOf, pngFolder, type TestFile } from '../core/data/test-datasets';
import { LabService } from '../core/lab/lab-service';
import type { LabelledImages } from '../core/types';
import { useCliBackend } from './backend';
import { cliDataLoader, PUBLIC_DIR, readCliModel } from './io';
import { runCli } from './main';

const N = 120;
const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const cifarRef = JSON.parse(readFileSync(path.join(FIXTURES, 'cifar-cnn.json'), 'utf8')) as {
  mean: number[];
  std: number[];
  n: number;
  labels: number[];
  top1: number;
  logits: number[][];
};

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function writeFiles(dir: string, files: TestFile[]) {
  for (const f of files) {
    const p = path.join(dir, f.path);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
  }
}

/** The images make_cifar_fixture.py gave PyTorch: (7 i + 13 p + 29 c + (i p) mod 17) mod 256. */
function cifarImages(): LabelledImages {
  const n = cifarRef.n;
  const pixels = new Uint8Array(n * 3072);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < 1024; p++)
      for (let c = 0; c < 3; c++) pixels[i * 3072 + p * 3 + c] = (7 * i + 13 * p + 29 * c + ((i * p) % 17)) % 256;
  return { pixels, labels: Uint8Array.from(cifarRef.labels), n, rows: 32, cols: 32, channels: 3, numClasses: 10 };
}

describe('CLI data: image folders, .npz and CIFAR batches', () => {
  let dir: string;
  beforeAll(async () => {
    await useCliBackend('cpu');
    dir = mkdtempSync(path.join(tmpdir(), 'prunelab-data-'));
    const fm = path.join(PUBLIC_DIR, 'data', 'fashion-mnist');
    const images = await loadIdxPair(
      readFileSync(path.join(fm, 't10k-images-idx3-ubyte.gz')),
      readFileSync(path.join(fm, 't10k-labels-idx1-ubyte.gz')),
    );
    writeFiles(path.join(dir, 'png'), pngFolder(images, N, FASHION_MNIST_CLASSES));
    const flat = pngFolder(images, N, FASHION_MNIST_CLASSES).filter((f) => f.path.endsWith('.png'));
    writeFiles(
      path.join(dir, 'unlabelled'),
      flat.map((f) => ({ ...f, path: path.basename(f.path) })),
    );
    writeFileSync(path.join(dir, 'fm.npz'), npzOf(images, N));
    writeFiles(path.join(dir, 'cifar'), [
      cifarTestBatch(cifarImages(), cifarRef.n),
      { path: 'batches.meta.txt', bytes: new TextEncoder().encode('a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n') },
    ]);
    writeFiles(path.join(dir, 'pickle'), [
      { path: 'data_batch_1', bytes: new Uint8Array(8) },
      { path: 'test_batch', bytes: new Uint8Array(8) },
    ]);
    writeFiles(path.join(dir, 'jpeg'), [{ path: 'cat/1.jpg', bytes: Uint8Array.from([0xff, 0xd8, 0xff]) }]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder of PNGs and an .npz give the idx figures for the same images', async () => {
    const idx = await cli(
      'eval',
      '--model',
      'demo:lenet5',
      '--limit',
      String(N),
      '--format',
      'json',
      '--backend',
      'cpu',
    );
    const png = await cli(
      'eval',
      '--model',
      'demo:lenet5',
      '--data',
      path.join(dir, 'png'),
      '--format',
      'json',
      '--backend',
      'cpu',
    );
    const npz = await cli(
      'eval',
      '--model',
      'demo:lenet5',
      '--data',
      path.join(dir, 'fm.npz'),
      '--format',
      'json',
      '--backend',
      'cpu',
    );
    expect([idx.code, png.code, npz.code]).toEqual([0, 0, 0]);
    const [a, b, c] = [idx, png, npz].map((r) => JSON.parse(r.out));
    expect(b.n).toBe(N);
    expect(b.top1).toBe(a.top1);
    expect(c.top1).toBe(a.top1);
    expect(b.loss).toBeCloseTo(a.loss, 5);
  }, 60_000);

  it('a CIFAR-10 binary batch on the PyTorch CIFAR model gives PyTorch top-1 and logits', async () => {
    const flags = ['--scaling', 'custom', '--mean', cifarRef.mean.join(','), '--std', cifarRef.std.join(',')];
    const model = path.join(FIXTURES, 'cifar-cnn.onnx');
    const r = await cli('eval', '--model', model, '--data', path.join(dir, 'cifar'), '--format', 'json', ...flags);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).top1).toBeCloseTo(cifarRef.top1, 6);
    expect(r.err).toMatch(/input mapping: layout nchw, scaling custom/);
    // the same mapping through the lab: PyTorch's logits within 1e-4
    const lab = new LabService({ quickEstimate: false });
    await lab.loadModel(readCliModel(model).files, { source: 'files' });
    await lab.loadData({ test: async () => ({ name: 'c', images: cifarImages() }), train: async () => cifarImages() });
    lab.setEvalSettings({
      scaling: { kind: 'unit' },
      limit: null,
      mapping: {
        resize: null,
        crop: null,
        layout: 'nchw',
        channels: null,
        labelMap: null,
        scaling: { kind: 'custom', mean: cifarRef.mean, std: cifarRef.std },
      },
    });
    const y = await lab.current().engine.forward(lab.inputs()!.x);
    const out = (await y.data()) as Float32Array;
    y.dispose();
    let maxDiff = 0;
    cifarRef.logits.flat().forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - out[i]))));
    expect(maxDiff).toBeLessThan(1e-4);
    lab.dispose();
  }, 60_000);

  it('measures a folder without labels by agreement with the dense model in eval and prune', async () => {
    const data = path.join(dir, 'unlabelled');
    const ev = await cli('eval', '--model', 'demo:lenet5', '--data', data, '--format', 'json', '--backend', 'cpu');
    expect(ev.code, ev.err).toBe(0);
    expect(ev.err).toMatch(/no labels fit the model \(the data has no labels\): measuring top-1 agreement/);
    expect(JSON.parse(ev.out)).toMatchObject({ measure: 'agreement', top1: 100, kl: 0, n: N });
    const out = path.join(dir, 'pruned');
    const flags = 'prune --model demo:lenet5 --method level --sparsity 0.95 --backend cpu'.split(' ');
    const pr = await cli(...flags, '--data', data, '--out', out);
    expect(pr.code, pr.err).toBe(0);
    const shown = Number(/top-1 agreement ([\d.]+)%/.exec(pr.out)?.[1]);
    // the same agreement from the two models' outputs, compared here
    const top1Of = async (model: string) => {
      const lab = new LabService({ quickEstimate: false });
      await lab.loadModel(readCliModel(model).files, { source: 'files' });
      await lab.loadData(cliDataLoader(data));
      const out = await lab.predict(N);
      lab.dispose();
      return Array.from({ length: N }, (_, i) => {
        const row = Array.from(out.subarray(i * 10, i * 10 + 10));
        return row.indexOf(Math.max(...row));
      });
    };
    const [dense, pruned] = [await top1Of('demo:lenet5'), await top1Of(path.join(out, 'model.json'))];
    const agree = dense.filter((c, i) => c === pruned[i]).length;
    expect(agree).toBeLessThan(N);
    expect(shown).toBeCloseTo((100 * agree) / N, 2);
  }, 90_000);

  it('names the problem: pickle batches, JPEG in the command line, a model/data size mismatch', async () => {
    const pickle = await cli('eval', '--model', 'demo:lenet5', '--data', path.join(dir, 'pickle'));
    expect(pickle.code).not.toBe(0);
    expect(pickle.err).toMatch(/Python \(pickle\) batches; PruneLab reads the binary version/);
    const jpeg = await cli('eval', '--model', 'demo:lenet5', '--data', path.join(dir, 'jpeg'));
    expect(jpeg.err).toMatch(/none of the 1 images could be read/);
    const size = await cli('eval', '--model', 'demo:lenet5', '--data', path.join(dir, 'cifar'));
    expect(size.err).toMatch(/the model takes 28×28×1 inputs; the data is 32×32×3: set an input mapping/);
    const mapped = await cli(
      'eval',
      '--model',
      'demo:lenet5',
      '--data',
      path.join(dir, 'cifar'),
      '--resize',
      '28',
      '--channels',
      '1',
      '--format',
      'json',
    );
    expect(mapped.code, mapped.err).toBe(0);
    expect(JSON.parse(mapped.out).n).toBe(cifarRef.n);
  }, 60_000);
});
