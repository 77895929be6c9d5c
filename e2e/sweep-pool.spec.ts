import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

type Row = { parameter: string; sparsity: number; top1: number; top5: number; loss: number; n: number };
type Run = { status: string; rows: Row[]; notes: string[] };
interface Store {
  getState(): {
    model: { tensors: { name: string }[] };
    runs: Run[];
    startSweep(request: object): Promise<void>;
    cancelSweep(): void;
  };
}

const LEVELS = [0, 0.3, 0.6, 0.9];

/** A sweep of every LeNet-5 tensor through the store, on `workers` workers; resolves with the run. */
function sweep(page: Page, workers: number): Promise<Run> {
  return page.evaluate(
    async ({ workers, levels }) => {
      const store = (window as unknown as { prunelab: Store }).prunelab;
      const s = store.getState();
      await s.startSweep({
        tensors: s.model.tensors.map((t) => t.name),
        group: 'element',
        levels,
        subset: null,
        minTop1: null,
        mode: 'labels',
        workers,
      });
      const run = store.getState().runs.at(-1)!;
      return { status: run.status, rows: run.rows, notes: run.notes };
    },
    { workers, levels: LEVELS },
  );
}

test('a sweep on a pool of 2 workers gives exactly the rows of one worker; cancel keeps the finished rows', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet5&backend=wasm&limit=500');

  const single = await sweep(page, 1);
  expect(single.status).toBe('done');
  expect(single.rows.length).toBe(4 * LEVELS.length);
  const pooled = await sweep(page, 2);
  expect(pooled.status).toBe('done');
  expect(pooled.notes.join(' ')).toMatch(/spread over 2 workers/);
  // same cells, same order, same figures (each worker runs the same kernels on the same images)
  expect(pooled.rows).toEqual(single.rows);

  // cancel once the first rows are in: every worker stops, the finished rows stay, in sweep order
  const started = sweep(page, 2);
  await page.waitForFunction(
    () => ((window as unknown as { prunelab: Store }).prunelab.getState().runs.at(-1)?.rows.length ?? 0) >= 3,
  );
  await page.evaluate(() => (window as unknown as { prunelab: Store }).prunelab.getState().cancelSweep());
  const cancelled = await started;
  expect(cancelled.status).toBe('cancelled');
  expect(cancelled.rows.length).toBeGreaterThanOrEqual(3);
  expect(cancelled.rows.length).toBeLessThan(single.rows.length);
  const at = cancelled.rows.map((r) =>
    single.rows.findIndex((s) => s.parameter === r.parameter && s.sparsity === r.sparsity),
  );
  expect(at.every((i, j) => i >= 0 && (j === 0 || i > at[j - 1]))).toBe(true);
  expect(cancelled.rows).toEqual(at.map((i) => single.rows[i]));
});
