// Threads for tf.js wasm and onnxruntime-web in this worker, set before either initialises.
import * as ort from 'onnxruntime-web';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { planThreads, type ThreadPlan } from '../core/runtime/threads';

let plan: ThreadPlan | null = null;

/**
 * tfjs-backend-wasm silently caps its thread pool at hardwareConcurrency / 2 (1 on a 2-core machine),
 * so the worker reports twice the wanted count while the wasm module starts, then the real one again.
 */
export function configureThreads(workers = 1): ThreadPlan {
  if (plan) return plan;
  const cores = self.navigator.hardwareConcurrency;
  plan = planThreads(cores, self.crossOriginIsolated === true, workers);
  setThreadsCount(plan.threads);
  ort.env.wasm.numThreads = plan.threads;
  if (plan.threads > 1) {
    Object.defineProperty(self.navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * plan!.threads });
  }
  return plan;
}

/** After the wasm backend started: the real core count again, and the threads it really uses. */
export function wasmThreads(): number {
  delete (self.navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}
