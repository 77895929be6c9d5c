// The Korean view: switched at any time, nothing left in English but technical names, remembered on reload.
import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

/** Names that stay as they are in every language: formats, libraries, backends, units, metrics. */
const TECHNICAL = `PruneLab LeNet MLP CNN VGG BatchNorm ResNet ONNX MobileNetV WebGPU WebAssembly WebGL CPU GPU wasm
  webgpu webgl cpu MiB MACs NNZ CSR gzip CSV YAML AGP Distiller PyTorch NNI Keras MOT TF-MOT Fashion MNIST RGB NCHW NHWC
  ImageNet CIFAR SVG PNG nats SensitivityLevelParameterPruner MagnitudeParameterPruner SensitivityPruner SparsityLevelParameterPruner Han Torch Pruning floor round out
  greedy global depthwise dense pointwise Conv Dense Flatten MaxPooling AveragePooling Adam SGD Top KL
  SplicingPruner Zhu Gupta span start end frequency range`.split(/\s+/); // the last: AGP's authors and formula

/** Cited papers keep their titles and authors; glossed terms (씨닝(thinning)) and file formats stay too. */
const CITED_TITLES = ['Learning both weights and connections', 'Pruning Filters for Efficient ConvNets'];
const CITED_AND_GLOSSED = 'Pool Tran Dally Kadav Durdanovic Samet Graf thinning idx'.split(' ');

/** The visible text of the page (options of visible selects included), leaving out what is marked translate="no". */
async function visibleText(page: Page, root: string): Promise<string> {
  return page.evaluate((root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.querySelector(root)!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], script, style')) continue;
      const owner = el.closest('select') ?? el;
      if (!owner.checkVisibility({ visibilityProperty: true })) continue;
      out.push(n.textContent ?? '');
    }
    return out.join(' ');
  }, root);
}

/** Words of three or more ASCII letters that are neither technical nor a name the model or data gives. */
async function untranslated(page: Page, root: string): Promise<string[]> {
  const fromModel = await page.evaluate(() => {
    type Named = { name: string; layerName?: string; layerClass?: string; class?: string };
    type Seen = {
      model?: { name: string; card?: { name?: string }; tensors: Named[]; layers: Named[] };
      dataset?: { name: string; classNames?: string[] };
    };
    const s = (window as unknown as { prunelab: { getState(): Seen } }).prunelab.getState();
    const model = s.model;
    return [
      model?.name,
      model?.card?.name,
      ...(model?.tensors ?? []).flatMap((t) => [t.name, t.layerName, t.layerClass]),
      ...(model?.layers ?? []).flatMap((l) => [l.name, l.class]),
      s.dataset?.name,
      ...(s.dataset?.classNames ?? []),
    ].filter(Boolean) as string[];
  });
  const allowed = new Set(
    [...TECHNICAL, ...CITED_AND_GLOSSED, ...fromModel.flatMap((n) => n.split(/[^A-Za-z]+/))].map((w) =>
      w.toLowerCase(),
    ),
  );
  const text = CITED_TITLES.reduce((t, title) => t.split(title).join(' '), await visibleText(page, root));
  // identifiers (conv1/kernel, TF.js, model.json, perform_sensitivity_analysis) are one token, left alone
  const words = (text.match(/[A-Za-z0-9_/.]+/g) ?? [])
    .map((w) => w.replace(/\.+$/, ''))
    .filter((w) => /^[A-Za-z]{3,}$/.test(w));
  return [...new Set(words.filter((w) => !allowed.has(w.toLowerCase())))];
}

async function checkView(page: Page, name: string, root = 'body') {
  expect(await untranslated(page, root), `English words in the Korean ${name} view`).toEqual([]);
  await page.screenshot({ path: `test-results/i18n-${name}-ko.png`, fullPage: true });
}

test('the Korean view: every view translated, switchable at any time and remembered after a reload', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet5');
  await expect(page.getByRole('tab', { name: 'Prune' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(page.getByRole('tab', { name: '가지치기' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

  for (const tab of ['sparsity-table', 'masks', 'cost'] as const) {
    await page.locator(`#inspect-tab-${tab}`).click();
    await expect(page.locator(`#inspect-panel-${tab}`)).toBeVisible();
    if (tab === 'masks') await expect(page.locator('canvas.mask-canvas')).toBeVisible();
    if (tab === 'cost') await expect(page.locator('table.cost-table')).toBeVisible();
    await checkView(page, tab === 'sparsity-table' ? 'prune' : tab);
  }

  await page.locator('#view-tab-sensitivity').click();
  const settings = page.getByRole('region', { name: '민감도 분석 설정' });
  await settings.getByRole('textbox', { name: '희소도 수준' }).fill('0, 0.5');
  await settings.getByRole('combobox', { name: '스윕 이미지' }).selectOption('200');
  await settings.getByRole('button', { name: '민감도 분석 실행' }).click();
  await expect(page.getByRole('combobox', { name: '분석', exact: true })).toContainText('완료', { timeout: 120_000 });
  await checkView(page, 'sensitivity');

  await page.locator('#view-tab-schedule').click();
  await expect(page.locator('#view-panel-schedule')).toBeVisible();
  // the schedule view's editor and run controls (the whole view, after a run, is checked below)
  await checkView(page, 'schedule-editor', '#view-panel-schedule section.schedule-editor');

  // switching back re-renders at once, and the choice outlives a reload
  await page.getByRole('combobox', { name: '언어' }).selectOption('en');
  await expect(page.getByRole('tab', { name: 'Schedule' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await page.reload();
  await expect(page.getByRole('tab', { name: '스케줄' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('combobox', { name: '언어' })).toHaveValue('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
});

test('the Korean schedule view after a run: editor, timeline, checkpoints and side panels all translated', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&limit=1000');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await page.locator('#view-tab-schedule').click();
  const editor = page.getByRole('region', { name: '가지치기 스케줄' });
  await editor.getByRole('combobox', { name: '스케줄 종류' }).selectOption('one-shot');
  await editor.getByLabel('희소도', { exact: true }).fill('0.9');
  await editor.getByLabel('에폭', { exact: true }).fill('1');
  await editor.getByRole('button', { name: '스케줄 실행' }).click();
  await expect(page.getByTestId('schedule-run-status')).toHaveText('완료', { timeout: 150_000 });

  const view = page.locator('#view-panel-schedule');
  const checkpoints = view.getByRole('region', { name: '체크포인트' });
  await expect(checkpoints.getByRole('button', { name: /단계 \d+로 되돌아가기/ })).toHaveCount(3);
  await expect(checkpoints.getByText('에폭 0에서 가지치기')).toBeVisible();
  const timeline = view.getByRole('region', { name: '실행 타임라인' });
  await expect(timeline.getByTestId('schedule-timeline-last')).toContainText('마지막: 에폭 0 끝');
  await timeline.getByText(/^이벤트 \(\d+\)$/).click(); // open the events table so its words are checked too
  await expect(timeline.getByRole('columnheader', { name: '학습 손실' })).toBeVisible();
  await checkView(page, 'schedule', '#view-panel-schedule');
});
