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
 * The measured default of a sweep's pool (see `npm run bench -- sweep-browser`): one worker per core,
 * each on one thread, beats one worker on every core.
 */
export const DEFAULT_SWEEP_WORKERS = 'per-core' as 'per-core' | 'one';

/**
 * Workers a sweep is spread over: the requested number (at most one per tensor), else the default.
 * One where a pool cannot help: a GPU backend (one device), an engine that only runs asynchronously,
 * a single tensor, a single core.
 */
export function sweepPoolSize(
  requested: number | undefined,
  cores: number | undefined,
  backend: string,
  opts: { tensors: number; poolable: boolean },
): number {
  if (!opts.poolable || (backend !== 'wasm' && backend !== 'cpu')) return 1;
  const known = Number.isInteger(cores) && (cores as number) > 0 ? (cores as number) : 1;
  const wanted = requested ?? (DEFAULT_SWEEP_WORKERS === 'per-core' ? known : 1);
  if (!Number.isInteger(wanted) || wanted < 1)
    throw new Error(`sweep workers must be a positive integer; got ${wanted}`);
  return Math.max(1, Math.min(wanted, opts.tensors, MAX_THREADS));
}
