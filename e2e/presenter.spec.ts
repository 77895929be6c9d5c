// Presenter mode, the dark theme and the keyboard shortcuts, as a teacher in front of a class uses them.
import { expect, test, type Page } from '@playwright/test';
import { Lab } from './lab';

const PROJECTOR = { width: 1280, height: 800 };

interface LabWindow {
  prunelab: {
    getState(): {
      lessonStep: number | null;
      setLessonStep(step: number | null): void;
      plan: { tensors: Record<string, unknown> };
    };
  };
}
const state = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as LabWindow).prunelab.getState();
    return { lessonStep: s.lessonStep, planned: Object.keys(s.plan.tensors).length };
  });
const html = (page: Page) => page.locator('html');

test('presenter mode: large type, folded settings, shortcuts with their help, and a remembered dark theme', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize(PROJECTOR);
  const lab = new Lab(page);
  await lab.open('?model=lenet5&limit=1000&theme=light&present=1');
  await expect(html(page)).toHaveAttribute('data-presenter', '');
  expect(await html(page).evaluate((el) => getComputedStyle(el).fontSize)).toBe('19px');

  // advanced settings are folded, not gone
  const backend = page.getByRole('combobox', { name: 'Backend' });
  await expect(backend).toBeHidden();
  await expect(page.getByTestId('active-backend')).toBeVisible();
  await page.locator('.topbar summary').click();
  await expect(backend).toBeVisible();
  await page.locator('.topbar summary').click();

  // prune, undo with Ctrl+Z, reset with X
  await page.getByRole('button', { name: 'Prune all' }).click();
  await expect.poll(async () => (await state(page)).planned).toBeGreaterThan(0);
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await state(page)).planned).toBe(0);
  await page.getByRole('button', { name: 'Prune all' }).click();
  await expect.poll(async () => (await state(page)).planned).toBeGreaterThan(0);
  await page.keyboard.press('x');
  await expect.poll(async () => (await state(page)).planned).toBe(0);
  await page.getByRole('button', { name: 'Prune all' }).click();
  await lab.waitFull();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test-results/presenter.png' });
  // the chart's text alternative: its numbers in a table
  const density = page.getByRole('region', { name: 'Density per layer' });
  await density.getByText('Data table').click();
  await expect(
    density
      .getByRole('row', { name: /conv1\/kernel/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('50.00');

  // the help overlay: a labelled modal dialog that keeps the focus and closes on Esc
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row')).toHaveCount(12);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('2'); // no shortcut runs behind the dialog
  await expect(page.getByRole('tab', { name: 'Prune' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // views by number; typing in a field is left alone
  await page.keyboard.press('2');
  await expect(page.getByRole('tab', { name: 'Sensitivity' })).toHaveAttribute('aria-selected', 'true');
  const levels = page.getByRole('textbox', { name: 'Sparsity levels' });
  await levels.fill('0, 0.5');
  await levels.press('3');
  await expect(levels).toHaveValue('0, 0.53');
  await levels.fill('0, 0.5');
  await page.getByRole('combobox', { name: 'Sweep images' }).selectOption({ label: 'first 200' });
  // R runs the view's analysis with the settings on screen
  await page.getByRole('heading', { name: 'Sensitivity analysis' }).click();
  await page.keyboard.press('r');
  await expect(page.getByRole('combobox', { name: 'Analysis' })).toContainText(/done/, { timeout: 60_000 });
  await page.keyboard.press('3');
  await expect(page.getByRole('tab', { name: 'Schedule' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('1');

  // lesson steps move only while the lesson is open, within its seven steps
  await page.keyboard.press('n');
  expect((await state(page)).lessonStep).toBeNull();
  await page.evaluate(() => (window as unknown as LabWindow).prunelab.getState().setLessonStep(5));
  await page.keyboard.press('PageDown');
  await page.keyboard.press('n');
  expect((await state(page)).lessonStep).toBe(6);
  await page.keyboard.press('p');
  expect((await state(page)).lessonStep).toBe(5);
  await page.evaluate(() => (window as unknown as LabWindow).prunelab.getState().setLessonStep(null));

  // Shift+D: dark theme, remembered; Shift+P: presenter off, and the address follows
  await page.keyboard.press('Shift+D');
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Shift+P');
  await expect(html(page)).not.toHaveAttribute('data-presenter');
  await expect.poll(() => new URL(page.url()).searchParams.has('present')).toBe(false);
  expect(new URL(page.url()).searchParams.has('theme')).toBe(false);
  await page.keyboard.press('Shift+P');
  await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBe('1');

  await page.reload();
  await lab.waitReady();
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect(html(page)).toHaveAttribute('data-presenter', '');
  // charts draw in the theme's colours
  const bar = page.locator('.recharts-bar-rectangle path').last();
  await expect(bar).toBeVisible();
  expect(await bar.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(141, 180, 255)');
  await page.keyboard.press('Shift+P');
  await page.getByRole('button', { name: 'Prune all' }).click();
  await lab.waitFull();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test-results/dark.png' });
});

test('the first visit follows the system colour scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?model=lenet300');
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
});
