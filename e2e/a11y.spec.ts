// axe-core on every view (Prune with each inspect tab, Sensitivity with a finished sweep, Schedule,
// the lesson when the page has one) in the light theme, the dark theme and presenter mode:
// no serious or critical violation. Presenter mode is held to the enhanced contrast rule (7:1) too.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

const MODES = [
  { name: 'light', query: '?model=lenet5&theme=light', aaa: false },
  { name: 'dark', query: '?model=lenet5&theme=dark', aaa: false },
  { name: 'presenter', query: '?model=lenet5&theme=light&present=1', aaa: true },
] as const;

async function expectNoSerious(page: Page, where: string, aaa: boolean) {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', ...(aaa ? ['wcag2aaa'] : [])];
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(bad, `axe on ${where}`).toEqual([]);
}

for (const mode of MODES) {
  test(`axe finds no serious or critical violation on any view (${mode.name})`, async ({ page }) => {
    test.setTimeout(240_000);
    const lab = new Lab(page);
    await lab.open(mode.query);
    const check = (where: string) => expectNoSerious(page, `${where}, ${mode.name}`, mode.aaa);

    const inspect = page.getByRole('tablist', { name: 'Inspect views' }).getByRole('tab');
    for (let i = 0; i < (await inspect.count()); i++) {
      const tab = inspect.nth(i);
      const name = (await tab.textContent()) ?? `tab ${i}`;
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('tabpanel', { name })).toBeVisible();
      await page.waitForTimeout(300);
      await check(`Prune · ${name}`);
    }

    await page.getByRole('tab', { name: 'Sensitivity' }).click();
    const settings = page.getByRole('region', { name: 'Sensitivity analysis settings' });
    await settings.getByRole('textbox', { name: 'Sparsity levels' }).fill('0, 0.5, 0.9');
    await settings.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 200' });
    await settings.getByRole('button', { name: 'Run sensitivity analysis' }).click();
    await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 120_000 });
    await check('Sensitivity');

    await page.getByRole('tab', { name: 'Schedule' }).click();
    await expect(page.getByRole('button', { name: 'Run schedule' })).toBeVisible();
    await check('Schedule');

    await page.evaluate(() => (window as unknown as LabWindow).prunelab.getState().setLessonStep(0));
    const lesson = page.getByRole('complementary', { name: /lesson/i });
    if (await lesson.count()) {
      await check('Lesson');
    } else {
      test.info().annotations.push({ type: 'note', description: 'this build has no lesson panel to check' });
    }
  });
}

interface LabWindow {
  prunelab: { getState(): { setLessonStep(step: number | null): void } };
}
