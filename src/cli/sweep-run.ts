// Runs a CLI sweep's units in this process or on a pool of worker threads; rows come back in sweep
// order either way.
import { CancelledError } from '../core/eval/evaluate';
import type { LabService } from '../core/lab/lab-service';
import type { SensitivityRow } from '../core/sensitivity';
import type { SweepUnit } from '../core/sensitivity/shard';
import { runPool, type SweepRunner } from '../core/sensitivity/sweep-pool';
import { CliError } from './errors';
import { startSweepPool } from './sweep-pool';
import type { SweepWorkerInit } from './sweep-worker';

/** The lab of this process as a pool's one runner. */
function labRunner(lab: LabService, request: SweepWorkerInit['request'], onNote: (t: string) => void): SweepRunner {
  return {
    async run(unit, onRow, signal) {
      const outcome = await lab.sweep({ ...request, tensors: [unit.tensor], levels: unit.levels }, signal, (e) => {
        if (e.type === 'row') onRow(e.row);
        else if (e.type === 'note') onNote(e.text);
      });
      if (outcome.status === 'refused') throw new CliError(outcome.reason, 2);
      if (outcome.status === 'cancelled') throw new CancelledError();
    },
  };
}

export interface SweepRun {
  units: readonly SweepUnit[];
  workers: number;
  init: SweepWorkerInit;
  onRow: (row: SensitivityRow) => void;
  onNote: (text: string) => void;
}

/**
 * Sweeps `units`: in `lab` with one worker, else on a pool of worker threads (each opens the model
 * and the data itself). Units of whole tensors keep the prefix reuse inside each worker.
 */
export async function runSweepUnits(lab: LabService, run: SweepRun): Promise<SensitivityRow[]> {
  if (run.workers <= 1) return runPool(run.units, [labRunner(lab, run.init.request, run.onNote)], { onRow: run.onRow });
  const pool = await startSweepPool(Math.min(run.workers, run.units.length), run.init, run.onNote);
  try {
    return await runPool(run.units, pool.runners, { onRow: run.onRow });
  } finally {
    await pool.close();
  }
}
