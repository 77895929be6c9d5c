// The shipped demo models (public/models/*) against their model cards: loading, introspection,
// and full test-set metrics. Skipped when the files are not there.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toInputTensor, toLabelTensor, stratifiedSubset, gatherImages } from '../data/dataset-tensors';
import { evaluate, predictLogits } from './evaluate';
import { loadIdxPair } from '../data/idx';
import { loadModelFromFiles } from '../engine/tfjs-layers/model-files';
import { describeLayers, inputFit, prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { expectNoLeak, useBackend } from '../test-backends';
import type { LabelledImages } from '../types';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MODELS = ['lenet300', 'lenet5', 'vgg'];
const TEST_IMAGES = path.join(ROOT, 'public/data/fashion-mnist/t10k-images-idx3-ubyte.gz');
const TEST_LABELS = path.join(ROOT, 'public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz');

interface Card {
  architecture: { layer: string; class: string; outputShape: number[]; params: number }[];
  prunableParams: number;
  metrics: { top1: number; top5: number; loss: number; n: number };
  input: { scaling: 'unit' | 'symmetric' };
}

function arrayBuffer(file: string): ArrayBuffer {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function loadDemo(id: string) {
  const dir = path.join(ROOT, 'public/models', id);
  const card = JSON.parse(readFileSync(path.join(dir, 'card.json'), 'utf8')) as Card;
  const files = ['model.json', 'weights.bin', 'card.json'].map((f) => ({
    name: `${id}/${f}`,
    bytes: arrayBuffer(path.join(dir, f)),
  }));
  return { card, files };
}

const present = (id: string) => existsSync(path.join(ROOT, 'public/models', id, 'model.json'));
const dataPresent = existsSync(TEST_IMAGES) && existsSync(TEST_LABELS);

for (const id of MODELS) {
  describe.skipIf(!present(id))(`demo model ${id}`, () => {
    let data: LabelledImages | undefined;
    beforeAll(async () => {
      if (dataPresent)
        data = await loadIdxPair(new Uint8Array(readFileSync(TEST_IMAGES)), new Uint8Array(readFileSync(TEST_LABELS)));
    });

    it('loads, and its layers and prunable tensors agree with its card', async () => {
      await useBackend('cpu');
      const { card, files } = loadDemo(id);
      const { model, name } = await loadModelFromFiles(files);
      expect(name).toBe(id);
      const layers = describeLayers(model).filter((l) => l.class !== 'InputLayer');
      expect(layers.map((l) => [l.name, l.class, (l.outputShape as (number | null)[]).slice(1), l.params])).toEqual(
        card.architecture.map((a) => [a.layer, a.class, a.outputShape, a.params]),
      );
      const prunable = prunableTensors(model);
      expect(prunable.every((t) => t.name.endsWith('/kernel'))).toBe(true);
      expect(prunable.reduce((s, t) => s + t.size, 0)).toBe(card.prunableParams);
      expect(inputFit(model, { rows: 28, cols: 28, numClasses: 10 }).fits).toBe(true);
      model.dispose();
    });

    it.skipIf(!dataPresent)('reproduces the card metrics on the 10,000 test images (wasm)', async () => {
      await useBackend('wasm');
      const { card, files } = loadDemo(id);
      const { model } = await loadModelFromFiles(files);
      const images = data as LabelledImages;
      const fit = inputFit(model, images);
      if (!fit.fits) throw new Error(fit.reason);
      await expectNoLeak(async () => {
        const x = toInputTensor(images, fit.layout, { kind: card.input.scaling });
        const y = toLabelTensor(images);
        const m = await evaluate(model, { x, y });
        tf.dispose([x, y]);
        expect(m.n).toBe(card.metrics.n);
        // the card rounds top1/top5 to 0.01 and loss to 1e-4
        expect(Math.abs(m.top1 - card.metrics.top1)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(m.top5 - card.metrics.top5)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(m.loss - card.metrics.loss)).toBeLessThanOrEqual(5e-4);
      });
      model.dispose();
    });

    it.skipIf(!dataPresent)('gives the same outputs on cpu and wasm (200 images, 1e-4)', async () => {
      const { card, files } = loadDemo(id);
      const subset = gatherImages(data as LabelledImages, stratifiedSubset((data as LabelledImages).labels, 200, 1));
      const outputs: Float32Array[] = [];
      for (const backend of ['cpu', 'wasm']) {
        await useBackend(backend);
        const { model } = await loadModelFromFiles(files);
        const fit = inputFit(model, subset);
        if (!fit.fits) throw new Error(fit.reason);
        const x = toInputTensor(subset, fit.layout, { kind: card.input.scaling });
        outputs.push(await expectNoLeak(() => predictLogits(model, x, 64)));
        x.dispose();
        model.dispose();
      }
      const [cpu, wasm] = outputs;
      expect(cpu.length).toBe(200 * 10);
      let maxDiff = 0;
      cpu.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - wasm[i]))));
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
    });
  });
}
