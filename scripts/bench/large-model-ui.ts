// The page with a generated 500-tensor model: render time after the model is parsed (target ≤ 1 s),
// long tasks over 50 ms while a block's slider moves and blocks fold (target 0), and the JS heap
// over 100 plan changes (target flat).
import type { Page } from '@playwright/test';
import { largeModelFiles } from '../large-model';
import { startLab, waitReady } from './browser-lab';

const TENSORS = 500;

async function drop(page: Page, files: { name: string; bytes: Uint8Array }[]) {
  const dt = await page.evaluateHandle(
    (items) => {
      const transfer = new DataTransfer();
      for (const it of items) transfer.items.add(new File([new Uint8Array(it.data)], it.name));
      return transfer;
    },
    files.map((f) => ({ name: f.name, data: [...f.bytes] })),
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
}

export async function benchLargeModelUi(): Promise<void> {
  const files = await largeModelFiles({ style: 'mobilenet', tensors: TENSORS });
  const lab = await startLab(4177);
  try {
    const page = await lab.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${lab.url}?model=lenet300&limit=500`);
    await waitReady(page);
    // from the store holding the parsed model to its blocks on screen
    await page.evaluate(() => {
      const w = window as any;
      w.benchRender = new Promise<number>((resolve) => {
        const unsub = w.prunelab.subscribe((s: any) => {
          if (!s.model || s.model.tensors.length < 100) return;
          unsub();
          const t0 = performance.now();
          const check = () =>
            document.querySelector('[data-testid="group-block_1"]')
              ? resolve(performance.now() - t0)
              : requestAnimationFrame(check);
          check();
        });
      });
    });
    await drop(page, [
      { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) },
      { name: 'weights.bin', bytes: files.weights },
    ]);
    const renderMs: number = await page.evaluate(() => (window as any).benchRender);
    await waitReady(page);

    const longTasks: number[] = await page.evaluate(async () => {
      const tasks: number[] = [];
      const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => tasks.push(e.duration)));
      obs.observe({ type: 'longtask' });
      const pause = () => new Promise((r) => setTimeout(r, 30));
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const slider = document.querySelector('input[aria-label="Sparsity of block block_3"]') as HTMLInputElement;
      for (let i = 1; i <= 30; i++) {
        setter.call(slider, String(i / 40));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await pause();
      }
      for (let b = 1; b <= 10; b++) {
        (document.querySelector(`button[aria-label="Unfold block block_${b}"]`) as HTMLButtonElement | null)?.click();
        await pause();
        (document.querySelector(`button[aria-label="Fold block block_${b}"]`) as HTMLButtonElement | null)?.click();
        await pause();
      }
      await new Promise((r) => setTimeout(r, 200));
      obs.disconnect();
      return tasks;
    });

    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    };
    const changes = async (n: number) =>
      page.evaluate(async (n) => {
        const s = (window as any).prunelab.getState();
        const names = s.model.tensors.slice(0, 30).map((t: any) => t.name);
        for (let i = 0; i < n; i++) {
          s.setMethodFor(names, { kind: 'level', sparsity: (i % 90) / 100 }, `bench:${i}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      }, n);
    await changes(20);
    await waitReady(page);
    const before = await heap();
    await changes(100);
    await waitReady(page);
    const after = await heap();

    const long = longTasks.filter((d) => d > 50);
    console.log(`model: ${TENSORS} prunable tensors (generated MobileNet-style)`);
    console.log(`render after parse: ${renderMs.toFixed(0)} ms (target ≤ 1000 ms)`);
    console.log(
      `long tasks > 50 ms while a block slider moves (30 steps) and 10 blocks fold/unfold: ${long.length}` +
        `${long.length ? ` (${long.map((d) => d.toFixed(0)).join(', ')} ms)` : ''} (target 0)`,
    );
    console.log(
      `JS heap over 100 plan changes: ${before.toFixed(1)} → ${after.toFixed(1)} MiB ` +
        `(${(after - before >= 0 ? '+' : '') + (after - before).toFixed(1)} MiB; target flat)`,
    );
  } finally {
    await lab.close();
  }
}
