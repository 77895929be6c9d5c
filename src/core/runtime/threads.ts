// How many compute threads one worker asks for. Pure: the worker passes what the platform reports.

export interface ThreadPlan {
  /** Threads tf.js wasm (XNNPACK) and onnxruntime-web run their kernels on. */
  threads: number;
  /** Why, in a few words (shown next to the backend). */
  reason: string;
}

/** More threads than this gives a small CNN nothing but scheduling overhead. */
export const MAX_THREADS = 8;

/**
 * One thread per core, shared among `workers` workers of a pool, when the page is cross-origin
 * isolated (SharedArrayBuffer); one thread otherwise.
 */
export function planThreads(cores: number | undefined, isolated: boolean, workers = 1): ThreadPlan {
  if (!isolated) return { threads: 1, reason: 'the page is not cross-origin isolated' };
  const known = Number.isInteger(cores) && (cores as number) > 0;
  const perWorker = Math.floor((known ? (cores as number) : 1) / Math.max(1, workers));
  const threads = Math.min(MAX_THREADS, Math.max(1, perWorker));
  const what = known ? `${cores} core${cores === 1 ? '' : 's'}` : 'core count unknown';
  return { threads, reason: workers > 1 ? `${what} shared by ${workers} workers` : what };
}
