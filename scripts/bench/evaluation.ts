// Evaluation of the 10k test set per backend and demo model, the auto choice, and slider-to-figure latency.
import { firstTensor, runtimeOf, startLab, timePlanChange, waitReady } from './browser-lab';

const MODELS = ['lenet300', 'lenet5', 'vgg'];
const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

export async function benchEvaluation(): Promise<void> {
  const lab = await startLab();
  try {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.url}?model=lenet5`);
    await waitReady(page);
    const auto = await runtimeOf(page);
    console.log(`auto choice: ${auto.backend} — ${auto.reason}`);
    console.log(`WebGPU adapter: ${auto.adapter ?? 'none'}`);
    for (const p of auto.probes) {
      const state = p.available ? 'available' : `unavailable (${p.error ?? ''})`;
      const workload = p.medianMs ? `, workload ${p.medianMs.toFixed(1)} ms` : '';
      console.log(`  probe ${p.name}: ${state}${workload}`);
    }
    await page.close();

    console.log('\nplain evaluation (full figure after a plan change; median of runs; images/s):');
    console.log('model     backend  images  eval      img/s     slider->quick  slider->full  vs auto');
    for (const model of MODELS) {
      const rows: { backend: string; evalMs: number; images: number; quick: number | null; full: number }[] = [];
      for (const backend of BACKENDS) {
        // A software WebGPU adapter (and plain-JS cpu on conv nets) needs minutes for 10k images:
        // those are measured on a subset, and the images column says so.
        const software = backend === 'webgpu' && auto.softwareAdapter;
        const limit = software ? '&limit=500' : backend === 'cpu' && model !== 'lenet300' ? '&limit=1000' : '';
        const p = await lab.browser.newPage();
        try {
          await p.goto(`${lab.url}?model=${model}&backend=${backend}${limit}`);
          await waitReady(p);
          const rt = await runtimeOf(p);
          if (rt.backend !== backend) {
            console.log(`${model.padEnd(9)} ${backend.padEnd(8)} not available here (${rt.reason})`);
            continue;
          }
          const tensor = await firstTensor(p);
          const reps = backend === 'cpu' || software ? 1 : 3;
          process.stderr.write(`  ${model} on ${backend}…\n`);
          const timings = [];
          for (let i = 0; i < reps; i++) timings.push(await timePlanChange(p, tensor, 0.3 + 0.2 * i));
          const evalMs = median(timings.map((t) => t.evalMs));
          const quick = timings[0].quickMs === null ? null : median(timings.map((t) => t.quickMs ?? 0));
          rows.push({ backend, evalMs, images: timings[0].images, quick, full: median(timings.map((t) => t.fullMs)) });
        } catch (e) {
          console.log(`${model.padEnd(9)} ${backend.padEnd(8)} failed: ${(e as Error).message.split('\n')[0]}`);
        } finally {
          await p.close();
        }
      }
      const autoRow = rows.find((r) => r.backend === auto.backend);
      for (const r of rows) {
        const perImage = r.evalMs / r.images;
        const ratio = autoRow ? (perImage / (autoRow.evalMs / autoRow.images)).toFixed(2) : '-';
        const perSecond = String(Math.round((1000 * r.images) / r.evalMs)).padStart(7);
        const quick = (r.quick === null ? '-' : fmt(r.quick)).padEnd(14);
        console.log(
          `${model.padEnd(9)} ${r.backend.padEnd(8)} ${String(r.images).padStart(6)}  ${fmt(r.evalMs).padEnd(9)} ` +
            `${perSecond}   ${quick} ${fmt(r.full).padEnd(13)} ${ratio}x`,
        );
      }
    }
  } finally {
    await lab.close();
  }
}
