import { expect, test } from '@playwright/test';
import { Lab } from './lab';

test('the Li et al. experiment runs on a small subset: phases, ratios, the dense-to-thinned table', async ({
  page,
}) => {
  test.setTimeout(170_000);
  const lab = new Lab(page);
  await lab.open('?model=vgg&limit=200');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  const panel = page.getByRole('region', { name: 'Li et al. 2017: pruning filters guided by sensitivity' });
  await panel.getByLabel('Budget per layer (top-1 points)').fill('3');
  await panel.getByLabel('Fine-tuning epochs').fill('1');
  await panel.getByLabel('Training images').fill('128');
  await panel.getByRole('button', { name: 'Run Li experiment' }).click();
  await expect(panel.getByTestId('li-phase-sweep')).toHaveAttribute('data-state', /running|done/, {
    timeout: 60_000,
  });
  await expect(panel.getByTestId('li-verdict')).toBeVisible({ timeout: 140_000 });
  for (const phase of ['dense', 'sweep', 'prune', 'thin', 'fine-tune'])
    await expect(panel.getByTestId(`li-phase-${phase}`)).toHaveAttribute('data-state', 'done');
  const figures = panel.getByTestId('li-figures');
  const macs = figures.getByRole('row', { name: /MACs per example/ });
  await expect(macs).toContainText('2,445,824');
  await expect(macs).toContainText('removed');
  await expect(figures.getByRole('row', { name: /max \|Δ\|/ })).toBeVisible();
  // 128 images of the 10k subset: fine-tuned by distillation from the dense model
  await expect(panel.getByTestId('li-retraining')).toContainText(
    'distillation from the dense model (T 4, alpha 0.1) on 128 training images',
  );
  // the fine-tuned figure is a top-1 on the 200 images
  expect(Number.parseFloat((await panel.getByTestId('li-fine-tuned').textContent()) ?? '')).toBeGreaterThan(50);
  // the lab now holds the thinned model: the page's parameter count follows it
  await expect(panel.getByRole('table', { name: 'Filter ratios chosen from the curves' })).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/li.png' });
});
