// `prunelab li` on a small subset: the files exist, the thinned model reloads, its cost is below the
// dense model's, and report.json agrees with the model it describes (shapes, params, MACs, top-1).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { costReport } from '../core/cost';
import { useCliBackend } from './backend';
import { cliDataLoader, openCliLab, readCliModel } from './io';
import { runCli } from './main';

let work: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'prunelab-li-'));
  await useCliBackend('wasm');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('runs Li et al. on 300 test and 128 training images and writes a model its report describes', async () => {
  const out = path.join(work, 'li');
  const lines: string[] = [];
  const err: string[] = [];
  const before = tf.memory().numTensors;
  const code = await runCli(
    ['li', '--out', out, '--limit', '300', '--train-limit', '128', '--epochs', '1', '--levels', '0.25,0.5,0.75'],
    { out: (t) => lines.push(t), err: (t) => err.push(t) },
  );
  expect(err.join('\n')).toMatch(/phase: fine-tune/);
  expect(code).toBe(0);
  expect(tf.memory().numTensors).toBe(before);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.status).toBe('done');
  expect(lines.join('\n')).toContain(`MACs        ${report.macs.dense} -> ${report.macs.thinned}`);
  // 128 images, no more than the shipped subset: distillation from the dense model
  expect(report.retraining).toEqual({ distill: { temperature: 4, alpha: 0.1 }, trainingImages: 128, reason: 'subset' });
  expect(lines.join('\n')).toContain('fine-tuning 1 epoch on 128 training images, distillation from the dense model');

  // the thinned model reloads; its shapes are the dense ones less the removed filters
  const { files } = readCliModel(path.join(out, 'model.json'));
  const { lab, model } = await openCliLab(path.join(out, 'model.json'));
  try {
    expect(files.some((f) => f.name === 'model.json')).toBe(true);
    const dense = await openCliLab('demo:vgg');
    const denseParams = dense.model.params;
    const denseMacs = (await costReport(dense.lab.current().engine.layersModel!)).total.macsDense;
    dense.lab.dispose();
    const macs = (await costReport(lab.current().engine.layersModel!)).total.macsDense;
    expect(macs).toBeLessThan(denseMacs);
    expect(report.macs).toEqual({ dense: denseMacs, thinned: macs });
    expect(report.params).toEqual({ dense: denseParams, thinned: model.params });
    expect(report.macsRemoved).toBeCloseTo((denseMacs - macs) / denseMacs, 12);
    for (const t of model.tensors) {
      const f = report.filters[t.name];
      if (f) expect(t.shape[t.axes.out]).toBe(f.before - f.removed);
    }
    expect(report.maxDiff).toBeLessThanOrEqual(1e-5);
    // top-1 of the written model on the same 300 images is the report's fine-tuned figure
    await lab.loadData(cliDataLoader('demo'));
    lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: 300 });
    const figure = await lab.baseline();
    expect(figure.status).toBe('done');
    if (figure.status === 'done') expect(figure.result?.full.metrics.top1).toBeCloseTo(report.top1.fineTuned, 6);
    expect(report.evaluatedOn).toBe(300);
  } finally {
    lab.dispose();
  }
}, 240_000);

it.each([
  [['--budget', '-1'], /--budget/],
  [['--distill', '4'], /--distill must be 'none' or TEMPERATURE,ALPHA/],
])('refuses %j with the flag named', async (flags, message) => {
  const err: string[] = [];
  const code = await runCli(['li', '--out', path.join(work, 'x'), ...flags], {
    out: () => {},
    err: (t) => err.push(t),
  });
  expect(code).toBe(2);
  expect(err.join('\n')).toMatch(message);
});
