import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../pruning';
import { expectNoLeak, useBackend } from '../test-backends';
import { conv2dFilterGradByConv, ensureWasmConvFilterGradient } from './wasm-conv-filter-grad';

interface Case {
  x: [number, number, number, number];
  k: [number, number, number, number];
  stride: number | [number, number];
  pad: 'valid' | 'same';
}

const CASES: Case[] = [
  { x: [2, 7, 7, 3], k: [3, 3, 3, 4], stride: 1, pad: 'valid' },
  { x: [2, 7, 7, 3], k: [3, 3, 3, 4], stride: 1, pad: 'same' },
  { x: [3, 8, 9, 2], k: [3, 2, 2, 5], stride: 2, pad: 'same' },
  { x: [3, 9, 8, 2], k: [5, 3, 2, 3], stride: [2, 3], pad: 'valid' },
  { x: [1, 6, 6, 1], k: [2, 2, 1, 2], stride: 2, pad: 'valid' },
];

async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

function randomValues(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/** d(sum(conv2d(x, w) * g)) / dw on the active backend: exercises the registered kernel through autodiff. */
async function filterGradient(c: Case, seed: number, fusedBias: boolean): Promise<Float32Array> {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return readAndDispose(
    tf.tidy(() => {
      const x = tf.tensor4d(randomValues(size(c.x), seed), c.x);
      const w = tf.tensor4d(randomValues(size(c.k), seed + 1), c.k);
      const b = tf.tensor1d(randomValues(c.k[3], seed + 2));
      const y0 = tf.conv2d(x, w, c.stride, c.pad);
      const g = tf.tensor(randomValues(y0.size, seed + 3), y0.shape);
      const f = (wv: tf.Tensor) => {
        // the fused linear path (what a Conv2D layer without activation uses) calls the kernel directly
        const y = fusedBias
          ? tf.fused.conv2d({ x, filter: wv as tf.Tensor4D, strides: c.stride, pad: c.pad, bias: b })
          : tf.conv2d(x, wv as tf.Tensor4D, c.stride, c.pad);
        return tf.sum(tf.mul(y, g));
      };
      return tf.grad(f)(w);
    }),
  );
}

describe('wasm Conv2DBackpropFilter', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('the conv-based formula equals cpu conv2DBackpropFilter', async () => {
    await useBackend('cpu');
    for (const [i, c] of CASES.entries()) {
      const expected = await filterGradient(c, 10 * i, false);
      const got = await expectNoLeak(async () =>
        readAndDispose(
          tf.tidy(() => {
            const x = tf.tensor4d(
              randomValues(
                c.x.reduce((a, b) => a * b, 1),
                10 * i,
              ),
              c.x,
            );
            const w = tf.zeros(c.k);
            const y0 = tf.conv2d(x, w as tf.Tensor4D, c.stride, c.pad);
            const g = tf.tensor(randomValues(y0.size, 10 * i + 3), y0.shape) as tf.Tensor4D;
            return conv2dFilterGradByConv(x, g, c.k, c.stride, c.pad);
          }),
        ),
      );
      expect(got.length).toBe(expected.length);
      for (let j = 0; j < got.length; j++) expect(Math.abs(got[j] - expected[j])).toBeLessThan(1e-4);
    }
  });

  it('wasm autodiff through conv2d and fused conv2d matches the cpu gradient (1e-4)', async () => {
    ensureWasmConvFilterGradient();
    for (const [i, c] of CASES.entries()) {
      for (const fused of [false, true]) {
        await useBackend('cpu');
        const expected = await filterGradient(c, 100 + i, fused);
        await useBackend('wasm');
        const got = await expectNoLeak(() => filterGradient(c, 100 + i, fused));
        let maxDiff = 0;
        for (let j = 0; j < got.length; j++) maxDiff = Math.max(maxDiff, Math.abs(got[j] - expected[j]));
        expect(maxDiff, `case ${i} fused=${fused}`).toBeLessThan(1e-4);
      }
    }
  });
});
