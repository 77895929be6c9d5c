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

/**
 * The measured default of a sweep's pool (`npm run bench -- sweep-pool`, 2 cores, wasm): one worker per
 * core, each on one thread, beats one worker on every core only when each worker gets enough whole
 * tensors to even out their unequal costs (VGG-style CNN with 6 tensors, 500 images: 2 x 1 in 30.9 s, 1 x 2 in 36.1 s;
 * LeNet-5's 4 tensors: 2 x 1 in 89.4 s, 1 x 2 in 81.2 s).
 */
export const MIN_TENSORS_PER_WORKER = 3;

/**
 * Workers a sweep is spread over: the requested number (at most one per tensor), else one per core when
 * every worker gets MIN_TENSORS_PER_WORKER tensors, else one. One where a pool cannot help: a GPU
 * backend (one device), an engine that only runs asynchronously, a single core.
 */
export function sweepPoolSize(
  requested: number | undefined,
  cores: number | undefined,
  backend: string,
  opts: { tensors: number; poolable: boolean },
): number {
  if (!opts.poolable || (backend !== 'wasm' && backend !== 'cpu')) return 1;
  const known = Number.isInteger(cores) && (cores as number) > 0 ? (cores as number) : 1;
  const wanted = requested ?? (opts.tensors >= MIN_TENSORS_PER_WORKER * known ? known : 1);
  if (!Number.isInteger(wanted) || wanted < 1)
    throw new Error(`sweep workers must be a positive integer; got ${wanted}`);
  return Math.max(1, Math.min(wanted, opts.tensors, MAX_THREADS));
}
