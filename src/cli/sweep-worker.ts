// One worker thread of the CLI's sweep pool: opens the model and the data once, then sweeps the units
// the main thread sends, one at a time, posting each row as it finishes.
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepRequest } from '../core/lab/types';
import type { SweepUnit } from '../core/sensitivity/shard';
import { useCliBackend } from './backend';
import { cliDataLoader, openCliLab } from './io';

export interface SweepWorkerInit {
  model: string;
  data: string | undefined;
  backend: string | undefined;
  subset: number | undefined;
  /** The sweep request without tensors and levels, which each unit gives. */
  request: Omit<SweepRequest, 'tensors' | 'levels'>;
}

export type SweepWorkerMessage =
  | { type: 'ready' }
  | { type: 'row'; row: import('../core/sensitivity').SensitivityRow }
  | { type: 'note'; text: string }
  | { type: 'done' }
  | { type: 'error'; message: string };

const port = parentPort!;
const post = (m: SweepWorkerMessage) => port.postMessage(m);

async function main(init: SweepWorkerInit) {
  await useCliBackend(init.backend);
  const { lab, scaling } = await openCliLab(init.model);
  await lab.loadData(cliDataLoader(init.data));
  lab.setEvalSettings({ scaling, limit: init.subset ?? null });
  port.on('message', async (unit: SweepUnit) => {
    try {
      const outcome = await lab.sweep(
        { ...init.request, tensors: [unit.tensor], levels: unit.levels },
        undefined,
        (e) => {
          if (e.type === 'row') post({ type: 'row', row: e.row });
          else if (e.type === 'note') post({ type: 'note', text: e.text });
        },
      );
      if (outcome.status === 'refused') post({ type: 'error', message: outcome.reason });
      else post({ type: 'done' });
    } catch (e) {
      post({ type: 'error', message: (e as Error).message ?? String(e) });
    }
  });
  post({ type: 'ready' });
}

main(workerData as SweepWorkerInit).catch((e) => post({ type: 'error', message: (e as Error).message ?? String(e) }));
