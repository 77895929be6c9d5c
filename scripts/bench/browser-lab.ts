// Drives the built lab in headless Chromium for benchmarks: serves dist/, opens pages, reads the store.
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium-args';

export async function startLab(
  port = 4175,
  extraArgs: string[] = [],
): Promise<{ url: string; browser: Browser; close(): Promise<void> }> {
  if (!existsSync('dist/index.html') || process.env.BENCH_REBUILD) await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
  return {
    url: `http://127.0.0.1:${port}/`,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    },
  };
}

/** Waits until the lab has its runtime, model and dense figure (or an error notice). */
export async function waitReady(page: Page, timeoutMs = 600_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = (window as any).prunelab?.getState();
      if (!s) return false;
      if (s.workerStatus === 'failed') throw new Error(s.notices.map((n: any) => n.text).join('; '));
      return (
        s.workerStatus === 'ready' && s.evaluating === null && (s.baseline !== null || s.model?.dataFit?.fits === false)
      );
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}

export interface PlanTiming {
  quickMs: number | null;
  fullMs: number;
  /** the worker's own evaluation time of the full figure */
  evalMs: number;
  images: number;
}

/** Changes one tensor's sparsity as the slider does and times the quick and full figures. */
export async function timePlanChange(page: Page, tensor: string, sparsity: number): Promise<PlanTiming> {
  return page.evaluate(
    ({ tensor, sparsity }) =>
      new Promise<PlanTiming>((resolve, reject) => {
        const store = (window as any).prunelab;
        let quickMs: number | null = null;
        const before = store.getState();
        const t0 = performance.now();
        const unsub = store.subscribe((s: any) => {
          if (s.quick && s.quick !== before.quick && quickMs === null) quickMs = performance.now() - t0;
          if (s.full && s.full !== before.full) {
            unsub();
            resolve({ quickMs, fullMs: performance.now() - t0, evalMs: s.full.ms, images: s.full.metrics.n });
          }
          if (s.workerStatus === 'failed') reject(new Error('lab failed'));
        });
        store.getState().setMethod(tensor, { kind: 'level', sparsity });
      }),
    { tensor, sparsity },
  );
}

export async function runtimeOf(page: Page) {
  return page.evaluate(() => (window as any).prunelab.getState().runtime);
}

export async function firstTensor(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).prunelab.getState().model.tensors[0].name);
}

export interface StoreSweep {
  ms: number;
  /** finished (tensor, level) cells */
  rows: number;
  /** images per evaluation */
  images: number;
  /** main-thread long tasks over 50 ms during the sweep (PerformanceObserver) */
  longTasks: number;
  longestTaskMs: number;
}

/** The app's own element sweep of every tensor at 0, 5, ..., 90 %, started from the store and timed in the page. */
/** `workers`: the sweep's pool size (absent: the app's default). */
export async function runStoreSweep(page: Page, workers?: number): Promise<StoreSweep> {
  return page.evaluate(async (workers) => {
    const store = (window as any).prunelab;
    const s = store.getState();
    const long: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 50) long.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const levels = Array.from({ length: 19 }, (_, i) => Math.round(i * 5) / 100);
    const t0 = performance.now();
    await s.startSweep({
      tensors: s.model.tensors.map((t: any) => t.name),
      group: 'element',
      levels,
      subset: null,
      minTop1: null,
      mode: 'labels',
      ...(workers === undefined ? {} : { workers }),
    });
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100)); // lets the last long-task entries arrive
    observer.disconnect();
    const run = store.getState().runs.at(-1);
    return {
      ms,
      rows: run.rows.length,
      images: run.rows[0]?.n ?? 0,
      longTasks: long.length,
      longestTaskMs: Math.max(0, ...long),
    };
  }, workers);
}
