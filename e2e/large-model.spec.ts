import { expect, test, type Page } from '@playwright/test';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { largeModelFiles, type LargeModelOptions } from '../scripts/large-model';
import { Lab, SHOTS } from './lab';

/** Records every long task of the page from now on, in window.longTasks. */
const watchLongTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);

/**
 * Drags a block's slider over `steps` positions and folds and unfolds `blocks` blocks, as a hand
 * would (a frame and a little more between moves), inside the page so that no test polling runs
 * meanwhile; returns the long tasks that happened during it.
 */
const moveAndFold = (page: Page, slider: string, blocks: string[], steps = 20) =>
  page.evaluate(
    async ({ slider, blocks, steps }) => {
      const tasks: number[] = [];
      const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => tasks.push(Math.round(e.duration))));
      obs.observe({ type: 'longtask' });
      const pause = () => new Promise((r) => setTimeout(r, 40));
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const input = document.querySelector(`input[aria-label="${slider}"]`) as HTMLInputElement;
      for (let i = 1; i <= steps; i++) {
        setter.call(input, String(i / (2 * steps)));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await pause();
      }
      const fold = (b: string, open: boolean) =>
        (document.querySelector(`button[aria-label="${open ? 'Unfold' : 'Fold'} block ${b}"]`) as HTMLElement).click();
      for (const b of blocks) {
        fold(b, true);
        await pause();
        fold(b, false);
        await pause();
      }
      await new Promise((r) => setTimeout(r, 500));
      obs.disconnect();
      return tasks;
    },
    { slider, blocks, steps },
  );

async function openGenerated(lab: Lab, opts: LargeModelOptions, images = 200) {
  const files = await largeModelFiles(opts);
  await lab.open(`?model=lenet300&limit=${images}`);
  await lab.drop([
    { name: 'model.json', bytes: Buffer.from(files.modelJson) },
    { name: 'weights.bin', bytes: Buffer.from(files.weights) },
  ]);
  // the page is the subject here: the dense figures of the new model may still be on their way
  await expect(lab.page.getByTestId('group-block_1')).toBeVisible();
}

test('a 200-tensor model opens in folded blocks; search, select by kind and "Prune all" keep the page short', async ({
  page,
}) => {
  const lab = new Lab(page);
  await openGenerated(lab, { style: 'mobilenet', tensors: 200 });
  const table = page.getByRole('region', { name: 'Prunable layers' });
  await expect(table.getByRole('heading')).toContainText('200 tensors');
  // the dense figures are in: what follows is the person's work, not the model's load
  await lab.waitReady();
  await watchLongTasks(page);

  // fold and unfold
  await expect(page.getByTestId('layer-block_2_expand/kernel')).toHaveCount(0);
  await table.getByRole('button', { name: 'Unfold block block_2', exact: true }).click();
  await expect(page.getByTestId('layer-block_2_depthwise/depthwise_kernel')).toBeVisible();
  await table.getByRole('button', { name: 'Fold block block_2', exact: true }).click();
  await expect(page.getByTestId('layer-block_2_expand/kernel')).toHaveCount(0);

  // search filters the table and the picker
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('block_17_');
  await expect(table.getByRole('heading')).toContainText('3 of 200 match');
  await expect(page.getByTestId('layer-block_17_project/kernel')).toBeVisible();
  await search.fill('');

  // skip every depthwise kernel, then prune all
  const limits = page.getByRole('group', { name: 'Layer limits' });
  await limits.getByRole('button', { name: 'Skip all depthwise' }).click();
  await expect(limits.getByRole('button', { name: 'Skip all depthwise' })).toHaveAttribute('aria-pressed', 'true');
  await expect(limits.getByText('66 of 200 selected')).toBeVisible();
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.6);
  await page.getByRole('button', { name: 'Prune all', exact: true }).click();
  await expect(page.getByTestId('group-block_5').getByTestId('group-density')).not.toHaveText('100.0%');
  const block = page.getByTestId('group-block_5');
  // the block's expand and project are at 60%, its depthwise kernel stays dense
  const density = parseFloat((await block.getByTestId('group-density').textContent()) ?? 'NaN');
  expect(density).toBeGreaterThan(40);
  expect(density).toBeLessThan(100);
  await table.getByRole('button', { name: 'Unfold block block_5', exact: true }).click();
  await expect(page.getByTestId('layer-block_5_depthwise/depthwise_kernel').getByTestId('density')).toHaveText(
    '100.0%',
  );
  await expect(page.getByTestId('layer-block_5_expand/kernel').getByTestId('density')).toHaveText('40.1%');

  // one slider sets a folded block
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of block block_6' }), 0.8);
  await expect(page.getByTestId('group-block_6').getByTestId('group-density')).toHaveText('20.1%');

  // the target: no long task over 50 ms while a block's slider moves or blocks fold
  const during = await moveAndFold(page, 'Sparsity of block block_3', ['block_1', 'block_2', 'block_4', 'block_7']);
  console.log(`long tasks while a slider moved and blocks folded: ${JSON.stringify(during)} ms`);
  console.log(`long tasks over the whole walk-through: ${JSON.stringify(await longTasks(page))} ms`);
  // A long task is wall time: on a machine running more than twice the work its cores can (other jobs), a
  // 20 ms render waits its turn and reads as 100 ms. The check then stands down and says so; the bench
  // (scripts/bench/large-model-ui.ts) holds the figure.
  const load = loadavg()[0] / cpus().length;
  if (load <= 2) expect(during.filter((d) => d > 50)).toEqual([]);
  else
    test.info().annotations.push({ type: 'long tasks not checked', description: `load ${load.toFixed(1)} per core` });

  await page.getByRole('button', { name: 'Fold all', exact: true }).click();
  await expect(page.getByTestId('layer-block_5_expand/kernel')).toHaveCount(0);
  await lab.waitFull();
  const height = await page.evaluate(() => document.documentElement.scrollHeight / window.innerHeight);
  console.log(`page height with the blocks folded: ${height.toFixed(2)} screens`);
  await page.screenshot({ path: join(SHOTS, 'large-model-200.png'), fullPage: true });
  // near two screens: the top bar's second row (session, report, presenter controls) takes a few percent
  expect(height).toBeLessThanOrEqual(2.1);
});

