import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { gatherImages, stratifiedSubset, toInputTensor, toLabelTensor } from './dataset-tensors';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages } from '../types';

// 5 images of 2x3 pixels; pixel p of image i = 10*i + p, label = i % 3
function tinyImages(): LabelledImages {
  const n = 5;
  const pixels = Uint8Array.from({ length: n * 6 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));
  pixels[29] = 255;
  return { pixels, labels: Uint8Array.from({ length: n }, (_, i) => i % 3), n, rows: 2, cols: 3, numClasses: 3 };
}

describeEachBackend('dataset-tensors', () => {
  it('lays images out as image, plane or flat, scaled to [0, 1]', async () => {
    const images = tinyImages();
    await expectNoLeak(async () => {
      const image = toInputTensor(images, 'image', { kind: 'unit' }, { start: 1, count: 2 });
      const plane = toInputTensor(images, 'plane', { kind: 'unit' });
      const flat = toInputTensor(images, 'flat', { kind: 'unit' }, { start: 4, count: 1 });
      expect(image.shape).toEqual([2, 2, 3, 1]);
      expect(plane.shape).toEqual([5, 2, 3]);
      expect(flat.shape).toEqual([1, 6]);
      expect(image.dtype).toBe('float32');
      const want = [10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25].map((v) => Math.fround(v / 255));
      expect(Array.from(await image.data())).toEqual(want);
      expect(Array.from(await flat.data())).toEqual([40, 41, 42, 43, 44, 255].map((v) => Math.fround(v / 255)));
      tf.dispose([image, plane, flat]);
    });
  });

  it('applies symmetric and standard scaling', async () => {
    const images = tinyImages();
    await expectNoLeak(async () => {
      const sym = toInputTensor(images, 'flat', { kind: 'symmetric' }, { start: 4, count: 1 });
      const std = toInputTensor(
        images,
        'flat',
        { kind: 'standard', mean: 0.1307, std: 0.3081 },
        { start: 4, count: 1 },
      );
      const symValues = await sym.data();
      expect(symValues[5]).toBe(1);
      expect(symValues[0]).toBeCloseTo(40 / 127.5 - 1, 6);
      const stdValues = await std.data();
      expect(stdValues[0]).toBeCloseTo((40 / 255 - 0.1307) / 0.3081, 5);
      expect(stdValues[5]).toBeCloseTo((1 - 0.1307) / 0.3081, 5);
      tf.dispose([sym, std]);
    });
    expect(() => toInputTensor(images, 'flat', { kind: 'standard', mean: 0, std: 0 })).toThrow(/std > 0/);
    expect(() => toInputTensor(images, 'flat', { kind: 'unit' }, { start: 4, count: 2 })).toThrow(
      /outside the dataset's 5 examples/,
    );
  });

  it('makes int32 label tensors', async () => {
    const labels = await expectNoLeak(async () => {
      const t = toLabelTensor(tinyImages(), { start: 1, count: 4 });
      expect(t.dtype).toBe('int32');
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    });
    expect(labels).toEqual([1, 2, 0, 1]);
  });
});

it('stratifiedSubset is class-balanced, deterministic per seed, sorted and without repeats', () => {
  // 3 classes of sizes 50, 30, 5
  const labels = Uint8Array.from([...Array(50).fill(0), ...Array(30).fill(1), ...Array(5).fill(2)]);
  for (const count of [0, 1, 7, 30, 31, 60, 84]) {
    const subset = stratifiedSubset(labels, count, 3);
    expect(subset.length).toBe(count);
    expect(new Set(subset).size).toBe(count);
    expect(Array.from(subset)).toEqual(Array.from(subset).sort((a, b) => a - b));
    const perClass = [0, 0, 0];
    subset.forEach((i) => perClass[labels[i]]++);
    const available = [50, 30, 5];
    // fair share: no class can get 2 more than another unless that other is exhausted
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        if (perClass[b] < available[b]) expect(perClass[a] - perClass[b]).toBeLessThanOrEqual(1);
  }
  expect(Array.from(stratifiedSubset(labels, 30, 3))).toEqual(Array.from(stratifiedSubset(labels, 30, 3)));
  expect(Array.from(stratifiedSubset(labels, 30, 3))).not.toEqual(Array.from(stratifiedSubset(labels, 30, 4)));
  expect(stratifiedSubset(labels, 1000).length).toBe(85);
});

it('gatherImages copies the chosen examples in order', () => {
  const images = tinyImages();
  const g = gatherImages(images, [4, 0]);
  expect(g.n).toBe(2);
  expect(Array.from(g.labels)).toEqual([1, 0]);
  expect(Array.from(g.pixels)).toEqual([40, 41, 42, 43, 44, 255, 0, 1, 2, 3, 4, 5]);
  expect(() => gatherImages(images, [5])).toThrow(/outside 0\.\.4/);
});
