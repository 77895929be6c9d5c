// The built page runs under its Content Security Policy (no 'unsafe-eval', no remote origin) through a
// whole session: load, drop a TF.js model and an ONNX model, a sensitivity sweep, a schedule run (its
// training data fetched, its first batches trained, then cancelled), CSV exports. No
// request leaves the page's origin and the browser reports no policy violation.
import { expect, test } from '@playwright/test';
import { Lab, modelFile } from './lab';

test('under the CSP a session loads, drops, sweeps, runs a schedule and exports with no violation or off-origin request', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL!).origin;
  const offOrigin: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) offOrigin.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );

  const lab = new Lab(page);
  await lab.open('?limit=300');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toMatch(/https?:/);

  // an ONNX model (onnxruntime-web's wasm under the same policy)
  await lab.drop([{ name: 'mlp.onnx', path: 'src/core/engine/onnx/fixtures/mlp.onnx' }]);
  await expect(page.getByTestId('layer-fc1.weight')).toBeVisible({ timeout: 120_000 });
  await lab.waitReady();

  // a dropped TF.js layers model
  await lab.drop([
    { name: 'model.json', path: modelFile('lenet5', 'model.json') },
    { name: 'weights.bin', path: modelFile('lenet5', 'weights.bin') },
  ]);
  await expect(page.getByTestId('layer-conv1/kernel')).toBeVisible({ timeout: 120_000 });
  await lab.waitReady();

  // the sparsity summary export
  const [summary] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).first().click(),
  ]);
  expect(summary.suggestedFilename()).toBe('sparsity-summary.csv');

  // a short sweep and its export
  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0, 0.5');
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 200' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 120_000 });
  const [sweep] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV (Distiller)' }).click(),
  ]);
  expect(sweep.suggestedFilename()).toBe('sensitivity.csv');

  // a schedule run: the training subset is fetched and batches train, then it is cancelled
  await page.getByRole('tab', { name: 'Schedule' }).click();
  const editor = page.getByRole('region', { name: 'Pruning schedule' });
  await editor.getByRole('combobox', { name: 'Schedule type' }).selectOption({ label: 'One-shot' });
  await editor.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Run schedule' }).click();
  await expect(page.getByTestId('revived-after-remask')).toHaveText('0', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('schedule-run-status')).toHaveText(/cancelled|done/, { timeout: 120_000 });

  expect(offOrigin).toEqual([]);
  expect(violations).toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
