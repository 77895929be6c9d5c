// Sensitivity sweeps in the real app, per backend: wall time, evaluations/s, images/s, and the ratio
// sweep time / (evaluations x plain evaluation time). Slow backends run on a subset and say so.
import { runStoreSweep, runtimeOf, startLab, timePlanChange, waitReady } from './browser-lab';

const MODELS = ['lenet300', 'lenet5', 'vgg'];
const fmt = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

export async function benchSweepBrowser(): Promise<void> {
  const lab = await startLab(4176);
  try {
    console.log('model     backend  images  evals  sweep      evals/s  images/s  plain eval  ratio');
    for (const model of MODELS) {
      for (const backend of ['wasm', 'webgl', 'webgpu', 'cpu']) {
        const limit = backend === 'wasm' ? 2000 : backend === 'webgl' ? 500 : 100;
        const page = await lab.browser.newPage();
        try {
          await page.goto(`${lab.url}?model=${model}&backend=${backend}&limit=${limit}`);
          await waitReady(page);
          if ((await runtimeOf(page)).backend !== backend) continue;
          process.stderr.write(`  sweep ${model} on ${backend}…\n`);
          const tensor = await page.evaluate(() => (window as any).prunelab.getState().model.tensors[0].name);
          const plain = [await timePlanChange(page, tensor, 0.5), await timePlanChange(page, tensor, 0.6)];
          const plainMs = Math.min(...plain.map((p) => p.evalMs));
          await page.evaluate(() => (window as any).prunelab.getState().reset());
          await waitReady(page);
          const sweep = await runStoreSweep(page);
          const result = { ms: sweep.ms, evals: sweep.rows, images: sweep.images };
          const ratio = result.ms / (result.evals * plainMs);
          const evalsPerSecond = (result.evals / (result.ms / 1000)).toFixed(2).padStart(7);
          const imagesPerSecond = String(Math.round((result.evals * result.images) / (result.ms / 1000)));
          console.log(
            `${model.padEnd(9)} ${backend.padEnd(8)} ${String(result.images).padStart(6)}  ` +
              `${String(result.evals).padStart(5)}  ${fmt(result.ms).padEnd(9)}  ${evalsPerSecond}  ` +
              `${imagesPerSecond.padStart(8)}  ${fmt(plainMs).padEnd(10)}  ${ratio.toFixed(2)}`,
          );
        } catch (e) {
          console.log(`${model.padEnd(9)} ${backend.padEnd(8)} failed: ${(e as Error).message.split('\n')[0]}`);
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await lab.close();
  }
}

/**
 * The pool's shape, measured: the same wasm sweep (19 levels x every tensor) on 1 worker with every core
 * as its threads, and on one worker per core with 1 thread each; main-thread long tasks counted in both.
 * The app's default (DEFAULT_SWEEP_WORKERS) follows what wins.
 */
export async function benchSweepPool(
  models: [string, number][] = [
    ['lenet5', 2000],
    ['vgg', 500],
  ],
): Promise<void> {
  const lab = await startLab(4178);
  try {
    console.log('model     images  workers x threads  sweep     long tasks > 50 ms (longest)');
    for (const [model, limit] of models) {
      const page = await lab.browser.newPage();
      try {
        await page.goto(`${lab.url}?model=${model}&backend=wasm&limit=${limit}`);
        await waitReady(page);
        const { threads = 1 } = await runtimeOf(page);
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        const times: Record<string, number> = {};
        for (const workers of [1, cores]) {
          process.stderr.write(`  pooled sweep ${model}, ${workers} worker(s)…\n`);
          const sweep = await runStoreSweep(page, workers);
          const shape = workers === 1 ? `1 x ${threads}` : `${workers} x ${Math.max(1, Math.floor(threads / workers))}`;
          times[shape] = sweep.ms;
          console.log(
            `${model.padEnd(9)} ${String(sweep.images).padStart(6)}  ${shape.padEnd(17)}  ${fmt(sweep.ms).padEnd(8)}  ` +
              `${sweep.longTasks} (${sweep.longestTaskMs.toFixed(0)} ms)`,
          );
        }
        const [best] = Object.entries(times).sort((a, b) => a[1] - b[1]);
        console.log(`${model.padEnd(9)} wins: ${best[0]} (workers x threads)`);
      } catch (e) {
        console.log(`${model.padEnd(9)} failed: ${(e as Error).message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await lab.close();
  }
}
