import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { LayersEngine } from '../engine/tfjs-layers/layers-engine';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import type { LabelledImages } from '../types';
import { dataFeed } from './data-feed';
import { evaluationIndices } from './eval-data';

function rgbModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 3], filters: 2, kernelSize: 3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5 }),
    ],
  });
}

function rgbImages(n: number, over: Partial<LabelledImages> = {}): LabelledImages {
  return {
    pixels: Uint8Array.from({ length: n * 48 }, (_, k) => k % 256),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 5),
    n,
    rows: 4,
    cols: 4,
    channels: 3,
    numClasses: 5,
    ...over,
  };
}

describeEachBackend('data feed', () => {
  it('feeds colour data of the model size in its layout, and says when a resize is needed', async () => {
    const model = rgbModel();
    const engine = new LayersEngine(model);
    await expectNoLeak(async () => {
      const feed = dataFeed(engine, rgbImages(3), { kind: 'unit' }, null);
      expect(feed.fit).toEqual({ fits: true, layout: 'image' });
      expect(feed.mapping?.layout).toBe('nhwc');
      const x = feed.x(rgbImages(3), [2]);
      expect(x.shape).toEqual([1, 4, 4, 3]);
      expect((await x.data())[0]).toBeCloseTo(96 / 255, 6);
      x.dispose();
      const big = dataFeed(
        engine,
        rgbImages(2, { rows: 8, cols: 8, pixels: new Uint8Array(2 * 192) }),
        { kind: 'unit' },
        null,
      );
      expect(big.fit.fits).toBe(false);
      expect(big.inputsFit).toBe(false);
      expect(!big.fit.fits && big.fit.reason).toMatch(/takes 4×4×3 inputs; the data is 8×8×3: set an input mapping/);
    });
    model.dispose();
  });

  it('measures unlabelled data and labels out of range by agreement only, naming the label', async () => {
    const model = rgbModel();
    const engine = new LayersEngine(model);
    const unlabelled = dataFeed(engine, rgbImages(2, { labelled: false }), { kind: 'unit' }, null);
    expect([unlabelled.fit.fits, unlabelled.inputsFit]).toEqual([false, true]);
    const out = dataFeed(
      engine,
      rgbImages(2, { labels: Uint8Array.from([0, 7]), numClasses: 8 }),
      { kind: 'unit' },
      null,
    );
    expect([out.fit.fits, out.inputsFit]).toEqual([false, true]);
    expect(!out.fit.fits && out.fit.reason).toMatch(/label 7 .* is out of the model's range: it scores 5 classes/);
    model.dispose();
  });
});

it('evaluates the first `limit` examples, or a class-balanced subset when over the memory budget', () => {
  const images = rgbImages(100);
  expect(Array.from(evaluationIndices(images, 48 * 4, 10).indices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const capped = evaluationIndices(images, 48 * 4, null, 48 * 4 * 20);
  expect(capped.capped).toBe(true);
  expect(capped.indices.length).toBe(20);
  const perClass = [0, 1, 2, 3, 4].map((c) => Array.from(capped.indices).filter((i) => images.labels[i] === c).length);
  expect(perClass).toEqual([4, 4, 4, 4, 4]);
});
