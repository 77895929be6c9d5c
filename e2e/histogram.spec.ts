import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Lab } from './lab';

const sumColumn = (cells: string[]) => cells.reduce((a, c) => a + Number(c.replace(/,/g, '')), 0);

test('the weight histogram follows the level slider, shows ±λ, switches to log counts and exports SVG', async ({
  page,
}) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  await page.getByRole('tab', { name: 'Histogram' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Histogram' });
  const chart = panel.getByRole('img', { name: /Histogram of fc1\/kernel: 64 bins/ });
  await expect(chart).toBeVisible();
  await expect(panel).toContainText('Nothing in this tensor is pruned yet');
  await expect(chart.locator('.lambda-line')).toHaveCount(0);
  await expect(panel).toContainText('235,200 of 235,200 weights kept');

  // a quick drag: only the last position's histogram stays
  for (const s of [0.3, 0.6, 0.5]) await lab.setRange(lab.slider('fc1/kernel'), s);
  await lab.waitFull();
  await expect(panel).toContainText('117,600 of 235,200 weights kept (50.0%)');
  await expect(chart.locator('.lambda-line')).toHaveCount(2);
  const lambdaAt50 = await panel.locator('.lambda-note').textContent();
  expect(lambdaAt50).toMatch(/^λ = 0\.0\d+: the largest pruned \|w\|/);
  const dense = await panel.locator('.dense-bar').count();

  await lab.setRange(lab.slider('fc1/kernel'), 0.9);
  await lab.waitFull();
  await expect(panel).toContainText('23,520 of 235,200 weights kept (10.0%)');
  await expect(panel.locator('.lambda-note')).not.toHaveText(lambdaAt50!);
  const lambda = (t: string | null) => Number(/λ = ([\d.]+)/.exec(t ?? '')![1]);
  expect(lambda(await panel.locator('.lambda-note').textContent())).toBeGreaterThan(lambda(lambdaAt50));
  // the dense bars stay on their bins; the kept series (data table) holds the kept weights
  expect(await panel.locator('.dense-bar').count()).toBe(dense);
  await panel.getByText('Data table (64 bins)').click();
  const rows = panel.locator('table.chart-data-table tbody tr');
  await expect(rows).toHaveCount(64);
  expect(sumColumn(await rows.locator('td:nth-child(3)').allTextContents())).toBe(235_200);
  expect(sumColumn(await rows.locator('td:nth-child(4)').allTextContents())).toBe(23_520);

  await panel.getByRole('button', { name: 'Log' }).click();
  await expect(panel.getByRole('button', { name: 'Log' })).toHaveAttribute('aria-pressed', 'true');
  await expect(chart).toContainText('count (log scale)');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export SVG of the weight histogram chart' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('histogram-fc1_kernel.svg');
  const svg = readFileSync((await download.path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('+λ');
  expect(svg).toContain('Weights of fc1/kernel');

  const [png] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export PNG of the weight histogram chart' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('histogram-fc1_kernel.png');
  await png.saveAs('test-results/histogram-export.png');

  await panel.getByText('Data table (64 bins)').click(); // folded again
  // the panel ends the page: scrolled to the bottom it is in view below the sticky layer search
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page
    .getByRole('region', { name: 'Inspect the pruned model' })
    .screenshot({ path: 'test-results/histogram.png' });
});
