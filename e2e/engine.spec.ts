import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { Lab } from './lab';

test('filter pruning removes a channel everywhere; the thinned model is smaller, agrees, and downloads', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new Lab(page);
  await lab.open('?model=vgg');
  await page.getByRole('combobox', { name: 'Method of conv2/kernel' }).selectOption('filters');
  await lab.setRange(lab.slider('conv2/kernel'), 0.5);
  await lab.waitFull();
  // half of conv2's 32 filters are gone, and so are the matching input channels of conv3
  await expect(page.getByTestId('layer-conv2/kernel').getByTestId('density')).toHaveText('50.0%');
  await expect(page.getByTestId('layer-conv3/kernel').getByTestId('density')).toHaveText('50.0%');

  await page.getByRole('tab', { name: 'Masks' }).click();
  await page.getByRole('combobox', { name: 'Tensor to show' }).selectOption('conv2/kernel');
  await expect(page.getByRole('img', { name: /Mask of conv2\/kernel: .* 2,304 of 4,608 weights kept/ })).toBeVisible();
  await lab.shot('vgg-filters-mask');

  await page.getByRole('tab', { name: 'Cost' }).click();
  await page.getByRole('button', { name: 'Thin & verify' }).click();
  const thinned = page.getByRole('region', { name: 'Thinned model' });
  await expect(thinned).toContainText('conv2: 16', { timeout: 120_000 });
  await expect(thinned).toContainText('108,266 →');
  const diffText = (await thinned.locator('dd .mono').first().textContent()) ?? '';
  const maxDiff = diffText.startsWith('0 ') ? 0 : Number(diffText);
  expect(maxDiff).toBeLessThanOrEqual(1e-5);
  await lab.shot('vgg-thinned');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    thinned.getByRole('button', { name: 'Download thinned model' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('model.json');
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const conv2 = json.modelTopology.config.layers.find((l: { config: { name: string } }) => l.config.name === 'conv2');
  expect(conv2.config.filters).toBe(16);
});

test('the sparsity summary has Distiller columns and exports as CSV', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await lab.setRange(lab.slider('fc1/kernel'), 0.9);
  await lab.waitFull();
  await page.getByRole('tab', { name: 'Sparsity summary' }).click();
  const table = page.getByRole('region', { name: 'Inspect the pruned model' }).getByRole('tabpanel');
  await expect(table.getByRole('row', { name: /fc1\/kernel/ })).toContainText('90.00');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.split(/\r?\n/)[0]).toBe(
    'Name,Shape,NNZ (dense),NNZ (sparse),Cols (%),Rows (%),Ch (%),2D (%),3D (%),Fine (%),Std,Mean,Abs-Mean',
  );
  const rows = Papa.parse<string[]>(text.trim()).data;
  const fc1 = rows.find((r) => r[0] === 'fc1/kernel')!;
  expect(Number(fc1[2])).toBe(400000);
  expect(Number(fc1[3])).toBe(40000);
  expect(Number(fc1[9])).toBeCloseTo(90, 2);
  expect(rows.at(-1)![0]).toBe('Total sparsity:');
});

test('a structure the model cannot lose is refused with the reason, and the plan stays as it was', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  await lab.setRange(lab.slider('fc1/kernel'), 0.3);
  await lab.waitFull();
  const top1 = await lab.metricNumber('Top-1');
  await page.getByRole('combobox', { name: 'Method of fc3/kernel' }).selectOption('filters');
  await lab.setRange(lab.slider('fc3/kernel'), 0.5);
  await expect(lab.alert()).toContainText(/Not applied: .*fc3/);
  await lab.waitFull();
  await expect(page.getByTestId('layer-fc3/kernel').getByTestId('density')).toHaveText('100.0%');
  expect(await lab.metricNumber('Top-1')).toBe(top1);
});
