import { expect, test } from '@playwright/test';
import { Lab } from './lab';

test('a MobileNet-style model lists its coupled tensors; picking a tensor highlights its group', async ({ page }) => {
  const lab = new Lab(page);
  // no need to wait for the demo model's evaluation: the dropped model replaces it
  await page.goto('/?model=lenet5&limit=64');
  await expect(page.getByTestId('active-backend')).toBeVisible({ timeout: 120_000 });
  await lab.drop([{ name: 'mobilenet-bn.onnx', path: 'src/core/engine/onnx/fixtures/mobilenet-bn.onnx' }]);
  const panel = page.getByRole('region', { name: 'Coupled layers' });
  await expect(panel).toBeVisible({ timeout: 60_000 });
  // rows name weight tensors, not ONNX node names
  const row = panel.getByRole('listitem').filter({ hasText: /^blocks\.1\.expand\.0\.weight/ });
  await expect(row).toContainText('→ depthwise blocks.1.depthwise.0.weight');
  await expect(row).toContainText('→ inputs of blocks.1.project.0.weight');
  await expect(panel).not.toContainText('/Conv');
  // clicking the depthwise kernel's name shows its mask and highlights the group its channels belong to
  await row.getByRole('button', { name: 'blocks.1.depthwise.0.weight' }).click();
  const select = page.getByRole('combobox', { name: 'Tensor to show' });
  await expect(select).toHaveValue('blocks.1.depthwise.0.weight');
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(panel.locator('li[aria-current]')).toHaveCount(1);
  // picking a tensor of another group in the masks view moves the highlight there
  const other = panel.getByRole('listitem').filter({ hasText: /^blocks\.0\.expand\.0\.weight/ });
  await select.selectOption('blocks.0.expand.0.weight');
  await expect(other).toHaveAttribute('aria-current', 'true');
  await expect(row).not.toHaveAttribute('aria-current', 'true');
  await lab.shot('coupling-groups');
});
