// Files from the bad-input corpus (e2e/fixtures/bad) dropped on the page: each is refused with a
// notice that names the problem (the corpus's expected message), and the model and plan the user had
// stay as they were. NaN weights open, with a warning that names the tensor.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lab } from './lab';

const ROOT = 'e2e/fixtures/bad';
const expected = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as Record<
  string,
  { files: string[]; message: string; drop?: 'model' | 'data' }
>;
const REFUSED = [
  'deeply-nested-json',
  'truncated-shard',
  'dtype-lie-float16',
  'duplicate-tensor-names',
  'lambda-layer',
  'no-prunable-tensors',
  'truncated-onnx',
  'empty-h5',
  'idx-2gb-claim',
  'shape-2gb-claim',
  'npy-shape-lie',
  'zip-bomb-claim',
  'cifar-partial-record',
  'csv-text-feature',
];

const filesOf = (id: string) => expected[id].files.map((name) => ({ name, path: join(ROOT, id, name) }));

test('bad files are refused with a notice naming the problem; the model and plan stay', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=300');
  await lab.setRange(lab.slider('fc2/kernel'), 0.5);
  await expect(lab.slider('fc2/kernel')).toHaveValue('0.5');
  await expect(lab.metric('Sparsity')).not.toHaveText(/^0(\.0+)?%?$/);
  await lab.waitFull();
  const top1 = await lab.metricNumber('Top-1');

  for (const id of REFUSED) {
    await test.step(id, async () => {
      await lab.drop(filesOf(id));
      await expect(lab.alert()).toContainText(new RegExp(expected[id].message), { timeout: 60_000 });
      await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue('lenet300');
      await expect(lab.slider('fc2/kernel')).toHaveValue('0.5');
      expect(await lab.metricNumber('Top-1')).toBe(top1);
      await page.locator('.notice').getByRole('button').first().click();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }

  // this device's memory budget, set in the page: a model over it is refused from its manifest
  const budget = page.getByRole('spinbutton', { name: 'Memory budget for model weights (MiB)' });
  await budget.fill('1');
  await budget.press('Enter');
  await lab.drop(filesOf('over-memory-budget'));
  await expect(lab.alert()).toContainText(
    "its weights need 1.17 MiB as float32, more than this device's memory budget of 1 MiB",
    { timeout: 60_000 },
  );
  expect(await lab.metricNumber('Top-1')).toBe(top1);

  // NaN weights: the model opens, with a warning naming the tensor
  await lab.drop(filesOf('nan-weights'));
  await expect(page.getByRole('status').filter({ hasText: /fc\/kernel holds 4 NaN/ })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('layer-fc/kernel')).toBeVisible();
});
