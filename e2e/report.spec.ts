import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { Lab } from './lab';

test('"Export report" downloads one zip: model, masks, schedule, sweep CSV, charts, tables and report.html', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=1000');
  await lab.setRange(lab.slider('fc1/kernel'), 0.5);
  await lab.waitFull();

  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0, 0.9');
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 1000' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 120_000 });

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('button', { name: 'Export report' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('prunelab-report-lenet300.zip');
  // the view the user had comes back after the charts are drawn
  await expect(page.getByRole('tab', { name: 'Sensitivity' })).toHaveAttribute('aria-selected', 'true');

  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const names = Object.keys(zip).sort();
  expect(names.filter((n) => !n.startsWith('charts/'))).toEqual([
    'cost.csv',
    'masks.json',
    'model/model.json',
    'model/weights.bin',
    'report.html',
    'schedule.yaml',
    'sensitivity/Sweep-1-element.csv',
    'sparsity-summary.csv',
  ]);
  const charts = names.filter((n) => n.startsWith('charts/'));
  expect(charts.some((n) => n.startsWith('charts/prune-'))).toBe(true);
  expect(charts.some((n) => n.startsWith('charts/sensitivity-'))).toBe(true);
  for (const c of charts) expect(strFromU8(zip[c])).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

  const masks = JSON.parse(strFromU8(zip['masks.json']));
  expect(masks.tensors['fc1/kernel'].kept).toBe((784 * 300) / 2);
  expect(masks.tensors['fc2/kernel'].kept).toBe(300 * 100);
  expect(strFromU8(zip['sensitivity/Sweep-1-element.csv']).split('\n')[0]).toBe('parameter,sparsity,top1,top5,loss');
  expect(strFromU8(zip['sparsity-summary.csv']).split('\n')[0]).toMatch(/^Name,Shape,NNZ \(dense\)/);
  expect(strFromU8(zip['cost.csv']).split('\n')[0]).toMatch(/^Name,Layer,Class,Shape,Params/);
  expect(strFromU8(zip['schedule.yaml'])).toMatch(/pruners:/);
  const html = strFromU8(zip['report.html']);
  expect(html).toContain('PruneLab report: lenet300');
  expect(html).toContain('<td>fc1/kernel</td>');
  expect(html.match(/<svg/g)?.length).toBe(charts.length);

  // report.html opens offline: no request leaves the file
  const requests: string[] = [];
  const offline = await page.context().newPage();
  offline.on('request', (r) => requests.push(r.url()));
  await offline.setContent(html);
  await expect(offline.getByRole('heading', { name: 'Sparsity summary' })).toBeVisible();
  expect(requests).toEqual([]);
  await offline.screenshot({ path: 'e2e-screenshots/report-html.png', fullPage: true });
});
