// What the lab worker holds: tf.js tensors and the worker's JS heap, for the soak test's leak check.
// A worker's own heap readings are tried (the non-standard performance.memory, then
// measureUserAgentSpecificMemory where cross-origin isolated), but Chromium 156 exposes neither in a
// dedicated worker: there heapBytes is null and the page measures the worker instead (see
// e2e/soak-session.ts). A gc() exposed by --js-flags=--expose-gc runs first, so that the page's
// reading that follows sees the heap after a collection.
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
