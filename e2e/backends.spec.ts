import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

const N = 16;

async function logits(page: Page): Promise<number[]> {
  return page.evaluate(async (n) => {
    const store = (window as unknown as { prunelab: { getState(): { predict(n: number): Promise<Float32Array> } } })
      .prunelab;
    return Array.from(await store.getState().predict(n));
  }, N);
}

async function switchTo(lab: Lab, backend: string) {
  await lab.page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await expect(lab.page.getByTestId('active-backend')).toHaveText(backend, { timeout: 120_000 });
  await lab.waitReady();
}

test('every backend matches cpu within 1e-4 on logits, and gives the same accuracy', async ({ page }) => {
  test.setTimeout(600_000);
  const lab = new Lab(page);
  // A tiny evaluation set keeps the software WebGPU adapter of headless machines quick enough.
  await lab.open('?model=lenet5&backend=cpu&limit=64');
  await expect(page.getByRole('combobox', { name: 'Test images evaluated' })).toHaveValue('64');
  await lab.setRange(lab.slider('conv2/kernel'), 0.6);
  await lab.waitFull();
  const reference = await logits(page);
  const refTop1 = await lab.metricNumber('Top-1');
  expect(reference.length).toBe(N * 10);

  for (const backend of ['wasm', 'webgl', 'webgpu']) {
    await switchTo(lab, backend);
    await expect(lab.slider('conv2/kernel')).toHaveValue('0.6');
    await lab.waitFull();
    const got = await logits(page);
    let maxDiff = 0;
    for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - reference[i]));
    expect(maxDiff, `${backend} vs cpu max |diff|`).toBeLessThanOrEqual(1e-4);
    expect(await lab.metricNumber('Top-1')).toBe(refTop1);
  }
  await lab.shot('backend-webgpu');
});

test('auto picks a backend and says why; the adapter is shown', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300');
  const status = page.getByRole('status', { name: 'Active backend' });
  await expect(status).toContainText(/webgpu|wasm|webgl|cpu/);
  // On a machine whose WebGPU adapter is a software fallback, wasm must win over it.
  const info = await page.evaluate(() => {
    const s = (
      window as unknown as { prunelab: { getState(): { runtime: { backend: string; softwareAdapter?: boolean } } } }
    ).prunelab.getState();
    return s.runtime;
  });
  if (info.softwareAdapter) expect(info.backend).not.toBe('webgpu');
});

test('a crashed worker is restarted and the model and plan are restored', async ({ page }) => {
  const lab = new Lab(page);
  await lab.open('?model=lenet300&backend=wasm');
  await lab.setRange(lab.slider('fc1/kernel'), 0.7);
  await lab.waitFull();
  const top1 = await lab.metricNumber('Top-1');
  await page.evaluate(() =>
    (window as unknown as { prunelab: { getState(): { crashWorkerForTest(k: string): void } } }).prunelab
      .getState()
      .crashWorkerForTest('crash'),
  );
  await expect(page.getByRole('status').filter({ hasText: 'your model and plan were restored' })).toBeVisible({
    timeout: 120_000,
  });
  await lab.waitFull();
  await expect(lab.slider('fc1/kernel')).toHaveValue('0.7');
  expect(await lab.metricNumber('Top-1')).toBe(top1);
});
