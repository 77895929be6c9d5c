import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Lab, modelFile } from './lab';

test('a dropped model, its plan and a sweep come back after a reload; "Clear saved session" starts clean', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet5&limit=1000');
  await lab.drop([
    { name: 'model.json', path: modelFile('lenet300', 'model.json') },
    { name: 'weights.bin', path: modelFile('lenet300', 'weights.bin') },
  ]);
  await expect(page.getByTestId('layer-fc3/kernel')).toBeVisible();
  await lab.waitReady();
  await lab.setRange(lab.slider('fc1/kernel'), 0.5);
  await lab.waitFull();

  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0, 0.5');
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 1000' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 120_000 });

  // saving follows the work by itself
  const state = page.locator('.session-state');
  await expect(state).toHaveAttribute('data-state', 'saved');
  await page.waitForTimeout(1500);
  await expect(state).toHaveAttribute('data-state', 'saved');
  expect(page.url()).toContain('view=sensitivity');

  await page.reload();
  // the page opens where it was left: the sensitivity view
  await expect(page.getByTestId('active-backend')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Demo model' })).toContainText('model.json');
  await expect(page.getByRole('tab', { name: 'Sensitivity' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV (Distiller)' }).click(),
  ]);
  const rows = readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(rows.length).toBe(1 + 3 * 2); // header + 3 tensors x 2 levels
  await lab.shot('session-restored');
  await page.getByRole('tab', { name: 'Prune' }).click();
  await lab.waitReady();
  await expect(lab.slider('fc1/kernel')).toHaveValue('0.5');
  expect(await lab.metricNumber('Sparsity')).toBeGreaterThan(0);

  // forget it all: a clean lab, also after another reload
  await page.getByRole('button', { name: 'Clear saved session' }).click();
  await page.waitForURL((u) => u.search === '' && u.hash === '');
  const clean = async () => {
    await expect(page.getByTestId('active-backend')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue('lenet5');
    await expect(page.getByRole('tab', { name: 'Prune' })).toHaveAttribute('aria-selected', 'true');
    await expect(lab.slider('conv1/kernel')).toHaveValue('0');
    await expect(page.locator('.session-state')).toHaveAttribute('data-state', /idle|saved/);
  };
  await clean();
  await page.waitForTimeout(1000); // the clean lab is saved as the session now
  await page.reload();
  await clean();
  expect(page.url()).not.toContain('plan=');
});

test('a full storage quota is said once and the lab keeps working', async ({ page }) => {
  // every IndexedDB write fails as it does when the origin's quota is used up
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=500');
  await expect(page.locator('.session-state')).toHaveText('Not saved: storage full');
  await lab.setRange(lab.slider('fc1/kernel'), 0.5);
  await lab.waitFull();
  expect(await lab.metricNumber('Sparsity')).toBeGreaterThan(0);
  await page.waitForTimeout(1000); // the slider's change tried to save again
  await expect(page.getByText(/storage for this page is full/)).toHaveCount(1);
});
