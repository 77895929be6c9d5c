// The built app is cross-origin isolated, so the worker computes on more than one thread.
import { expect, test } from '@playwright/test';
import { Lab } from './lab';

test('the built app is cross-origin isolated and the wasm backend runs on several threads', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const lab = new Lab(page);
  await lab.waitReady();
  await expect(page.getByTestId('active-backend')).toHaveText('wasm');
  const threads = parseInt((await page.getByTestId('backend-threads').textContent()) ?? '0', 10);
  expect(threads).toBeGreaterThan(1);
  // the service-worker fallback for static hosts is served beside the page
  const coi = await page.request.get('/coi-serviceworker.js');
  expect(coi.ok()).toBe(true);
  await page.screenshot({ path: 'e2e-screenshots/isolation.png' });
});
