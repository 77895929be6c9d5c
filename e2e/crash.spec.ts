// Crash injection: the compute worker is killed in the middle of a sweep, a thinning and a schedule
// run, and loses its GPU device during a sweep. Each time the lab restarts it, restores the model and
// the plan, keeps what had finished, and a notice says what was lost.
import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

type Store = {
  getState(): {
    runs: { status: string; rows: unknown[] }[];
    run: { status: string; adoptedStep: number | null; batch: unknown } | null;
    checkpointWeights: Record<number, unknown>;
    adoptedWeights: unknown;
    inspectJob: string | null;
    plan: { tensors: Record<string, unknown> };
    workerStatus: string;
    sparsity: { total: { sparsity: number } } | null;
    notices: { id: number }[];
    dismiss(id: number): void;
    crashWorkerForTest(kind: string): void;
    setMethod(name: string, method: unknown): void;
    startSweep(request: unknown): Promise<void>;
    startScheduleRun(): Promise<void>;
    thinModel(): Promise<void>;
  };
};
/** What the checks read from the store, as plain values. */
const snapshot = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { prunelab: Store }).prunelab.getState();
    return {
      runs: s.runs.map((r) => ({ status: r.status, rows: r.rows.length })),
      run: s.run && { status: s.run.status, step: s.run.adoptedStep, training: s.run.batch != null },
      checkpointSteps: Object.keys(s.checkpointWeights).map(Number),
      inspectJob: s.inspectJob,
      plan: s.plan.tensors,
      sparsity: s.sparsity?.total.sparsity ?? null,
    };
  });
type Snapshot = Awaited<ReturnType<typeof snapshot>>;
const state = async <T>(page: Page, read: (s: Snapshot) => T): Promise<T> => read(await snapshot(page));

/** Clears the notices (the page shows the last five), then stops the worker the way `kind` says. */
const crash = (page: Page, kind: 'kill' | 'device-lost') =>
  page.evaluate((kind) => {
    const s = (window as unknown as { prunelab: Store }).prunelab.getState();
    for (const n of s.notices) s.dismiss(n.id);
    s.crashWorkerForTest(kind);
  }, kind);

async function restarted(page: Page, lab: Lab) {
  const restored = page.getByRole('status').filter({ hasText: 'your model and plan were restored' });
  await expect(restored).toHaveCount(1, { timeout: 120_000 });
  await lab.waitFull();
}

const sweep = (page: Page) =>
  page.evaluate(() => {
    void (window as unknown as { prunelab: Store }).prunelab.getState().startSweep({
      tensors: ['conv1/kernel', 'conv2/kernel', 'fc1/kernel'],
      levels: [0, 0.3, 0.6, 0.9],
      group: 'element',
      subset: 200,
      minTop1: null,
    });
  });

test('a killed worker or a lost device restarts with the model, the plan and every finished row', async ({ page }) => {
  test.setTimeout(300_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet5&backend=wasm&limit=300');
  await page.evaluate(() =>
    (window as unknown as { prunelab: Store }).prunelab
      .getState()
      .setMethod('conv2/kernel', { kind: 'level', sparsity: 0.5 }),
  );
  await lab.waitFull();
  const top1 = await lab.metricNumber('Top-1');

  // 1. killed in the middle of a sweep: the rows already in the store stay, the cell being measured is lost
  await sweep(page);
  await expect.poll(() => state(page, (s) => s.runs[0].rows), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  const rowsAtKill = await state(page, (s) => s.runs[0].rows);
  await crash(page, 'kill');
  await restarted(page, lab);
  expect(await state(page, (s) => s.runs[0].status)).toBe('cancelled');
  expect(await state(page, (s) => s.runs[0].rows)).toBeGreaterThanOrEqual(rowsAtKill);
  await expect(
    page.getByRole('status').filter({ hasText: /finished rows are kept; lost: the cell being measured/ }),
  ).toBeVisible();
  expect(await state(page, (s) => s.plan['conv2/kernel'])).toEqual({ kind: 'level', sparsity: 0.5 });
  expect(await lab.metricNumber('Top-1')).toBe(top1);

  // 2. the GPU device lost during a sweep (the worker's device-loss notice): the same
  await sweep(page);
  await expect.poll(() => state(page, (s) => s.runs[1]?.rows ?? 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await crash(page, 'device-lost');
  await restarted(page, lab);
  await expect(page.getByRole('status').filter({ hasText: /lost its GPU device/ })).toBeVisible();
  expect(await state(page, (s) => s.runs[1].status)).toBe('cancelled');
  expect(await state(page, (s) => s.runs[1].rows)).toBeGreaterThanOrEqual(1);

  // 3. killed in the middle of a thinning: back to the masked model
  await page.evaluate(() =>
    (window as unknown as { prunelab: Store }).prunelab.getState().setMethod('conv1/kernel', {
      kind: 'structured',
      group: 'filters',
      sparsity: 0.5,
      norm: 'l1',
    }),
  );
  await lab.waitFull();
  const masked = await lab.metricNumber('Top-1');
  await page.evaluate(() => {
    const s = (window as unknown as { prunelab: Store }).prunelab.getState();
    for (const n of s.notices) s.dismiss(n.id);
    void s.thinModel();
    s.crashWorkerForTest('kill');
  });
  await restarted(page, lab);
  await expect(
    page.getByRole('status').filter({ hasText: /Thinning stopped .* the masked model again/ }),
  ).toBeVisible();
  expect(await state(page, (s) => s.inspectJob)).toBeNull();
  expect(await lab.metricNumber('Top-1')).toBe(masked);
  await lab.shot('crash-restored');
});

test('a worker killed during a schedule run restores the run’s last checkpoint', async ({ page }) => {
  test.setTimeout(300_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&backend=wasm&limit=300');
  await page.evaluate(() => void (window as unknown as { prunelab: Store }).prunelab.getState().startScheduleRun());
  // the start and the first pruning are checkpoints; then training batches run
  await expect
    .poll(() => state(page, (s) => s.checkpointSteps.length > 1 && s.run?.training === true), {
      timeout: 180_000,
    })
    .toBe(true);
  const step = await state(page, (s) => Math.max(...s.checkpointSteps));
  await crash(page, 'kill');
  await restarted(page, lab);
  expect(await state(page, (s) => s.run && { status: s.run.status, step: s.run.step })).toEqual({
    status: 'cancelled',
    step,
  });
  await expect(
    page.getByRole('status').filter({ hasText: `The model holds its last checkpoint (step ${step}` }),
  ).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `fine-tuned weights of step ${step}` })).toBeVisible();
  // the checkpoint after the first pruning holds zeros: the restarted worker's dense model has them
  expect(await state(page, (s) => s.sparsity ?? 0)).toBeGreaterThan(0.01);
});

test('a destroyed WebGPU device is reported by device.lost and the lab goes on on WebAssembly', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&backend=webgpu&limit=64');
  await expect(page.getByTestId('active-backend')).toHaveText('webgpu');
  await page.evaluate(() =>
    (window as unknown as { prunelab: Store }).prunelab
      .getState()
      .setMethod('fc1/kernel', { kind: 'level', sparsity: 0.7 }),
  );
  await lab.waitFull();
  // the worker destroys its real GPUDevice: the loss comes through device.lost, not a posted test notice
  await crash(page, 'device-lost');
  await restarted(page, lab);
  await expect(page.getByRole('status').filter({ hasText: /lost its GPU device \(.*destroy/i })).toBeVisible();
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  expect(await state(page, (s) => s.plan['fc1/kernel'])).toEqual({ kind: 'level', sparsity: 0.7 });
});
