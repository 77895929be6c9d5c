// ONNX models from PyTorch in the page: the residual demo's .onnx and a residual net exported by the
// test fixtures. Top-1 equals PyTorch's; filters pruned with the Add groups coupled; a sensitivity
// sweep through onnxruntime; thinning; the downloaded .onnx is smaller and onnxruntime (in Node) loads it.
import { expect, test } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { decodeModel } from '../src/core/engine/onnx/onnx-model';
import { OnnxEngine } from '../src/core/engine/onnx/onnx-engine';
import { Lab, modelFile } from './lab';

const FIXTURES = 'src/core/engine/onnx/fixtures';
const FLOW = `${FIXTURES}/resnet-flow.onnx`;
const reference = JSON.parse(readFileSync(`${FIXTURES}/resnet-flow.json`, 'utf8')) as {
  top1First256: { resnet8: number; 'resnet-flow': number };
};

test('PyTorch ONNX exports: top-1 as PyTorch, coupled filters, a sweep, thinning into a smaller .onnx', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new Lab(page);
  // both models are checked on the first 256 test images, where their PyTorch references were computed
  await lab.open('?model=lenet300&backend=wasm&limit=256');
  const top1 = () => lab.metricNumber('Top-1');

  // the residual demo's .onnx (the same weights PyTorch evaluated)
  await lab.drop([{ name: 'resnet8.onnx', path: modelFile('resnet8', 'model.onnx') }]);
  await expect(page.getByTestId('layer-block1.conv1.0.weight')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('input-layout')).toHaveText('NCHW');
  await expect.poll(top1, { timeout: 90_000 }).toBeCloseTo(reference.top1First256.resnet8, 2);

  // the fixture net exported by torch.onnx.export
  await lab.drop([{ name: 'resnet-flow.onnx', path: FLOW }]);
  await expect(page.getByTestId('layer-layer1.0.conv1.weight')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('layer-layer1.0.conv1.weight').getByTestId('file-shape')).toHaveText(
    /file \[8, 8, 3, 3\]/,
  );
  await expect.poll(top1, { timeout: 90_000 }).toBeCloseTo(reference.top1First256['resnet-flow'], 2);
  await lab.waitReady();

  // filters, 25 % of every conv: the Add groups lose the same filters
  await page.getByRole('combobox', { name: 'Method for all layers' }).selectOption('filters');
  await lab.setRange(page.getByRole('slider', { name: 'Sparsity of all layers' }), 0.25);
  await page.getByRole('button', { name: 'Prune all' }).click();
  await lab.waitFull();
  expect(await lab.metricNumber('Sparsity')).toBeGreaterThan(0);

  // a short sweep of one tensor through onnxruntime
  await page.getByRole('tab', { name: 'Sensitivity' }).click();
  const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
  await settings.getByRole('button', { name: 'none', exact: true }).click();
  await settings.getByRole('checkbox', { name: 'Analyse layer1.0.conv1.weight' }).check();
  await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0,0.5,0.9');
  await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 200' });
  await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 120_000 });
  await lab.shot('onnx-flow-sweep');

  // thin, verify, download
  await page.getByRole('tab', { name: 'Prune', exact: true }).click();
  await page.getByRole('tab', { name: 'Cost' }).click();
  await page.getByRole('button', { name: 'Thin & verify' }).click();
  const thinned = page.getByRole('region', { name: 'Thinned model' });
  await expect(thinned).toContainText('/conv1/Conv: 2', { timeout: 120_000 });
  await expect(thinned).toContainText('/layer1/layer1.0/conv2/Conv: 2');
  const diffText = (await thinned.locator('dd .mono').first().textContent()) ?? '';
  expect(diffText.startsWith('0 ') ? 0 : Number(diffText)).toBeLessThanOrEqual(1e-5);
  await lab.shot('onnx-flow-thinned');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    thinned.getByRole('button', { name: 'Download thinned model' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('resnet-flow.onnx');
  const file = await download.path();
  expect(statSync(file).size).toBeLessThan(statSync(FLOW).size);
  const bytes = readFileSync(file);
  const dims = (name: string) =>
    decodeModel(new Uint8Array(bytes))
      .graph!.initializer.find((t) => t.name === name)!
      .dims.map(Number);
  expect(dims('conv1.weight')[0]).toBe(6);
  expect(dims('layer1.0.conv2.weight')[0]).toBe(6); // coupled with the stem through the Add
  const engine = await OnnxEngine.open([{ name: 'thinned.onnx', bytes: bytes.buffer.slice(bytes.byteOffset) }]);
  const out = await engine.forward(new Float32Array(2 * 28 * 28), 2);
  expect(out.length).toBe(20);
  await engine.dispose();
});
