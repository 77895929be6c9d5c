// The page's sweep pool, started by the lab worker for one sweep: Web Workers that each get the lab's
// handoff (copied) and sweep whole tensors. Cancel terminates every worker; the lab worker keeps the
// model and its masks throughout.
import type { PoolHandoff, StartPool, StartedPool } from '../core/sensitivity/pooled-sweep';
import type { SweepUnit } from '../core/sensitivity/shard';
import { portRunner, type SweepRunner, type UnitAnswers } from '../core/sensitivity/sweep-pool';
import type { SensitivityRow } from '../core/sensitivity/types';

export type PoolRequest =
  { type: 'init'; handoff: PoolHandoff; backend: string; workers: number } | { type: 'unit'; unit: SweepUnit };

export type PoolReply =
  | { type: 'ready'; threads: number }
  | { type: 'row'; row: SensitivityRow }
  | { type: 'done' }
  | { type: 'error'; message: string };

interface PoolWorker {
  runner: SweepRunner;
  ready: Promise<number>;
  stop(): void;
}

function startWorker(init: Extract<PoolRequest, { type: 'init' }>): PoolWorker {
  const worker = new Worker(new URL('./sweep-pool-worker.ts', import.meta.url), { type: 'module' });
  let to: UnitAnswers | null = null;
  let readyAnswer: ((m: PoolReply) => void) | null = null;
  let readyFail: ((e: Error) => void) | null = null;
  worker.onmessage = ({ data: m }: MessageEvent<PoolReply>) => {
    if (readyAnswer) return readyAnswer(m);
    if (m.type === 'row') to?.row(m.row);
    else if (m.type === 'done') to?.done();
    else if (m.type === 'error') to?.fail(new Error(m.message));
  };
  worker.onerror = (e) => {
    const error = new Error(`a sweep worker failed: ${e.message || 'it could not start'}`);
    if (readyFail) readyFail(error);
    else to?.fail(error);
  };
  const ready = new Promise<number>((resolve, reject) => {
    readyFail = reject;
    readyAnswer = (m) => {
      if (m.type !== 'ready' && m.type !== 'error') return;
      readyAnswer = readyFail = null;
      if (m.type === 'ready') resolve(m.threads);
      else reject(new Error(m.message));
    };
  });
  worker.postMessage(init);
  const runner = portRunner({
    post: (unit) => worker.postMessage({ type: 'unit', unit } satisfies PoolRequest),
    answer: (answers) => (to = answers),
    stop: () => worker.terminate(),
  });
  return { runner, ready, stop: () => worker.terminate() };
}

/** A pool of `count` Web Workers on `backend`, each with its share of the cores. */
export function browserPool(count: number, backend: string, onThreads?: (threads: number[]) => void): StartPool {
  return async (handoff: PoolHandoff): Promise<StartedPool> => {
    const workers = Array.from({ length: count }, () =>
      startWorker({ type: 'init', handoff, backend, workers: count }),
    );
    const close = async () => workers.forEach((w) => w.stop());
    try {
      onThreads?.(await Promise.all(workers.map((w) => w.ready)));
    } catch (e) {
      await close();
      throw e;
    }
    return { runners: workers.map((w) => w.runner), close };
  };
}
