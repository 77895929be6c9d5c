// The CLI's sweep pool: worker threads, each with its own tf.js wasm instance, model and data. Node's
// wasm backend runs on one thread, so a pool is how a sweep uses every core.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { portRunner, type SweepRunner } from '../core/sensitivity/sweep-pool';
import { CliError } from './errors';
import type { SweepWorkerInit, SweepWorkerMessage } from './sweep-worker';

/** Below this many example evaluations a worker's start (a few seconds) costs more than it saves. */
const POOL_MIN_WORK = 100_000;

/** --workers N, or 'auto': one per core (at most one per unit) for sweeps big enough to gain from it. */
export function poolSize(raw: string | undefined, units: number, work: number): number {
  if (raw === undefined || raw === 'auto')
    return work < POOL_MIN_WORK ? 1 : Math.max(1, Math.min(availableParallelism(), units));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--workers must be a positive integer or auto; got '${raw}'`, 2);
  return n;
}

/**
 * A worker thread does not inherit the main thread's TypeScript loader: its first script registers
 * tsx, then imports the TypeScript worker.
 */
function workerBootstrap(): string {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
}

interface PooledWorker {
  runner: SweepRunner;
  ready: Promise<void>;
  stop(): Promise<void>;
}

function startWorker(init: SweepWorkerInit, onNote: (text: string) => void): PooledWorker {
  const worker = new Worker(workerBootstrap(), { eval: true, workerData: init, stdout: true });
  // tf.js hints on a worker's stdout would mix into the CSV
  worker.stdout.pipe(process.stderr);
  let listener: ((m: SweepWorkerMessage) => void) | null = null;
  let fail: ((e: Error) => void) | null = null;
  worker.on('message', (m: SweepWorkerMessage) => (m.type === 'note' ? onNote(m.text) : listener?.(m)));
  worker.on('error', (e) => fail?.(e));
  worker.on('exit', (code) => fail?.(new Error(`a sweep worker stopped (exit code ${code})`)));
  const ready = new Promise<void>((resolve, reject) => {
    fail = reject;
    listener = (m) => (m.type === 'ready' ? resolve() : m.type === 'error' ? reject(new Error(m.message)) : undefined);
  });
  const runner = portRunner({
    post: (unit) => worker.postMessage(unit),
    answer: (to) => {
      fail = to && to.fail;
      listener =
        to &&
        ((m) => {
          if (m.type === 'row') to.row(m.row);
          else if (m.type === 'done') to.done();
          else if (m.type === 'error') to.fail(new CliError(m.message, 2));
        });
    },
    stop: () => void worker.terminate(),
  });
  return {
    runner,
    ready,
    stop: async () => {
      fail = null;
      await worker.terminate();
    },
  };
}

/** Starts `count` workers and waits until each holds the model and the data. */
export async function startSweepPool(
  count: number,
  init: SweepWorkerInit,
  onNote: (text: string) => void,
): Promise<{ runners: SweepRunner[]; close(): Promise<void> }> {
  const workers = Array.from({ length: count }, () => startWorker(init, onNote));
  const close = async () => {
    await Promise.all(workers.map((w) => w.stop()));
  };
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (e) {
    await close();
    throw e;
  }
  return { runners: workers.map((w) => w.runner), close };
}
