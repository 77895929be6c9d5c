// A long class session, driven through the page's store and its sliders: plan changes, sweeps
// started and cancelled, schedule runs paused, resumed and cancelled, model switches (demo, another
// demo, a dropped model, back). Shared by e2e/soak.spec.ts (reduced counts) and the bench (full counts).
import type { Page } from '@playwright/test';
import type { WorkerMemory } from '../src/worker/protocol';

export interface SoakCounts {
  /** slider moves and plan changes */
  moves: number;
  sweeps: number;
  /** schedule runs, each paused, resumed and cancelled */
  runs: number;
  /** rounds of model switches: another demo, a dropped model, back to the demo */
  switches: number;
}

export const FULL_SOAK: SoakCounts = { moves: 1000, sweeps: 20, runs: 5, switches: 3 };

/**
 * Chromium flags for the heap figure. Chromium 156 gives a dedicated worker neither performance.memory
 * nor measureUserAgentSpecificMemory(); the page's measureUserAgentSpecificMemory() (cross-origin
 * isolated pages only) measures every realm of the page, the worker's among them, attributed to
 * scope 'DedicatedWorkerGlobalScope'. ForceEagerMeasureMemory makes it answer at once instead of at
 * the next natural garbage collection; --expose-gc lets the worker collect before the reading.
 */
export const SOAK_BROWSER_ARGS = [
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

/** The worker's tensors, and its JS heap as the page measures it (null where the browser cannot). */
export interface SoakMemory extends WorkerMemory {
  /** bytes attributed to the lab worker by the page's measureUserAgentSpecificMemory() */
  workerHeapBytes: number | null;
}

export interface SoakResult {
  counts: SoakCounts;
  before: SoakMemory;
  after: SoakMemory;
  ms: number;
}

/** Warms every path once (caches, compiled kernels, the training subset), then measures, soaks, measures. */
export async function soakSession(page: Page, counts: SoakCounts): Promise<SoakResult> {
  await soakRound(page, { moves: 10, sweeps: 1, runs: 1, switches: 1 });
  const before = await settledMemory(page);
  const t0 = Date.now();
  await soakRound(page, counts);
  const ms = Date.now() - t0;
  const after = await settledMemory(page);
  return { counts, before, after, ms };
}

async function soakRound(page: Page, counts: SoakCounts): Promise<void> {
  await planMoves(page, counts.moves);
  await idle(page);
  await sweepsCancelled(page, counts.sweeps);
  await idle(page);
  await runsPausedAndCancelled(page, counts.runs);
  await idle(page);
  for (let i = 0; i < counts.switches; i++) await switchModels(page);
  await idle(page);
}

/** Waits until nothing runs: the worker ready, no evaluation, sweep, run or inspect job. */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const s = (window as any).prunelab.getState();
      if (s.workerStatus === 'failed') throw new Error('the lab failed');
      return (
        s.workerStatus === 'ready' &&
        s.evaluating === null &&
        s.opening === null &&
        s.inspectJob === null &&
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        !s.runs.some((r: any) => r.status === 'running') &&
        !(s.run && (s.run.status === 'running' || s.run.status === 'paused'))
      );
    },
    undefined,
    { timeout: 180_000, polling: 100 },
  );
}

/** Two readings after the lab is idle: the first lets late frees land, the second is the figure. */
async function settledMemory(page: Page): Promise<SoakMemory> {
  await idle(page);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await page.evaluate(() => (window as any).prunelab.getState().workerMemory());
  await page.waitForTimeout(500);
  return page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const worker = (await (window as any).prunelab.getState().workerMemory()) as WorkerMemory;
    type Measured = { breakdown: { bytes: number; attribution: { scope: string }[] }[] };
    const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<Measured> })
      .measureUserAgentSpecificMemory;
    if (!measure || !crossOriginIsolated) return { ...worker, workerHeapBytes: null };
    const result = await measure.call(performance);
    const workerHeapBytes = result.breakdown
      .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
      .reduce((sum, b) => sum + b.bytes, 0);
    return { ...worker, workerHeapBytes };
  });
}

/** Half the moves drag a slider (an input event, as a drag does), half change a tensor's method in the store. */
function planMoves(page: Page, moves: number): Promise<void> {
  return page.evaluate(async (moves) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const store = (window as any).prunelab;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const methods = [
      (s: number) => ({ kind: 'level', sparsity: s }),
      (s: number) => ({ kind: 'magnitude', threshold: s / 10 }),
      (s: number) => ({ kind: 'remaining', amounts: [s / 2, s / 2] }),
    ];
    for (let i = 0; i < moves; i++) {
      const s = ((i * 37) % 90) / 100;
      const sliders = [...document.querySelectorAll<HTMLInputElement>('input[type=range][aria-label^="Sparsity of"]')];
      if (i % 2 === 0 && sliders.length) {
        const slider = sliders[i % sliders.length];
        setter.call(slider, String(s));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        const tensors = store.getState().model.tensors;
        store.getState().setMethod(tensors[i % tensors.length].name, methods[i % methods.length](s));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }, moves);
}

function sweepsCancelled(page: Page, sweeps: number): Promise<void> {
  return page.evaluate(async (sweeps) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const store = (window as any).prunelab;
    for (let i = 0; i < sweeps; i++) {
      const tensors = store
        .getState()
        .model.tensors.slice(0, 2)
        .map((t: { name: string }) => t.name);
      const done = store
        .getState()
        .startSweep({ tensors, levels: [0, 0.5, 0.9], group: 'element', subset: 200, minTop1: null });
      await new Promise((r) => setTimeout(r, 100 + (i % 3) * 150));
      store.getState().cancelSweep();
      await done;
    }
  }, sweeps);
}

function runsPausedAndCancelled(page: Page, runs: number): Promise<void> {
  return page.evaluate(async (runs) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const store = (window as any).prunelab;
    // no named helper here: the bench's loader (tsx) would wrap it in a __name() call the page lacks
    for (let i = 0; i < runs; i++) {
      const done = store.getState().startScheduleRun();
      for (let t = 0; t < 1200 && !(store.getState().run?.batch || store.getState().run?.status !== 'running'); t++)
        await new Promise((r) => setTimeout(r, 50));
      store.getState().pauseRun();
      await new Promise((r) => setTimeout(r, 200));
      store.getState().resumeRun();
      await new Promise((r) => setTimeout(r, 200));
      store.getState().cancelRun();
      await done;
    }
  }, runs);
}

/** Another demo, then the first demo's files dropped, then the demo again. */
async function switchModels(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const store = (window as any).prunelab;
    await store.getState().selectDemo('lenet5');
    const files = await Promise.all(
      ['model.json', 'weights.bin'].map(async (name) => ({
        name,
        bytes: await (await fetch(`models/lenet300/${name}`)).arrayBuffer(),
      })),
    );
    await store.getState().openFiles(files);
    await store.getState().selectDemo('lenet300');
  });
}
