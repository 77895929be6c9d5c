// How the lab worker evaluates a sweep's cells: here, or spread over a pool of Web Workers when the
// backend runs on the CPU and the request (or the default) asks for several workers.
import * as tf from '@tensorflow/tfjs';
import type { SweepEvent, SweepRequest } from '../core/lab/types';
import { runSweep } from '../core/sensitivity';
import { pooledCells, type SweepCells } from '../core/sensitivity/pooled-sweep';
import { sweepPoolSize } from '../core/runtime/threads';
import { browserPool } from './sweep-pool';

export function sweepCells(request: SweepRequest, onEvent: (e: SweepEvent) => void): SweepCells {
  return (engine, data, opts) => {
    const backend = tf.getBackend();
    const workers = sweepPoolSize(request.workers, self.navigator.hardwareConcurrency, backend, {
      tensors: opts.tensors.length,
      poolable: !engine.capabilities.asyncOnly,
    });
    if (workers <= 1) return runSweep(engine, data, opts);
    const pool = browserPool(workers, backend, (threads) =>
      onEvent({ type: 'note', text: `spread over ${workers} workers × ${threads[0]} thread(s) each` }),
    );
    return pooledCells(pool)(engine, data, opts);
  };
}
