import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdxPair } from '../data/idx';
import { thumbnailOf } from '../data/thumbnail';
import { useBackend } from '../test-backends';
import type { LabelledImages } from '../types';
import { demoModelFiles, PUBLIC_DIR } from './demo-files';
import { LabService } from './lab-service';

const PUBLIC = PUBLIC_DIR;

describe('thumbnails', () => {
  it('keeps a 28×28 gray image pixel for pixel, as RGBA', () => {
    const pixels = Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 251);
    const t = thumbnailOf({ pixels, labels: new Uint8Array(2), n: 2, rows: 28, cols: 28, numClasses: 10 }, 1);
    expect([t.width, t.height]).toEqual([28, 28]);
    expect(Array.from(t.rgba.subarray(0, 8))).toEqual([
      784 % 251,
      784 % 251,
      784 % 251,
      255,
      785 % 251,
      785 % 251,
      785 % 251,
      255,
    ]);
  });

  it('shrinks a 64×96 RGB float image to 32×48 by nearest neighbour, stretching min..max to 0..255', () => {
    const values = new Float32Array(64 * 96 * 3);
    values[3 * (2 * 96 + 2) + 1] = 2; // pixel (2, 2), green: the maximum
    values[0] = -2; // pixel (0, 0), red: the minimum
    const images: LabelledImages = {
      pixels: new Uint8Array(0),
      values,
      labels: new Uint8Array(1),
      n: 1,
      rows: 64,
      cols: 96,
      channels: 3,
      numClasses: 2,
    };
    const t = thumbnailOf(images, 0);
    expect([t.width, t.height]).toEqual([48, 32]);
    // red -2 → 0; green and blue 0 → 127.5, which Uint8ClampedArray rounds to 128
    expect(Array.from(t.rgba.subarray(0, 4))).toEqual([0, 128, 128, 255]);
    const p11 = (1 * 48 + 1) * 4; // thumbnail (1, 1) reads source (2, 2)
    expect(t.rgba[p11 + 1]).toBe(255);
  });
});

describe('sample grid', () => {
  it('gives class-balanced examples with label, mapped output and the model top-1 of those images', async () => {
    await useBackend('cpu');
    const data = path.join(PUBLIC, 'data', 'fashion-mnist');
    const all = await loadIdxPair(
      readFileSync(path.join(data, 't10k-images-idx3-ubyte.gz')),
      readFileSync(path.join(data, 't10k-labels-idx1-ubyte.gz')),
    );
    const images = { ...all, n: 40, pixels: all.pixels.subarray(0, 40 * 784), labels: all.labels.subarray(0, 40) };
    const lab = new LabService({ quickEstimate: false });
    await lab.loadModel(demoModelFiles('lenet5'), { source: 'demo' });
    await lab.loadData({ test: async () => ({ name: 'fm', images }), train: async () => images });
    const samples = await lab.samples(10);
    expect(samples).toHaveLength(10);
    expect(new Set(samples.map((s) => s.label)).size).toBe(10); // one of each class
    // the prediction of each sample is the top-1 of the model's output for that image
    const out = await lab.predict(40);
    for (const s of samples) {
      const i = s.index;
      expect(s.label).toBe(images.labels[i]);
      expect(s.rgba[(14 * 28 + 8) * 4]).toBe(images.pixels[i * 784 + 14 * 28 + 8]);
      const row = Array.from(out.subarray(i * 10, i * 10 + 10));
      expect(s.predicted).toBe(row.indexOf(Math.max(...row)));
      expect(s.target).toBe(s.label);
    }
    lab.dispose();
  }, 60_000);
});
