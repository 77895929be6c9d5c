import { expect, test } from '@playwright/test';
import { Lab } from './lab';

const GOOD_YAML = `version: 1
pruners:
  fc_pruner:
    class: AutomatedGradualPruner
    initial_sparsity: 0.05
    final_sparsity: 0.80
    weights: [fc1.weight, fc2.weight]
policies:
  - pruner: {instance_name: fc_pruner}
    starting_epoch: 0
    ending_epoch: 4
    frequency: 1
`;

test('a one-shot schedule fine-tunes with masks: revived weights stay 0, the timeline and checkpoints fill in', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=1000');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  const editor = page.getByRole('region', { name: 'Pruning schedule' });
  await editor.getByRole('combobox', { name: 'Schedule type' }).selectOption({ label: 'One-shot' });
  await editor.getByLabel('Sparsity', { exact: true }).fill('0.9');
  await editor.getByLabel('Epochs', { exact: true }).fill('2');
  await expect(page.getByRole('region', { name: 'Schedule preview' })).toBeVisible();
  await page.getByRole('button', { name: 'Run schedule' }).click();
  await expect(page.getByTestId('revived-after-remask')).toHaveText('0', { timeout: 120_000 });
  await expect(page.getByTestId('schedule-run-status')).toHaveText('done', { timeout: 300_000 });
  const checkpoints = page.getByRole('region', { name: 'Checkpoints' });
  await expect(checkpoints.getByRole('button', { name: /Go back to step/ })).toHaveCount(4);
  await lab.shot('schedule-run');

  // the fine-tuned model is the lab's model now: ~90% sparse, far better than one-shot pruning alone
  const state = await page.evaluate(() => {
    const s = (
      window as unknown as {
        prunelab: {
          getState(): { run: { timeline: { kind: string; metrics: { top1: number }; totalSparsity: number }[] } };
        };
      }
    ).prunelab.getState();
    return s.run.timeline.map((e) => ({ kind: e.kind, top1: e.metrics.top1, sparsity: e.totalSparsity }));
  });
  const pruned = state.find((e) => e.kind === 'prune')!;
  const last = state.at(-1)!;
  expect(last.sparsity).toBeGreaterThan(0.89);
  expect(last.top1).toBeGreaterThan(pruned.top1 + 10);

  await checkpoints.getByRole('button', { name: 'Go back to step 0' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'weights of step 0' })).toBeVisible({ timeout: 60_000 });
});

test('Distiller YAML: import shows the schedule, a typo is refused with its line', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  const input = page.getByLabel('Import schedule YAML');
  await input.setInputFiles({ name: 'agp.yaml', mimeType: 'text/yaml', buffer: Buffer.from(GOOD_YAML) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 pruning rules from agp.yaml' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pruning schedule' })).toContainText('fc1/kernel');
  await input.setInputFiles({
    name: 'typo.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from(GOOD_YAML.replace('final_sparsity', 'final_sparsty')),
  });
  await expect(lab.alert()).toContainText(/typo\.yaml.*line 6/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Distiller YAML' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('schedule.yaml');
});

test('the Han experiment starts, its timeline updates, and it pauses, resumes and cancels', async ({ page }) => {
  test.setTimeout(300_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=1000');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('button', { name: 'Run Han experiment' }).click();
  const timeline = page.getByRole('region', { name: 'Run timeline' });
  await expect(timeline).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('han-run-progress')).toBeVisible({ timeout: 180_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('han-run-status')).toHaveText('paused');
  await page.waitForTimeout(500);
  const frozen = await page.getByTestId('han-run-progress').textContent();
  await page.waitForTimeout(2000);
  expect(await page.getByTestId('han-run-progress').textContent()).toBe(frozen);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('han-run-status')).toHaveText('running');
  await expect(page.getByTestId('han-run-progress')).not.toHaveText(frozen ?? '', { timeout: 60_000 });
  await expect(page.getByTestId('revived-after-remask')).toHaveText('0');
  await lab.shot('han-running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('han-run-status')).toHaveText('cancelled', { timeout: 60_000 });
});

test("Distiller's filter rankings are schedule types: APoZ along an AGP ramp exports as Distiller's class", async ({
  page,
}) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await page.getByRole('tab', { name: 'Schedule' }).click();
  const editor = page.getByRole('region', { name: 'Pruning schedule' });
  await editor
    .getByRole('combobox', { name: 'Schedule type' })
    .selectOption({ label: 'Filters by activation, gradient or chance (Distiller)' });
  await editor.getByRole('combobox', { name: 'Rank filters by' }).selectOption({ label: 'APoZ (activations)' });
  await editor.getByLabel('Final sparsity', { exact: true }).fill('0.4');
  await expect(editor).toContainText('measured on the training data');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Distiller YAML' }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray();
  const yaml = Buffer.concat(text).toString('utf8');
  expect(yaml).toContain('ActivationAPoZRankedFilterPruner_AGP');
  expect(yaml).toContain('final_sparsity: 0.4');
  await editor
    .getByRole('combobox', { name: 'Schedule type' })
    .selectOption({ label: 'Network surgery (Distiller splicing)' });
  await expect(editor.getByLabel('High multiplier', { exact: true })).toHaveValue('1.1');
});
