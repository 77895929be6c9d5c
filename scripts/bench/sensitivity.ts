// Sensitivity sweep speed (Node, wasm): per demo model, an element sweep of every prunable tensor at
// the 19 default levels on the full 10k test set, run as the lab service's sweep job, against plain
// full-model evaluations measured in the same run. ratio = sweep time / (evaluations x one plain
// evaluation); the prefix trick (run only the layers from the swept tensor onward) is what brings it
// below 1.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { useCliBackend } from '../../src/cli/backend';
import { cliDataLoader, DEMO_MODELS, openCliLab, PUBLIC_DIR } from '../../src/cli/io';
import { evaluate } from '../../src/core/eval/evaluate';
import { DEFAULT_LEVELS } from '../../src/core/sensitivity';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSensitivity(models: readonly string[] = DEMO_MODELS): Promise<void> {
  await useCliBackend('wasm');
  let header = false;
  for (const id of models) {
    if (!existsSync(path.join(PUBLIC_DIR, 'models', id, 'model.json'))) {
      console.log(`${id.padEnd(9)} (not present)`);
      continue;
    }
    const { lab } = await openCliLab(`demo:${id}`);
    try {
      const { dataset } = await lab.loadData(cliDataLoader('demo'));
      if (!header) {
        console.log(
          `backend wasm (Node, 1 thread), ${dataset.n} test images, ${DEFAULT_LEVELS.length} levels, element group`,
        );
        console.log('model     tensors  evals  sweep     evals/s  images/s   plain eval  ratio');
        header = true;
      }
      const data = lab.labelled();
      if (!data) {
        console.log(`${id.padEnd(9)} data does not fit: ${lab.dataFitReason()}`);
        continue;
      }
      const { engine } = lab.current();
      const opts = { outputs: engine.outputs };
      await evaluate(engine, data, opts); // warm-up (kernels, allocations)
      const plain: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await evaluate(engine, data, opts);
        plain.push(performance.now() - t0);
      }
      const plainMs = median(plain);
      const tensors = engine.tensors.map((p) => p.name);
      const t0 = performance.now();
      const outcome = await lab.sweep({
        tensors,
        group: 'element',
        levels: [...DEFAULT_LEVELS],
        subset: null,
        minTop1: null,
      });
      const sweepMs = performance.now() - t0;
      if (outcome.status !== 'done') throw new Error(`${id}: the sweep ended ${outcome.status}`);
      const evals = outcome.result.rows.length;
      const ratio = sweepMs / (evals * plainMs);
      const imagesPerSecond = Math.round((evals * data.n) / (sweepMs / 1000));
      console.log(
        `${id.padEnd(9)} ${String(tensors.length).padStart(7)}  ${String(evals).padStart(5)}  ` +
          `${(sweepMs / 1000).toFixed(1).padStart(6)} s  ${(evals / (sweepMs / 1000)).toFixed(2).padStart(7)}  ` +
          `${String(imagesPerSecond).padStart(8)}   ${(plainMs / 1000).toFixed(3)} s    ${ratio.toFixed(2)}`,
      );
    } finally {
      lab.dispose();
    }
  }
}
