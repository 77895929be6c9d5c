import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Lab, modelFile } from './lab';

test('a dropped TF.js model (model.json + weights) loads, is evaluated, and can be pruned', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await lab.drop([
    { name: 'model.json', path: modelFile('lenet300', 'model.json') },
    { name: 'weights.bin', path: modelFile('lenet300', 'weights.bin') },
  ]);
  await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue('');
  await expect(page.getByTestId('layer-fc3/kernel')).toBeVisible();
  await lab.waitReady();
  expect(await lab.metricNumber('Top-1')).toBeGreaterThan(88);
  await lab.setRange(lab.slider('fc1/kernel'), 0.5);
  await lab.waitFull();
  expect(await lab.metricNumber('Sparsity')).toBeGreaterThan(0);
  await lab.shot('dropped-model');
});

test('bad input gets a specific message and the loaded model stays loaded', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  await lab.setRange(lab.slider('fc2/kernel'), 0.5);
  await lab.waitFull();
  const top1 = await lab.metricNumber('Top-1');
  const stillThere = async () => {
    await expect(page.getByRole('combobox', { name: 'Demo model' })).toHaveValue('lenet300');
    await expect(page.getByTestId('layer-fc1/kernel')).toBeVisible();
    expect(await lab.metricNumber('Top-1')).toBe(top1);
    await expect(lab.slider('fc2/kernel')).toHaveValue('0.5');
  };

  // model.json without its weight file
  await lab.drop([{ name: 'model.json', path: modelFile('lenet5', 'model.json') }]);
  await expect(lab.alert()).toContainText(/missing: weights\.bin/);
  await stillThere();

  // a weight file of the wrong size
  const weights = readFileSync(modelFile('lenet5', 'weights.bin'));
  await lab.drop([
    { name: 'model.json', path: modelFile('lenet5', 'model.json') },
    { name: 'weights.bin', bytes: weights.subarray(0, weights.length - 8) },
  ]);
  await expect(lab.alert()).toContainText(/weights\.bin has \d+ bytes; model\.json expects \d+ bytes/);
  await stillThere();

  // a file that is not JSON
  await lab.drop([{ name: 'model.json', bytes: Buffer.from('this is not json') }]);
  await expect(lab.alert()).toContainText(/not valid JSON/);
  await stillThere();

  // something that is neither a model nor a dataset
  await lab.drop([{ name: 'notes.txt', bytes: Buffer.from('hello') }]);
  await expect(lab.alert()).toContainText(/notes\.txt: PruneLab opens TF\.js layers models/);
  await stillThere();

  // a truncated idx file
  const images = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-images-idx3-ubyte.gz'));
  const labels = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz'));
  await lab.drop([
    { name: 'my-images-idx3-ubyte', bytes: images.subarray(0, 16 + 28 * 28 * 100 - 1) },
    { name: 'my-labels-idx1-ubyte', bytes: labels },
  ]);
  await expect(lab.alert()).toContainText(/truncated/);
  await stillThere();
  await lab.shot('bad-input');
});

test('a dropped idx dataset (images + labels) becomes the evaluation data', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  const images = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-images-idx3-ubyte.gz'));
  const labels = gunzipSync(readFileSync('public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz'));
  const n = 200;
  const imgHeader = Buffer.from(images.subarray(0, 16));
  imgHeader.writeUInt32BE(n, 4);
  const labHeader = Buffer.from(labels.subarray(0, 8));
  labHeader.writeUInt32BE(n, 4);
  await lab.drop([
    { name: 'small-images-idx3-ubyte', bytes: Buffer.concat([imgHeader, images.subarray(16, 16 + 784 * n)]) },
    { name: 'small-labels-idx1-ubyte', bytes: Buffer.concat([labHeader, labels.subarray(8, 8 + n)]) },
  ]);
  await expect(page.getByRole('region', { name: 'Evaluation data' })).toContainText('200 images');
  await lab.waitReady();
  await expect(page.getByRole('group', { name: 'Top-1' })).toBeVisible();
  await expect(page.locator('.metrics-foot')).toContainText('200 test images');
});

test('a model whose input does not fit the data still loads, shows its layers, and says no labelled data fits', async ({
  page,
}) => {
  const tf = await import('@tensorflow/tfjs');
  const { layersModelToFiles } = await import('../src/core/engine/tfjs-layers/model-artifacts');
  await tf.setBackend('cpu');
  const model = tf.sequential({
    name: 'cifar_like',
    layers: [
      tf.layers.conv2d({ name: 'c1', inputShape: [32, 32, 3], filters: 4, kernelSize: 3 }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ name: 'out', units: 10 }),
    ],
  });
  const files = await layersModelToFiles(model);
  model.dispose();
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  await lab.drop([
    { name: 'model.json', bytes: Buffer.from(files.modelJson) },
    { name: 'weights.bin', bytes: Buffer.from(files.weights) },
  ]);
  await expect(page.getByTestId('layer-c1/kernel')).toBeVisible();
  await expect(page.getByTestId('layer-out/kernel')).toBeVisible();
  await expect(page.getByText(/No labelled data fits this model yet/)).toBeVisible();
  await lab.setRange(lab.slider('out/kernel'), 0.5);
  await expect(page.getByTestId('layer-out/kernel').getByTestId('density')).toHaveText('50.0%');
  await lab.shot('no-data-fits');
});
