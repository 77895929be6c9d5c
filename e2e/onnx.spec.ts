import { expect, test } from '@playwright/test';
import { Lab } from './lab';

const FIXTURES = 'src/core/engine/onnx/fixtures';

test('an ONNX model exported from PyTorch loads, is evaluated through onnxruntime and can be pruned', async ({
  page,
}) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await lab.drop([{ name: 'resnet-bn.onnx', path: `${FIXTURES}/resnet-bn.onnx` }]);
  await expect(page.getByTestId('layer-layer1.0.conv1.weight')).toBeVisible();
  await lab.waitReady();
  const dense = await lab.metricNumber('Top-1');
  expect(dense).toBeGreaterThanOrEqual(0);
  await lab.setRange(lab.slider('layer1.0.conv1.weight'), 0.5);
  await lab.waitFull();
  expect(await lab.metricNumber('Sparsity')).toBeGreaterThan(0);
  await lab.shot('dropped-onnx');
});
