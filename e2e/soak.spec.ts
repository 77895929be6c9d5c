// A soak: many plan changes, sweeps started and cancelled, schedule runs paused, resumed and
// cancelled, and model switches. Afterwards the worker holds exactly as many tf.js tensors as before,
// and its JS heap is back within a stated margin. Under CI the counts are reduced to stay short;
// `npm run bench soak` runs the full counts (1,000 moves, 20 sweeps, 5 runs).
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium-args';
import { Lab } from './lab';
import { FULL_SOAK, SOAK_BROWSER_ARGS, soakSession } from './soak-session';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...SOAK_BROWSER_ARGS] } });

/**
 * Heap margin: 4 MiB or 5% of the starting heap, whichever is larger. The reading covers the worker's
 * JS heap and its ArrayBuffers (tf.js's wasm memory among them, ~200 MiB here), which grow in steps the
 * lab does not control; a soak here moved it by under 1 MiB (204.21 → 204.65 MiB). A leak of one mask
 * of LeNet-300-100 (266k bytes) per plan change would add over 50 MiB in the reduced soak alone.
 * tf.js's byte count is not compared: which cached image set is resident (the quick subset or the
 * full evaluation set) changes it by a few hundred KB either way, with the same number of tensors.
 */
const HEAP_MARGIN = (before: number) => Math.max(4 * 2 ** 20, 0.05 * before);

test('a long session leaves no tensors behind and the worker heap where it was', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = new Lab(page);
  await lab.open('?model=lenet300&backend=wasm&limit=200');
  const counts = process.env.CI ? { moves: 200, sweeps: 5, runs: 2, switches: 1 } : FULL_SOAK;
  const { before, after, ms } = await soakSession(page, counts);
  console.log(
    `soak (${counts.moves} moves, ${counts.sweeps} sweeps, ${counts.runs} runs, ${counts.switches} switch rounds, ` +
      `${(ms / 1000).toFixed(0)} s): tensors ${before.numTensors} → ${after.numTensors}, ` +
      `(${before.numBytes} → ${after.numBytes} bytes), worker heap ${mib(before.workerHeapBytes)} → ` +
      `${mib(after.workerHeapBytes)} MiB (page's measureUserAgentSpecificMemory; in the worker: ` +
      `${before.heapSource}; gc: ${before.collected})`,
  );
  expect(after.numTensors).toBe(before.numTensors);
  expect(before.workerHeapBytes).toBeGreaterThan(0);
  expect(after.workerHeapBytes! - before.workerHeapBytes!).toBeLessThanOrEqual(HEAP_MARGIN(before.workerHeapBytes!));
  await expect(page.getByRole('alert')).toHaveCount(0);
});

const mib = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 2 ** 20).toFixed(2));
