// What the lab worker holds: tf.js tensors and the worker's JS heap, for the soak test's leak check.
// Chromium gives a worker two ways to read its heap: performance.measureUserAgentSpecificMemory()
// (only where the page is cross-origin isolated; its answer may wait for the next garbage
// collection) and the non-standard performance.memory, which is exact only with
// --enable-precise-memory-info (otherwise bucketed). A gc() exposed by --js-flags=--expose-gc runs first.
import * as tf from '@tensorflow/tfjs';
import type { WorkerMemory } from './protocol';

type MemoryPerformance = Performance & {
  memory?: { usedJSHeapSize: number };
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
};

export async function workerMemory(): Promise<WorkerMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const perf = performance as MemoryPerformance;
  let heapBytes: number | null = null;
  let heapSource = 'none';
  if (perf.memory) {
    heapBytes = perf.memory.usedJSHeapSize;
    heapSource = 'performance.memory';
  } else if (perf.measureUserAgentSpecificMemory && globalThis.crossOriginIsolated) {
    try {
      heapBytes = (await perf.measureUserAgentSpecificMemory()).bytes;
      heapSource = 'measureUserAgentSpecificMemory';
    } catch {
      // refused (not isolated after all, or the browser's own limit): no heap figure
    }
  }
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes, heapBytes, heapSource, collected: Boolean(gc) };
}
