// The sensitivity sweep as a lab job: on the dense model (every mask lifted while it runs), rows
// streamed as they finish, label-free when the labels do not fit the model but its input does.
import { runSweep } from '../sensitivity';
import type { SweepCells } from '../sensitivity/pooled-sweep';
import type { LabContext } from './lab-context';
import { LabRefusal, outcomeOf, type JobOutcome } from './outcome';
import type { SensitivityRow, SweepEvent, SweepRequest, SweepResult } from './types';

export async function sweepJob(
  lab: LabContext,
  request: SweepRequest,
  signal: AbortSignal,
  onEvent: (e: SweepEvent) => void,
  /** how the cells are evaluated: here (runSweep) or spread over a pool (pooledCells) */
  cells: SweepCells = runSweep,
): Promise<JobOutcome<SweepResult, SweepResult>> {
  const rows: SensitivityRow[] = [];
  const t0 = performance.now();
  let n = 0;
  const result = () => ({ rows, ms: performance.now() - t0, n });
  return outcomeOf(async () => {
    const { engine, masked } = lab.current();
    if (request.tensors.length === 0) throw new LabRefusal('select at least one layer to sweep');
    const data = lab.inputs();
    if (!data) throw new LabRefusal(`the data does not fit the model: ${lab.dataFitReason()}`);
    let mode = request.mode;
    if (!data.labelsFit) {
      if (mode === 'labels') throw new LabRefusal(`the data does not fit the model: ${lab.dataFitReason()}`);
      if (mode === undefined)
        onEvent({
          type: 'note',
          text:
            `the labels do not fit the model (${lab.dataFitReason()}); measuring agreement with the ` +
            `dense model instead`,
        });
      mode = 'agreement';
    }
    mode ??= 'labels';
    n = Math.min(request.subset ?? data.n, data.n);
    await masked.withDenseWeights(() =>
      cells(engine, mode === 'labels' ? { x: data.x, y: data.y } : { x: data.x }, {
        tensors: request.tensors,
        group: request.group,
        levels: request.levels,
        subset: request.subset ?? undefined,
        convention: request.convention,
        filterSemantics: request.filterSemantics,
        earlyStop: request.minTop1 === null ? undefined : { minTop1: request.minTop1 },
        mode,
        signal,
        onRow: (row) => {
          rows.push(row);
          onEvent({ type: 'row', row });
        },
        onProgress: (p) =>
          onEvent({ type: 'progress', done: p.evaluationsDone, total: p.evaluationsTotal, tensor: p.parameter }),
        onNote: (text) => onEvent({ type: 'note', text }),
      }),
    );
    return result();
  }, result);
}
