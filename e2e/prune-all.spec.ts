import { expect, test } from '@playwright/test';
import { Lab } from './lab';

test('"Prune all" by filters on LeNet-5 prunes the hidden layers and leaves the classifier out, saying so', async ({
  page,
}) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await page.getByRole('combobox', { name: 'Method for all layers' }).selectOption('filters');
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.5);
  await expect(page.getByTestId('prune-all-scope')).toContainText(
    'fc2/kernel is left out: its units are the model’s outputs (the classes)',
  );
  await page.getByRole('button', { name: 'Prune all' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Prune all” left out fc2/kernel' })).toBeVisible();
  await lab.waitFull();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const density = (t: string) => page.getByTestId(`layer-${t}`).getByTestId('density');
  // half of conv1's 20 filters; conv2 and fc1 lose half their filters and half their inputs
  await expect(density('conv1/kernel')).toHaveText('50.0%');
  await expect(density('conv2/kernel')).toHaveText('25.0%');
  await expect(density('fc1/kernel')).toHaveText('25.0%');
  // fc2 keeps all 10 class units: only its inputs from fc1's removed units are masked
  await expect(density('fc2/kernel')).toHaveText('50.0%');
  await lab.shot('lenet5-prune-all-filters');
});
