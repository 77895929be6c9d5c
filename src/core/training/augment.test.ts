import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { mulberry32 } from '../pruning';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { AugmentInputError, imageGeometry, randomOffsets, randomShift, shiftImages } from './augment';

/** Reference: out[r][q] = in[r - dy][q - dx], or 0 outside the image. */
function shiftedByHand(img: number[][], dy: number, dx: number): number[][] {
  return img.map((row, r) => row.map((_, q) => img[r - dy]?.[q - dx] ?? 0));
}

const IMG = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];

it('imageGeometry reads NHWC, NHW and flat square inputs, and rejects others', () => {
  expect(imageGeometry([5, 28, 28, 1])).toEqual([28, 28, 1]);
  expect(imageGeometry([5, 6, 4])).toEqual([6, 4, 1]);
  expect(imageGeometry([5, 784])).toEqual([28, 28, 1]);
  expect(() => imageGeometry([5, 20])).toThrow(AugmentInputError);
});

it('randomOffsets stays within [-shift, shift], covers it, and is reproducible', () => {
  const a = randomOffsets(2000, 2, mulberry32(7));
  const b = randomOffsets(2000, 2, mulberry32(7));
  expect(a).toEqual(b);
  for (const v of [...a.dy, ...a.dx]) expect(Math.abs(v)).toBeLessThanOrEqual(2);
  expect(new Set(a.dy).size).toBe(5);
  expect(new Set(a.dx).size).toBe(5);
});

describeEachBackend('shiftImages', () => {
  it('moves each image by its own offset with zero fill (flat input)', async () => {
    const offsets: [number, number][] = [
      [0, 0],
      [1, 0],
      [0, -1],
      [-1, 1],
    ];
    const x = tf.tensor2d(
      offsets.map(() => IMG.flat()),
      [offsets.length, 9],
    );
    const dy = Int32Array.from(offsets.map((o) => o[0]));
    const dx = Int32Array.from(offsets.map((o) => o[1]));
    await expectNoLeak(async () => {
      const y = shiftImages(x, dy, dx, 1);
      expect(y.shape).toEqual([4, 9]);
      expect(await y.array()).toEqual(offsets.map(([a, b]) => shiftedByHand(IMG, a, b).flat()));
      y.dispose();
    });
    x.dispose();
  });

  it('handles NHWC with channels and shifts of 2', async () => {
    // channel k holds the image plus 10k, so a mixed-up channel would show
    const data = IMG.map((row) => row.map((v) => [v, v + 10]));
    const x = tf.tensor4d([data], [1, 3, 3, 2]);
    const y = shiftImages(x, Int32Array.of(2), Int32Array.of(-1), 2);
    const want0 = shiftedByHand(IMG, 2, -1);
    const want1 = shiftedByHand(
      IMG.map((r) => r.map((v) => v + 10)),
      2,
      -1,
    );
    expect(await y.array()).toEqual([want0.map((row, r) => row.map((v, q) => [v, want1[r][q]]))]);
    tf.dispose([x, y]);
  });

  it('randomShift is seeded and keeps the shape; shift 0 is the identity', async () => {
    const x = tf.tensor2d([IMG.flat(), IMG.flat()]);
    const a = randomShift(x, 1, mulberry32(3));
    const b = randomShift(x, 1, mulberry32(3));
    expect(await a.array()).toEqual(await b.array());
    const id = randomShift(x, 0, mulberry32(3));
    expect(await id.array()).toEqual(await x.array());
    expect(() => shiftImages(x, Int32Array.of(2, 0), Int32Array.of(0, 0), 1)).toThrow(/exceeds the shift 1/);
    tf.dispose([x, a, b, id]);
  });
});
