// npm run bench soak: the full soak (1,000 plan changes, 20 sweeps started and cancelled, 5 schedule
// runs paused, resumed and cancelled, model switches) in the built page; prints the worker's tensors
// and JS heap before and after.
import { FULL_SOAK, SOAK_BROWSER_ARGS, soakSession } from '../../e2e/soak-session';
import { startLab, waitReady } from './browser-lab';

export async function benchSoak(): Promise<void> {
  const lab = await startLab(4176, SOAK_BROWSER_ARGS);
  try {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.url}?model=lenet300&backend=wasm&limit=200`);
    await waitReady(page);
    const { before, after, ms, counts } = await soakSession(page, FULL_SOAK);
    const mib = (b: number | null) => (b === null ? 'n/a' : `${(b / 2 ** 20).toFixed(2)} MiB`);
    console.log(
      `soak: ${counts.moves} plan changes, ${counts.sweeps} sweeps cancelled, ${counts.runs} schedule runs ` +
        `paused/resumed/cancelled, ${counts.switches} rounds of model switches in ${(ms / 1000).toFixed(0)} s`,
    );
    console.log(`  tensors  ${before.numTensors} → ${after.numTensors} (${before.numBytes} → ${after.numBytes} bytes)`);
    console.log(
      `  worker JS heap  ${mib(before.workerHeapBytes)} → ${mib(after.workerHeapBytes)} ` +
        `(the page's measureUserAgentSpecificMemory, worker scope; gc before reading: ${before.collected})`,
    );
  } finally {
    await lab.close();
  }
}
