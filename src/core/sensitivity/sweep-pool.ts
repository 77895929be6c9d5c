// A sweep spread over a pool of runners (Web Workers, worker threads), each holding the model and the
// data once. Units (whole tensors where possible, so each runner reuses a tensor's prefix
// activations) go to whichever runner is free; rows still come out in sweep order.
import { CancelledError } from '../eval/evaluate';
import type { SweepUnit } from './shard';
import type { SensitivityRow } from './types';

export interface SweepRunner {
  /** Sweeps one unit, calling onRow per finished row in level order; settles when it is done. */
  run(unit: SweepUnit, onRow: (row: SensitivityRow) => void, signal: AbortSignal): Promise<void>;
}

export interface PoolOptions {
  signal?: AbortSignal;
  /** Each row as soon as every row before it in sweep order is known. */
  onRow?: (row: SensitivityRow) => void;
}

/**
 * Runs `units` on `runners`; resolves with every row in sweep order. On cancel (or a runner's failure)
 * the other runners are stopped, the rows finished so far still go out through onRow (in sweep order,
 * skipping what never ran), and the promise rejects with CancelledError (or the failure).
 */
export async function runPool(
  units: readonly SweepUnit[],
  runners: readonly SweepRunner[],
  opts: PoolOptions = {},
): Promise<SensitivityRow[]> {
  if (runners.length === 0) throw new Error('a sweep pool needs at least one runner');
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort);
  const rows: SensitivityRow[][] = units.map(() => []);
  const done = units.map(() => false);
  const out: SensitivityRow[] = [];
  let emitted = 0;
  let flushedUnit = 0;
  const flush = (all: boolean) => {
    while (flushedUnit < units.length) {
      const r = rows[flushedUnit];
      for (; emitted < r.length; emitted++) {
        out.push(r[emitted]);
        opts.onRow?.(r[emitted]);
      }
      if (!done[flushedUnit] && !all) return;
      flushedUnit++;
      emitted = 0;
    }
  };
  let next = 0;
  let failure: unknown = null;
  const loop = async (runner: SweepRunner) => {
    while (!stop.signal.aborted && next < units.length) {
      const k = next++;
      try {
        await runner.run(
          units[k],
          (row) => {
            rows[k].push(row);
            flush(false);
          },
          stop.signal,
        );
        done[k] = true;
        flush(false);
      } catch (e) {
        if (!stop.signal.aborted) failure ??= e;
        stop.abort();
      }
    }
  };
  try {
    if (opts.signal?.aborted) throw new CancelledError();
    await Promise.all(runners.map(loop));
    if (failure) throw failure;
    if (stop.signal.aborted) throw new CancelledError();
    return out;
  } finally {
    flush(true);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** What a pool worker answers to a posted unit: its rows, then done, or a failure. */
export interface UnitAnswers {
  row(row: SensitivityRow): void;
  done(): void;
  fail(error: Error): void;
}

/** A worker seen from its runner: post a unit, route its answers (null: none wanted), stop it. */
export interface UnitPort {
  post(unit: SweepUnit): void;
  answer(to: UnitAnswers | null): void;
  stop(): void;
}

/** A runner over a message-passing worker (Web Worker, worker thread); abort stops the worker. */
export function portRunner(port: UnitPort): SweepRunner {
  return {
    run: (unit, onRow, signal) =>
      new Promise<void>((resolve, reject) => {
        const abort = () => {
          port.answer(null);
          port.stop();
          reject(new CancelledError());
        };
        if (signal.aborted) return abort();
        signal.addEventListener('abort', abort, { once: true });
        const settle = (f: () => void) => {
          signal.removeEventListener('abort', abort);
          port.answer(null);
          f();
        };
        port.answer({ row: onRow, done: () => settle(resolve), fail: (e) => settle(() => reject(e)) });
        port.post(unit);
      }),
  };
}
