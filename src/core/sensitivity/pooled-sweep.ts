// A sweep spread over a pool of workers that each hold their own copy of the model and the data.
// The owner of the model (the lab) hands over the dense model's files, the evaluation inputs and the
// labels once per worker; each worker sweeps whole tensors (reusing their prefix activations) and the
// rows come back in sweep order through runPool.
import * as tf from '@tensorflow/tfjs';
import type { ModelEngine } from '../engine/model-engine';
import type { NamedBytes } from '../types';
import { DEFAULT_LEVELS } from './levels';
import { sweepUnits, type SweepUnit } from './shard';
import { runSweep, type SweepData } from './sweep';
import { runPool, type SweepRunner } from './sweep-pool';
import type { SensitivityRow, SweepOptions } from './types';

/** The options every unit of a pooled sweep shares (functions and the signal stay with the owner). */
export type UnitOptions = Omit<SweepOptions, 'tensors' | 'levels' | 'signal' | 'onRow' | 'onProgress' | 'onNote'>;

/** What one pool worker receives once: plain values, so it can be posted (copied) to a worker. */
export interface PoolHandoff {
  /** The dense model as its format's files. */
  files: NamedBytes[];
  x: Float32Array;
  shape: number[];
  /** int32 labels, or null for a label-free sweep */
  y: Int32Array | null;
  options: UnitOptions;
}

export interface StartedPool {
  runners: SweepRunner[];
  close(): Promise<void>;
}

/** Starts the pool's workers on a handoff; resolves once every worker holds the model and the data. */
export type StartPool = (handoff: PoolHandoff) => Promise<StartedPool>;

/** The same signature as runSweep: how the lab's sweep job evaluates its cells. */
export type SweepCells = (engine: ModelEngine, data: SweepData, opts: SweepOptions) => Promise<SensitivityRow[]>;

/** The handoff of a sweep on the model as it is now (call it while the dense weights are in place). */
export async function poolHandoff(engine: ModelEngine, data: SweepData, opts: SweepOptions): Promise<PoolHandoff> {
  if (data.x.dtype !== 'float32') throw new Error(`a pooled sweep needs float32 inputs; got ${data.x.dtype}`);
  const rows = opts.subset === undefined ? data.x.shape[0] : Math.min(opts.subset, data.x.shape[0]);
  const take = (t: tf.Tensor) => (rows === t.shape[0] ? t : t.slice(0, rows));
  const x = take(data.x);
  const y = data.y ? take(data.y) : null;
  try {
    const options: UnitOptions = { ...opts };
    for (const k of ['tensors', 'levels', 'signal', 'onRow', 'onProgress', 'onNote', 'subset'] as const)
      delete (options as Record<string, unknown>)[k];
    return {
      files: await engine.exportFiles(),
      x: (await x.data()) as Float32Array,
      shape: [...x.shape],
      y: y ? Int32Array.from(await y.data()) : null,
      options,
    };
  } finally {
    if (x !== data.x) x.dispose();
    if (y && y !== data.y) y.dispose();
  }
}

/** A pool worker's side: one unit swept on its own engine and data, rows in level order. */
export function sweepUnit(
  engine: ModelEngine,
  data: SweepData,
  options: UnitOptions,
  unit: SweepUnit,
  onRow: (row: SensitivityRow) => void,
  signal?: AbortSignal,
): Promise<SensitivityRow[]> {
  return runSweep(engine, data, { ...options, tensors: [unit.tensor], levels: unit.levels, onRow, signal });
}

/**
 * runSweep's cells on a pool: the handoff goes to `start`'s workers, units (one per tensor) to whichever
 * is free, rows out through opts.onRow in sweep order. Cancel (opts.signal) stops every worker and
 * rejects with CancelledError after the finished rows went out. The workers are closed in every case.
 */
export function pooledCells(start: StartPool): SweepCells {
  return async (engine, data, opts) => {
    const levels = opts.levels ?? DEFAULT_LEVELS;
    const units = sweepUnits(opts.tensors, levels);
    const pool = await start(await poolHandoff(engine, data, opts));
    const total = units.length * levels.length;
    let done = 0;
    try {
      return await runPool(units, pool.runners, {
        signal: opts.signal,
        onRow: (row) => {
          done++;
          opts.onRow?.(row);
          opts.onProgress?.({
            parameter: row.parameter,
            tensorIndex: opts.tensors.indexOf(row.parameter),
            tensorCount: opts.tensors.length,
            evaluationsDone: done,
            evaluationsTotal: total,
            phase: 'evaluate',
          });
        },
      });
    } finally {
      await pool.close();
    }
  };
}
