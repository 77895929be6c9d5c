import { expect, test } from '@playwright/test';
import { Lab } from './lab';

test('a MobileNet-style model lists its coupled layers; the picked layer’s group stands out', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await lab.drop([{ name: 'mobilenet-bn.onnx', path: 'src/core/engine/onnx/fixtures/mobilenet-bn.onnx' }]);
  const panel = page.getByRole('region', { name: 'Coupled layers' });
  await expect(panel).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByRole('listitem').filter({ hasText: 'depthwise' }).first()).toBeVisible();
  await lab.shot('coupling-groups');
});
