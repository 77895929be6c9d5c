// Sensitivity sweep speed (Node, wasm): per demo model, an element sweep of every prunable tensor at
// the 19 default levels on the full 10k test set, against plain full-model evaluations measured in
// the same run. ratio = sweep time / (evaluations x one plain evaluation); the prefix trick (run
// only the layers from the swept tensor onward) is what brings it below 1.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useCliBackend } from '../../src/cli/backend';
import { evalTensors } from '../../src/cli/evaluation';
import { DEMO_MODELS, loadCliData, loadCliModel, PUBLIC_DIR } from '../../src/cli/io';
import { evaluate } from '../../src/core/eval/evaluate';
import { prunableTensors } from '../../src/core/engine/tfjs-layers/model-introspect';
import { DEFAULT_LEVELS, runSweep } from '../../src/core/sensitivity';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSensitivity(models: readonly string[] = DEMO_MODELS): Promise<void> {
  await useCliBackend('wasm');
  const data = await loadCliData('demo');
  console.log(`backend wasm (Node, 1 thread), ${data.n} test images, ${DEFAULT_LEVELS.length} levels, element group`);
  console.log('model     tensors  evals  sweep     evals/s  images/s   plain eval  ratio');
  for (const id of models) {
    if (!existsSync(path.join(PUBLIC_DIR, 'models', id, 'model.json'))) {
      console.log(`${id.padEnd(9)} (not present)`);
      continue;
    }
    const { model, scaling } = await loadCliModel(`demo:${id}`);
    const t = evalTensors(model, data, scaling);
    if ('reason' in t) {
      console.log(`${id.padEnd(9)} data does not fit: ${t.reason}`);
      model.dispose();
      continue;
    }
    try {
      await evaluate(model, t); // warm-up (kernels, allocations)
      const plain: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await evaluate(model, t);
        plain.push(performance.now() - t0);
      }
      const plainMs = median(plain);
      const tensors = prunableTensors(model).map((p) => p.name);
      const t0 = performance.now();
      const rows = await runSweep(model, t, { tensors, levels: DEFAULT_LEVELS });
      const sweepMs = performance.now() - t0;
      const ratio = sweepMs / (rows.length * plainMs);
      console.log(
        `${id.padEnd(9)} ${String(tensors.length).padStart(7)}  ${String(rows.length).padStart(5)}  ${(sweepMs / 1000).toFixed(1).padStart(6)} s  ${(rows.length / (sweepMs / 1000)).toFixed(2).padStart(7)}  ${Math.round(
          (rows.length * data.n) / (sweepMs / 1000),
        )
          .toString()
          .padStart(8)}   ${(plainMs / 1000).toFixed(3)} s    ${ratio.toFixed(2)}`,
      );
    } finally {
      tf.dispose([t.x, t.y]);
      model.dispose();
    }
  }
}
