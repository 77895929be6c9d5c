import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residualCnn, smallSequentialCnn } from '../core/graph/test-models';
import { SUMMARY_COLUMNS } from '../core/pruning';
import { useCliBackend } from './backend';
import { writeCliModel, PUBLIC_DIR } from './io';
import { runCli } from './main';
import { USAGE } from './usage';

const demoExists = (id: string) => {
  try {
    readFileSync(path.join(PUBLIC_DIR, 'models', id, 'weights.bin'), { flag: 'r' });
    return true;
  } catch {
    return false;
  }
};

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), errLines: err };
}

/** Loads a written model folder back with tf.loadLayersModel (fromMemory of the written files). */
async function loadWritten(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
}

function zeroCount(values: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) z++;
  return z;
}

let work: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'prunelab-cli-'));
  await useCliBackend('wasm');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('prunelab on demo:lenet300', () => {
  it('summary: Distiller table, cost table and the Cols/Rows convention; csv and json', async () => {
    const t = await cli('summary', '--model', 'demo:lenet300');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/fc1\/kernel\s+\(784, 300\)\s+235200\s+235200/);
    expect(t.out).toContain('Total sparsity:');
    expect(t.out).toMatch(/Cols \(%\) is the share of output neurons/);
    expect(t.out).toMatch(/MACs \(dense\)/);
    const csv = await cli('summary', '--model', 'demo:lenet300', '--format', 'csv');
    expect(csv.out.split(/\r?\n/)[0]).toBe(SUMMARY_COLUMNS.join(','));
    const json = JSON.parse((await cli('summary', '--model', 'demo:lenet300', '--format', 'json')).out);
    const dense = json.summary
      .filter((r: { name: string }) => r.name !== 'Total sparsity:')
      .reduce((a: number, r: { nnzDense: number }) => a + r.nnzDense, 0);
    expect(json.cost.total.params).toBe(dense);
    // dense layers: MACs = numel(W)
    expect(json.cost.total.macsDense).toBe(dense);
  });

  it('eval: matches the metrics recorded in the model card (full test set), json output', async () => {
    const card = JSON.parse(readFileSync(path.join(PUBLIC_DIR, 'models', 'lenet300', 'card.json'), 'utf8'));
    const t = await cli('eval', '--model', 'demo:lenet300', '--format', 'json');
    expect(t.code).toBe(0);
    const m = JSON.parse(t.out);
    expect(m.n).toBe(10000);
    expect(m.top1).toBeCloseTo(card.metrics.top1, 1);
    expect(m.top5).toBeCloseTo(card.metrics.top5, 1);
    expect(m.loss).toBeCloseTo(card.metrics.loss, 3);
    const small = JSON.parse((await cli('eval', '--model', 'demo:lenet300', '--limit', '200', '--format', 'json')).out);
    expect(small.n).toBe(200);
  });

  it('prune --method level: writes a loadable model with floor(s·n) zeros per tensor and prints accuracy', async () => {
    const out = path.join(work, 'l300-level');
    const t = await cli(
      'prune',
      '--model',
      'demo:lenet300',
      '--method',
      'level',
      '--sparsity',
      '0.7',
      '--layers',
      'fc1/kernel,fc2',
      '--limit',
      '1000',
      '--out',
      out,
    );
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/fc1\/kernel.*level.*70\.00%/);
    expect(t.out).toMatch(/Accuracy on 1000 examples/);
    const model = await loadWritten(out);
    const kernel = (n: string) =>
      model.weights
        .find((w) => w.originalName === n)!
        .read()
        .dataSync();
    expect(zeroCount(kernel('fc1/kernel'))).toBeGreaterThanOrEqual(Math.floor(0.7 * 235200));
    expect(zeroCount(kernel('fc1/kernel'))).toBeLessThan(Math.floor(0.7 * 235200) + 50); // ties only
    expect(zeroCount(kernel('fc2/kernel'))).toBeGreaterThanOrEqual(21000);
    expect(zeroCount(kernel('fc3/kernel'))).toBe(0);
    model.dispose();
  });

  it('refuses bad input with exit != 0 and one stderr line', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['prune', '--model', 'demo:lenet300', '--method', 'level', '--sparsity', '1.5', '--out', work],
        /^prunelab: --sparsity must be in \[0, 1\]/,
      ],
      [
        [
          'prune',
          '--model',
          'demo:lenet300',
          '--method',
          'level',
          '--sparsity',
          '0.5',
          '--layers',
          'conv9',
          '--out',
          work,
        ],
        /^prunelab: unknown layer conv9; valid names: fc1\/kernel, fc2\/kernel, fc3\/kernel$/,
      ],
      [
        [
          'prune',
          '--model',
          'demo:lenet300',
          '--method',
          'filters',
          '--sparsity',
          '0.5',
          '--layers',
          'fc3',
          '--out',
          work,
        ],
        /^prunelab: fc3\/kernel: .*output layer/,
      ],
      [['eval', '--model', path.join(work, 'nowhere', 'model.json')], /^prunelab: missing file .*model\.json/],
      [['summary', '--model', 'demo:nothing'], /^prunelab: unknown demo model 'nothing'/],
      [
        ['prune', '--model', 'demo:lenet300', '--method', 'bogus', '--out', work],
        /^prunelab: --method must be one of level, magnitude/,
      ],
      [['frobnicate'], /^prunelab: unknown command 'frobnicate'/],
    ];
    for (const [argv, pattern] of cases) {
      const t = await cli(...argv);
      expect(t.code, argv.join(' ')).not.toBe(0);
      expect(t.errLines, argv.join(' ')).toHaveLength(1);
      expect(t.errLines[0]).toMatch(pattern);
    }
  });

  it('refuses a missing weights file and pruning one Add-coupled layer alone', async () => {
    const dir = path.join(work, 'residual');
    const model = residualCnn();
    await writeCliModel(model, dir);
    model.dispose();
    const coupled = await cli(
      'prune',
      '--model',
      path.join(dir, 'model.json'),
      '--method',
      'filters',
      '--sparsity',
      '0.4',
      '--layers',
      'conv2a/kernel',
      '--out',
      path.join(work, 'r2'),
    );
    expect(coupled.code).not.toBe(0);
    expect(coupled.errLines.at(-1)).toMatch(
      /^prunelab: conv2a\/kernel is coupled with conv2b\/kernel through join: prune them together/,
    );
    rmSync(path.join(dir, 'weights.bin'));
    const graphDir = path.join(work, 'graph-model');
    mkdirSync(graphDir);
    writeFileSync(
      path.join(graphDir, 'model.json'),
      JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }),
    );
    const graph = await cli('thin', '--model', graphDir, '--out', path.join(work, 'g2'));
    expect(graph.code).not.toBe(0);
    expect(graph.errLines).toEqual([expect.stringMatching(/^prunelab: .*graph model/)]);
    const missing = await cli('summary', '--model', dir);
    expect(missing.errLines).toEqual([
      expect.stringMatching(/^prunelab: missing file .*weights\.bin \(named in the weightsManifest/),
    ]);
  });

  it('prints usage for --help', async () => {
    const t = await cli('--help');
    expect(t.code).toBe(0);
    expect(t.out).toBe(USAGE);
  });
});

