import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { Lab } from './lab';

type Row = { parameter: string; sparsity: number; top1: number; top5: number; loss: number };

async function openSensitivity(lab: Lab, levels: string, images: string) {
  const page = lab.page;
  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill(levels);
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: images });
  return settings;
}

async function runAndExport(page: Page): Promise<Row[]> {
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 240_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV (Distiller)' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.split(/\r?\n/)[0]).toBe('parameter,sparsity,top1,top5,loss');
  return Papa.parse<Row>(text.trim(), { header: true, dynamicTyping: true }).data;
}

const at = (rows: Row[], parameter: string, sparsity: number) =>
  rows.find((r) => r.parameter === parameter && Math.abs(r.sparsity - sparsity) < 1e-9)!;

test(
  'LeNet-5 sweep: the fully-connected layers tolerate far more sparsity than the conv layers; the CLI writes the ' +
    'same CSV',
  async ({ page }) => {
    test.setTimeout(420_000);
    const lab = new Lab(page);
    await lab.open('?model=lenet5');
    await openSensitivity(lab, '0, 0.5, 0.9', 'first 1000');
    const rows = await runAndExport(page);
    expect(rows.length).toBe(4 * 3);
    const drop = (p: string) => at(rows, p, 0).top1 - at(rows, p, 0.9).top1;
    expect(drop('fc1/kernel')).toBeLessThan(drop('conv1/kernel') / 2);
    expect(drop('fc1/kernel')).toBeLessThan(drop('conv2/kernel') / 2);
    await page.getByRole('region', { name: 'Sensitivity curves' }).scrollIntoViewIfNeeded();
    await lab.shot('lenet5-sensitivity');

    // the same analysis from the command line, on the same images and levels
    const { runCli } = await import('../src/cli/main');
    let csv = '';
    const code = await runCli(['sensitivity', '--model', 'demo:lenet5', '--levels', '0,0.5,0.9', '--subset', '1000'], {
      out: (s: string) => (csv += `${s}\n`),
      err: () => undefined,
    });
    expect(code).toBe(0);
    const cli = Papa.parse<Row>(csv.trim(), { header: true, dynamicTyping: true }).data;
    expect(cli.length).toBe(rows.length);
    for (const r of rows) {
      const c = at(cli, r.parameter, r.sparsity);
      // identical within one test image of 1000 (0.1 pp)
      expect(Math.abs(c.top1 - r.top1), `${r.parameter} @ ${r.sparsity}`).toBeLessThanOrEqual(0.1 + 1e-9);
    }
  },
);

test('a sweep can be cancelled and keeps its finished rows; a bad level list is refused before anything runs', async ({
  page,
}) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  const settings = await openSensitivity(lab, '0.5:0.1:0.05', 'all');
  await expect(settings.getByRole('textbox', { name: 'Sparsity levels' })).toHaveAttribute('aria-invalid', 'true');
  await expect(settings.getByRole('button', { name: 'Run sensitivity analysis' })).toBeDisabled();
  await expect(settings).toContainText(/greater than stop/);
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0:0.9:0.05');
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/[1-9]\d* rows/, { timeout: 120_000 });
  await settings.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/cancelled, rows kept/, {
    timeout: 60_000,
  });
  const kept = await page.evaluate(
    () =>
      (window as unknown as { prunelab: { getState(): { runs: { rows: unknown[] }[] } } }).prunelab.getState().runs[0]
        .rows.length,
  );
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(57);
});

test('sweep rows agree across backends within one test image per level', async ({ page }) => {
  test.setTimeout(420_000);
  const lab = new Lab(page);
  const results: Record<string, Row[]> = {};
  for (const [i, backend] of ['wasm', 'webgl', 'cpu'].entries()) {
    if (i > 0) {
      // each backend starts from a clean lab: the saved session would bring the last sweep and view back
      await page.getByRole('button', { name: 'Clear saved session' }).click();
      await page.waitForURL((u) => u.search === '');
    }
    await lab.open(`?model=lenet300&backend=${backend}&limit=200`);
    await openSensitivity(lab, '0, 0.5, 0.9', 'all');
    results[backend] = await runAndExport(page);
  }
  for (const backend of ['webgl', 'cpu']) {
    for (const r of results.wasm) {
      const o = at(results[backend], r.parameter, r.sparsity);
      expect(Math.abs(o.top1 - r.top1), `${backend} ${r.parameter} @ ${r.sparsity}`).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  }
});
