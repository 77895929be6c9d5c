// npm run bench -- vs-pytorch: the LeNet-5 sweep (19 levels x 4 tensors, the 10k test set) and masked
// fine-tuning in PyTorch (vs_pytorch.py, Distiller-style: a full evaluation per cell, masks re-applied
// after each step), in PruneLab's CLI (Node, worker pool) and in the built app in headless Chromium
// (Auto backend, cross-origin isolated); prints the ratios, all measured in this one run.
import { availableParallelism } from 'node:os';
import { sensitivityCommand } from '../../src/cli/sensitivity';
import { runStoreSweep, runtimeOf, startLab, waitReady } from './browser-lab';
import { benchFinetune } from './finetune';
import { PYTHON, torchFigures } from './torch-side';

async function nodeSweepSeconds(workers: number): Promise<number> {
  const t0 = performance.now();
  await sensitivityCommand(['--model', 'demo:lenet5', '--workers', String(workers)], {
    out: () => {},
    err: () => {},
  });
  return (performance.now() - t0) / 1000;
}

interface BrowserSweep {
  seconds: number;
  rows: number;
  backend: string;
  threads: number;
  isolated: boolean;
  longTasks: number;
  longestTaskMs: number;
}

/**
 * The app's own sweep from the store, timed in the page, with the main thread's long tasks counted:
 * on the app's default pool, or on `workers` workers.
 */
async function browserSweep(workers?: number): Promise<BrowserSweep> {
  const lab = await startLab(4177);
  try {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.url}?model=lenet5`);
    await waitReady(page);
    const sweep = await runStoreSweep(page, workers);
    const runtime = await runtimeOf(page);
    return {
      seconds: sweep.ms / 1000,
      rows: sweep.rows,
      backend: runtime.backend,
      threads: runtime.threads ?? 1,
      isolated: await page.evaluate(() => self.crossOriginIsolated),
      longTasks: sweep.longTasks,
      longestTaskMs: sweep.longestTaskMs,
    };
  } finally {
    await lab.close();
  }
}

const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : 'n/a');

export async function benchVsPytorch(): Promise<void> {
  const torch = torchFigures();
  if (torch)
    console.log(
      `PyTorch (${torch.threads} threads): sweep ${torch.sweep_seconds?.toFixed(1)} s for ${torch.cells} cells ` +
        `(dense top1 ${torch.dense_top1?.toFixed(2)}), fine-tune ${torch.finetune_images_per_second.toFixed(0)} img/s`,
    );
  else console.log(`PyTorch: not available (${PYTHON} cannot import torch); PruneLab figures only`);
  const cores = availableParallelism();
  const pool = await nodeSweepSeconds(cores);
  const single = cores > 1 ? await nodeSweepSeconds(1) : pool;
  console.log(
    `PruneLab CLI sweep: ${cores} workers x 1 thread ${pool.toFixed(1)} s, 1 worker ${single.toFixed(1)} s ` +
      `(${pool <= single ? `${cores} workers win` : '1 worker wins'})`,
  );
  const pooled = await browserSweep(cores);
  const oneWorker = await browserSweep(1);
  const browser = pooled.seconds <= oneWorker.seconds ? pooled : oneWorker;
  for (const [what, b] of [
    [`${cores} workers x 1 thread`, pooled],
    ['1 worker x all threads', oneWorker],
  ] as const)
    console.log(
      `PruneLab browser sweep (${what}): ${b.seconds.toFixed(1)} s for ${b.rows} cells on ${b.backend} ` +
        `(lab worker x ${b.threads} thread(s)), cross-origin isolated ${b.isolated}; main-thread long tasks > 50 ms: ` +
        `${b.longTasks} (longest ${b.longestTaskMs.toFixed(0)} ms)`,
    );
  const [tune] = await benchFinetune({ backends: ['wasm'], models: ['lenet5'], images: 2000 });
  console.log(`PruneLab fine-tune (Node wasm, batch 64): ${tune.imagesPerSecond.toFixed(0)} img/s`);
  console.log('\nmeasure                                   ratio   goal');
  console.log(`browser sweep / PyTorch sweep             ${ratio(browser.seconds, torch?.sweep_seconds)}   <= 1.0`);
  console.log(
    `  (${cores} workers x 1 thread / 1 worker x all threads: ${ratio(pooled.seconds, torch?.sweep_seconds)} / ${ratio(oneWorker.seconds, torch?.sweep_seconds)})`,
  );
  console.log(
    `CLI sweep / PyTorch sweep                 ${ratio(Math.min(pool, single), torch?.sweep_seconds)}   <= 1.0`,
  );
  console.log(
    `fine-tune images/s, PruneLab / PyTorch    ${ratio(tune.imagesPerSecond, torch?.finetune_images_per_second)}   >= 0.5`,
  );
  console.log(`long tasks > 50 ms on the main thread      ${pooled.longTasks + oneWorker.longTasks}      0`);
}
