import { expect, test } from '@playwright/test';
import { Lab } from './lab';

const DEMOS = [
  { id: 'lenet300', first: 'fc1/kernel', minTop1: 88 },
  { id: 'lenet5', first: 'conv1/kernel', minTop1: 90 },
  { id: 'vgg', first: 'conv1/kernel', minTop1: 91 },
];

for (const demo of DEMOS) {
  test(`${demo.id}: loads, shows its accuracy, and a layer's slider updates accuracy and sparsity`, async ({
    page,
  }) => {
    const lab = new Lab(page);
    await lab.open(`?model=${demo.id}`);
    await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue(demo.id);
    const dense = await lab.metricNumber('Top-1');
    expect(dense).toBeGreaterThanOrEqual(demo.minTop1);
    expect(await lab.metricNumber('Sparsity')).toBe(0);
    await expect(page.getByTestId(`layer-${demo.first}`)).toBeVisible();
    await lab.shot(`${demo.id}-dense`);

    await lab.setRange(lab.slider(demo.first), 0.95);
    await lab.waitFull();
    const sparsity = await lab.metricNumber('Sparsity');
    expect(sparsity).toBeGreaterThan(0);
    await expect(page.getByTestId(`layer-${demo.first}`).getByTestId('density')).toHaveText(/^5\.\d%$|^4\.\d%$/);
    const pruned = await lab.metricNumber('Top-1');
    expect(pruned).not.toBe(dense);
    await expect(page.getByRole('group', { name: 'Top-1' })).toContainText('vs dense');
    await lab.shot(`${demo.id}-pruned`);

    await page.getByRole('button', { name: 'Undo' }).click();
    await lab.waitFull();
    expect(await lab.metricNumber('Sparsity')).toBe(0);
    expect(await lab.metricNumber('Top-1')).toBe(dense);
  });
}

test('prune all layers to 80%, then reset restores the dense model', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  const dense = await lab.metricNumber('Top-1');
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.8);
  await page.getByRole('button', { name: 'Prune all' }).click();
  await lab.waitFull();
  expect(await lab.metricNumber('Sparsity')).toBeCloseTo(80, 0);
  await page.getByRole('button', { name: 'Reset to dense' }).click();
  await lab.waitFull();
  expect(await lab.metricNumber('Top-1')).toBe(dense);
  expect(await lab.metricNumber('Sparsity')).toBe(0);
});

test('a magnitude threshold prunes |w| <= lambda in one layer', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  const box = page.getByRole('textbox', { name: 'Magnitude threshold of fc1/kernel' });
  await box.fill('0.05');
  await box.press('Enter');
  await lab.waitFull();
  const density = parseFloat(
    (await page.getByTestId('layer-fc1/kernel').getByTestId('density').textContent()) ?? '100',
  );
  expect(density).toBeLessThan(100);
  expect(density).toBeGreaterThan(0);
});

test('"Prune all" can skip the first conv and the classifier, and a cap limits every layer', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await page.getByRole('checkbox', { name: 'Skip conv1/kernel' }).check();
  await page.getByRole('checkbox', { name: 'Skip fc2/kernel' }).check();
  const cap = page.getByRole('textbox', { name: 'Max sparsity per layer (%)' });
  await cap.fill('60');
  await cap.press('Enter');
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.9);
  await page.getByRole('button', { name: 'Prune all' }).click();
  await lab.waitFull();
  const density = (t: string) => page.getByTestId(`layer-${t}`).getByTestId('density');
  await expect(density('conv1/kernel')).toHaveText('100.0%');
  await expect(density('fc2/kernel')).toHaveText('100.0%');
  await expect(density('conv2/kernel')).toHaveText('40.0%');
  await expect(density('fc1/kernel')).toHaveText('40.0%');
});
