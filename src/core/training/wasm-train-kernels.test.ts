import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../pruning';
import { expectNoLeak, useBackend } from '../test-backends';
import { ensureWasmTrainingKernels, flipFilter, restoreWasmStockKernels } from './wasm-train-kernels';

function randomValues(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const rand = (shape: number[], seed: number) => tf.tensor(randomValues(size(shape), seed), shape);

/** Buffers the wasm backend holds (the engine's count misses a kernel's own temporaries). */
const wasmBuffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

async function onBackend(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(backend);
  const before = backend === 'wasm' ? wasmBuffers() : 0;
  const out = await expectNoLeak(async () => {
    const ts = tf.tidy(f);
    const values = await Promise.all(ts.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(ts);
    return values;
  });
  if (backend === 'wasm') expect(wasmBuffers(), 'wasm buffers leaked').toBe(before);
  return out;
}

function expectClose(got: Float32Array[], want: Float32Array[], tol: number, label: string): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(g.length, label).toBe(want[i].length);
    let max = 0;
    for (let j = 0; j < g.length; j++) max = Math.max(max, Math.abs(g[j] - want[i][j]));
    expect(max, `${label}, output ${i}`).toBeLessThan(tol);
  });
}

interface ConvCase {
  x: number[];
  k: number[];
  stride: number;
  pad: 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
}

const CONV_CASES: ConvCase[] = [
  { x: [3, 12, 12, 4], k: [5, 5, 4, 6], stride: 1, pad: 'valid' },
  { x: [2, 7, 9, 3], k: [3, 2, 3, 5], stride: 1, pad: 'same' },
  { x: [2, 8, 8, 2], k: [4, 4, 2, 3], stride: 1, pad: 'same' }, // even kernel: uneven same padding
  {
    x: [2, 6, 7, 2],
    k: [3, 3, 2, 2],
    stride: 1,
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  { x: [2, 9, 9, 2], k: [3, 3, 2, 4], stride: 2, pad: 'same' }, // stride 2: the stock kernel
];

describe('wasm training kernels', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('flipFilter rotates space by 180 degrees and swaps the channel axes', () => {
    // [kh=2, kw=1, ci=1, co=2]: w[p,0,0,o] = 10p + o
    const out = new Float32Array(4);
    flipFilter(Float32Array.from([0, 1, 10, 11]), [2, 1, 1, 2], out);
    // out[p,0,o,0] = w[1-p,0,0,o]
    expect(Array.from(out)).toEqual([10, 11, 0, 1]);
  });

  it('dense gradients (transposed products, rank 2 and 3) match cpu', async () => {
    ensureWasmTrainingKernels();
    const f = () => {
      const x = rand([7, 13], 1);
      const w = rand([13, 5], 2);
      const g = rand([7, 5], 3);
      const a3 = rand([2, 4, 3], 4);
      const b3 = rand([2, 6, 3], 5);
      const c3 = rand([2, 4, 6], 6);
      const d3 = rand([2, 6, 4], 7);
      const [dx, dw] = tf.grads((xv: tf.Tensor, wv: tf.Tensor) => tf.sum(tf.mul(tf.matMul(xv, wv), g)))([x, w]);
      return [
        dx,
        dw,
        tf.matMul(a3, b3, false, true),
        tf.matMul(a3, c3, true, false),
        tf.matMul(a3, d3, true, true),
        tf.matMul(x, w),
      ];
    };
    expectClose(await onBackend('wasm', f), await onBackend('cpu', f), 1e-5, 'matMul');
  });

  for (const [i, c] of CONV_CASES.entries()) {
    it(`conv2d input gradient, case ${i} (stride ${c.stride}, pad ${JSON.stringify(c.pad)}) matches cpu`, async () => {
      ensureWasmTrainingKernels();
      const f = () => {
        const x = rand(c.x, 10 * i);
        const w = rand(c.k, 10 * i + 1) as tf.Tensor4D;
        const y0 = tf.conv2d(x as tf.Tensor4D, w, c.stride, c.pad);
        const g = rand(y0.shape, 10 * i + 2);
        return [tf.grad((xv: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xv as tf.Tensor4D, w, c.stride, c.pad), g)))(x)];
      };
      expectClose(await onBackend('wasm', f), await onBackend('cpu', f), 1e-4, `conv case ${i}`);
    });
  }

  it('max-pool gradients (ties, padding, overlapping windows) match cpu', async () => {
    ensureWasmTrainingKernels();
    const f = () => {
      // rounded values make ties inside windows common; ReLU zeros are the usual source of them
      const x = tf.relu(tf.round(tf.mul(rand([2, 9, 8, 3], 20), 2)));
      const cases: [number, number, 'valid' | 'same'][] = [
        [2, 2, 'valid'],
        [3, 2, 'same'],
        [3, 1, 'valid'],
      ];
      return cases.map(([size, stride, pad]) => {
        const g = rand(tf.maxPool(x as tf.Tensor4D, size, stride, pad).shape, 21 + size);
        return tf.grad((xv: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xv as tf.Tensor4D, size, stride, pad), g)))(x);
      });
    };
    expectClose(await onBackend('wasm', f), await onBackend('cpu', f), 1e-5, 'maxPool');
  });

  it('max-pool gradient: every window hands its dy to exactly one input (the stock wasm kernel drops one)', async () => {
    ensureWasmTrainingKernels();
    const f = () => [
      tf.grad((xv: tf.Tensor) => tf.sum(tf.maxPool(xv as tf.Tensor4D, 2, 2, 'valid')))(rand([2, 6, 6, 2], 11)),
    ];
    const [dx] = await onBackend('wasm', f);
    // 2 images x 3 x 3 windows x 2 channels, each passing a gradient of 1 to its maximum
    expect(dx.reduce((a, b) => a + b, 0)).toBe(36);
    expect(dx.filter((v) => v === 1)).toHaveLength(36);
  });

  it('restoring the stock kernels gives the same results', async () => {
    const f = () => {
      const dy = rand([2, 4, 4, 3], 7) as tf.Tensor4D;
      const w = rand([3, 3, 2, 3], 8) as tf.Tensor4D;
      return [
        tf.conv2dTranspose(dy, w, [2, 6, 6, 2], 1, 'valid'),
        tf.matMul(rand([5, 3], 9), rand([4, 3], 10), false, true),
      ];
    };
    ensureWasmTrainingKernels();
    const fast = await onBackend('wasm', f);
    restoreWasmStockKernels();
    try {
      expectClose(await onBackend('wasm', f), fast, 1e-4, 'stock vs fast');
    } finally {
      ensureWasmTrainingKernels();
    }
  });
});