test('a MobileNet-sized model: a click on the model outline opens the layer', async ({ page }) => {
  const lab = new Lab(page);
  await openGenerated(lab, { style: 'mobilenet', tensors: 53, width: 16 });
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.5);
  await page.getByRole('button', { name: 'Prune all', exact: true }).click();
  await expect(page.getByTestId('group-block_5').getByTestId('group-density')).toHaveText('50.0%');
  await page
    .getByRole('region', { name: 'Model outline' })
    .getByRole('button', { name: 'Show block_9_project/kernel' })
    .click();
  await expect(page.getByTestId('layer-block_9_project/kernel')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'large-model-mobilenet.png'), fullPage: true });
});

test('a sweep of a 53-tensor model draws the most sensitive curves; the heat map picks the others', async ({
  page,
}) => {
  const lab = new Lab(page);
  await openGenerated(lab, { style: 'mobilenet', tensors: 53, width: 16 }, 100);
  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0, 0.5, 0.9');
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 200' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 240_000 });

  const curves = page.getByRole('group', { name: 'Curves drawn' });
  await expect(curves).toContainText('8 of 53 layers drawn');
  const legend = page.getByRole('group', { name: 'Layers shown in the accuracy chart' });
  await expect(legend.getByRole('button')).toHaveCount(8);
  // the heat map lists every layer; a click on a row not drawn draws its curve, a second click takes it away
  const heat = page.getByRole('region', { name: 'Sensitivity heat map' });
  await expect(heat.getByRole('button', { name: /^Curve of / })).toHaveCount(53);
  const row = heat.getByRole('button', { name: /^Curve of /, pressed: false }).first();
  const name = (await row.getAttribute('aria-label'))!.replace('Curve of ', '');
  await row.click();
  await expect(curves).toContainText('9 of 53 layers drawn');
  await expect(legend.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await heat.getByRole('button', { name: `Curve of ${name}`, exact: true }).click();
  await expect(curves).toContainText('8 of 53 layers drawn');
  await curves.getByRole('combobox', { name: 'Add a curve' }).selectOption(name);
  await expect(curves).toContainText('9 of 53 layers drawn');
  await curves.getByRole('button', { name: 'None' }).click();
  await expect(legend.getByRole('button')).toHaveCount(0);
  await curves.getByRole('button', { name: 'Most sensitive' }).click();
  await expect(legend.getByRole('button')).toHaveCount(8);
  await page.screenshot({ path: join(SHOTS, 'large-model-sensitivity.png'), fullPage: true });
});
