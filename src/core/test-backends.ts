// Test-only helpers: run a describe block once per tf.js backend available under Node,
// and assert that a piece of tensor code leaves no tensor behind.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect } from 'vitest';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;
export type TestBackend = (typeof TEST_BACKENDS)[number];

/** Absolute folder (with trailing slash) holding tfjs-backend-wasm's .wasm binaries. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(pkg), 'dist') + path.sep;
}

let wasmPathsSet = false;

/** Switches tf.js to `backend` and waits until it is ready; throws when it cannot start. */
export async function useBackend(backend: string): Promise<void> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // Must happen before the wasm backend initialises for the first time.
    setWasmPaths(wasmDistDir());
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tf.js backend "${backend}" could not start (active: ${tf.getBackend()})`);
  }
}

/** Runs `fn` inside one describe block per backend in TEST_BACKENDS, with that backend active. */
export function describeEachBackend(name: string, fn: (backend: string) => void): void {
  for (const backend of TEST_BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      fn(backend);
    });
  }
}

/** Runs `body` and asserts tf.memory().numTensors is the same before and after; returns body's result. */
export async function expectNoLeak<T>(body: () => Promise<T> | T): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
  return result;
}
