// Page object for the lab: addresses controls by role and accessible name, as a person would.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHOTS = 'e2e-screenshots';

export class Lab {
  constructor(readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await this.waitReady();
  }

  async waitReady() {
    await expect(this.page.getByTestId('active-backend')).toBeVisible({ timeout: 120_000 });
    await expect(this.page.getByTestId('figure-phase')).toHaveText(/Dense model|Full test set/, { timeout: 120_000 });
    await expect(this.page.getByRole('progressbar', { name: 'Evaluation progress' })).toHaveCount(0, {
      timeout: 120_000,
    });
  }

  metric(label: 'Top-1' | 'Top-5' | 'Loss' | 'Sparsity'): Locator {
    return this.page
      .getByRole('group', { name: label })
      .getByTestId(`metric-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  }

  async metricNumber(label: 'Top-1' | 'Top-5' | 'Loss' | 'Sparsity'): Promise<number> {
    return parseFloat((await this.metric(label).textContent()) ?? 'NaN');
  }

  slider(tensor: string): Locator {
    return this.page.getByRole('slider', { name: `Sparsity of ${tensor}` });
  }

  /** Sets a range input the way a drag does: the native value setter, then an input event. */
  async setRange(slider: Locator, value: number) {
    await slider.evaluate((el, v) => {
      const input = el as HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
  }

  async waitFull() {
    await expect(this.page.getByTestId('figure-phase')).toHaveText('Full test set', { timeout: 120_000 });
    await expect(this.page.getByRole('progressbar', { name: 'Evaluation progress' })).toHaveCount(0, {
      timeout: 120_000,
    });
  }

  /** Drops files on the page as a drag from the desktop would. */
  async drop(files: { name: string; path?: string; bytes?: Buffer }[]) {
    // base64, not an array of numbers: a model of a few MB then crosses to the page in well under a second
    const payload = files.map((f) => ({ name: f.name, data: (f.bytes ?? readFileSync(f.path!)).toString('base64') }));
    const dt = await this.page.evaluateHandle((items) => {
      const transfer = new DataTransfer();
      for (const it of items) {
        const bytes = Uint8Array.from(atob(it.data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], it.name));
      }
      return transfer;
    }, payload);
    await this.page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
    await this.page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  }

  alert(): Locator {
    return this.page.getByRole('alert').last();
  }

  async shot(name: string) {
    await this.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
}

export const modelFile = (id: string, file: string) => join('public', 'models', id, file);