/** prune --method filters, then thin the result: fewer params and MACs, outputs unchanged, loadable. */
async function pruneThenThin(modelArg: string, tag: string, extra: string[] = []) {
  const pruned = path.join(work, `${tag}-pruned`);
  const thin = path.join(work, `${tag}-thin`);
  const p = await cli(
    'prune',
    '--model',
    modelArg,
    '--method',
    'filters',
    '--sparsity',
    '0.5',
    '--norm',
    'l1',
    '--out',
    pruned,
    ...extra,
  );
  expect(p.code, p.err).toBe(0);
  expect(p.out).toMatch(/Filters removable by 'prunelab thin'/);
  const t = await cli('thin', '--model', path.join(pruned, 'model.json'), '--out', thin, ...extra);
  expect(t.code, t.err).toBe(0);
  const diff = Number(/max \|thinned - original\| = (\S+)/.exec(t.out)![1]);
  expect(diff).toBeLessThanOrEqual(1e-5);
  const row = (label: string) => {
    const m = new RegExp(`${label}\\s+(\\d+)\\s+(\\d+)`).exec(t.out)!;
    return [Number(m[1]), Number(m[2])];
  };
  const [paramsBefore, paramsAfter] = row('params \\(all weights\\)');
  const [macsBefore, macsAfter] = row('MACs per example');
  expect(paramsAfter).toBeLessThan(paramsBefore);
  expect(macsAfter).toBeLessThan(macsBefore);
  const original = await loadWritten(pruned);
  const thinned = await loadWritten(thin);
  expect(thinned.countParams()).toBe(paramsAfter);
  const x = tf.randomUniform([8, ...(original.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 4);
  const d = tf.tidy(
    () =>
      (original.predict(x) as tf.Tensor)
        .sub(thinned.predict(x) as tf.Tensor)
        .abs()
        .max()
        .dataSync()[0],
  );
  expect(d).toBeLessThanOrEqual(1e-5);
  tf.dispose(x);
  original.dispose();
  thinned.dispose();
  return { p, t };
}

describe('prune --method filters, then thin', () => {
  it('on a small conv-BN-conv-BN-flatten-dense model (random inputs: the demo data does not fit)', async () => {
    const dir = path.join(work, 'small');
    const model = smallSequentialCnn();
    await writeCliModel(model, dir);
    const { p, t } = await pruneThenThin(dir, 'small');
    expect(p.err).toMatch(/not applicable, left dense: fc2\/kernel/);
    expect(t.out).toMatch(/Filters removed: conv1 3 of 6, conv2 4 of 8, fc1 2 of 5/);
    expect(t.out).toMatch(/random inputs/);
    model.dispose();
  });

  it.runIf(demoExists('vgg'))('on demo:vgg', async () => {
    const { t } = await pruneThenThin('demo:vgg', 'vgg', ['--limit', '500']);
    expect(t.out).toMatch(/Verified on 500 test examples/);
  });

  it.runIf(demoExists('lenet5'))('eval on demo:lenet5', async () => {
    const t = await cli('eval', '--model', 'demo:lenet5', '--limit', '500', '--format', 'json');
    expect(t.code, t.err).toBe(0);
    expect(JSON.parse(t.out).top1).toBeGreaterThan(50);
  });
});
