// One worker of a sweep pool: takes the lab's handoff once (the dense model's files, the evaluation
// inputs and labels), opens its own engine on its own tf.js backend, then sweeps the units it is sent,
// one at a time, posting each row as it finishes.
import * as tf from '@tensorflow/tfjs';
import './backends';
import './onnx-runtime';
import { openModelFiles } from '../core/engine/open-model';
import type { ModelEngine } from '../core/engine/model-engine';
import { sweepUnit, type PoolHandoff } from '../core/sensitivity/pooled-sweep';
import type { SweepData } from '../core/sensitivity/sweep';
import type { PoolRequest, PoolReply } from './sweep-pool';
import { configureThreads, wasmThreads } from './threads';

const post = (m: PoolReply) => self.postMessage(m);
let held: { engine: ModelEngine; data: SweepData; handoff: PoolHandoff } | null = null;

async function start(handoff: PoolHandoff, backend: string, workers: number): Promise<number> {
  configureThreads(workers);
  if (!(await tf.setBackend(backend))) throw new Error(`a sweep worker could not start the ${backend} backend`);
  await tf.ready();
  const threads = backend === 'wasm' ? wasmThreads() : 1;
  const { engine } = await openModelFiles(handoff.files);
  const x = tf.tensor(handoff.x, handoff.shape);
  const y = handoff.y ? tf.tensor1d(handoff.y, 'int32') : undefined;
  held = { engine, data: { x, y }, handoff };
  return threads;
}

self.onmessage = async (e: MessageEvent<PoolRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'init') {
      post({ type: 'ready', threads: await start(m.handoff, m.backend, m.workers) });
      return;
    }
    if (!held) throw new Error('a sweep worker got a unit before its model');
    await sweepUnit(held.engine, held.data, held.handoff.options, m.unit, (row) => post({ type: 'row', row }));
    post({ type: 'done' });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message ?? String(err) });
  }
};
