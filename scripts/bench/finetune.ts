// Masked fine-tuning throughput per Node backend, and one fine-tune epoch's time over one plain
// evaluation pass on the same images (both measured in this run).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { useCliBackend } from '../../src/cli/backend';
import { cliDataLoader, openCliLab, PUBLIC_DIR } from '../../src/cli/io';
import { requireLayersModel } from '../../src/core/engine/model-engine';
import { evaluate } from '../../src/core/eval/evaluate';
import { levelMask } from '../../src/core/pruning';
import { MaskedTrainer } from '../../src/core/training/masked-trainer';

export interface FinetuneBenchRow {
  backend: string;
  model: string;
  images: number;
  trainSeconds: number;
  imagesPerSecond: number;
  evalSeconds: number;
  /** one fine-tune epoch / one evaluation pass over the same images */
  ratio: number;
}

export async function benchFinetune(
  opts: { images?: number; batchSize?: number; backends?: string[]; models?: string[] } = {},
): Promise<FinetuneBenchRow[]> {
  const images = opts.images ?? 500; // the pure-JS cpu backend trains a CNN at a few images per second
  const rows: FinetuneBenchRow[] = [];
  for (const backend of opts.backends ?? ['wasm', 'cpu']) {
    await useCliBackend(backend);
    for (const id of opts.models ?? ['lenet300', 'lenet5']) {
      if (!existsSync(path.join(PUBLIC_DIR, 'models', id, 'model.json'))) continue;
      const { lab, scaling } = await openCliLab(`demo:${id}`);
      await lab.loadData(cliDataLoader('demo'));
      lab.setEvalSettings({ scaling, limit: images });
      const data = lab.labelled();
      if (!data) throw new Error(`${id}: ${lab.dataFitReason()}`);
      const { x, y } = data;
      const { engine } = lab.current();
      const model = requireLayersModel(engine, 'fine-tuning');
      const masks = new Map<string, Uint8Array>();
      for (const t of engine.tensors) masks.set(t.name, levelMask(await engine.readWeights(t.name), 0.5));
      await evaluate(model, { x, y }); // warm-up
      let t0 = performance.now();
      await evaluate(model, { x, y });
      const evalSeconds = (performance.now() - t0) / 1000;
      const trainer = new MaskedTrainer(model, {
        optimizer: { kind: 'sgd', lr: 0.001, momentum: 0.9 },
        batchSize: opts.batchSize ?? 64,
      });
      try {
        trainer.setMasks(masks);
        t0 = performance.now();
        await trainer.trainEpoch({ x, y }, 0);
      } finally {
        trainer.dispose();
      }
      const trainSeconds = (performance.now() - t0) / 1000;
      rows.push({
        backend,
        model: id,
        images: data.n,
        trainSeconds,
        imagesPerSecond: data.n / trainSeconds,
        evalSeconds,
        ratio: trainSeconds / evalSeconds,
      });
      lab.dispose();
    }
  }
  return rows;
}

export function formatFinetuneRow(r: FinetuneBenchRow): string {
  return (
    `${r.backend.padEnd(5)} ${r.model.padEnd(9)} ${r.images} images: fine-tune ` +
    `${r.trainSeconds.toFixed(2)} s (${r.imagesPerSecond.toFixed(0)} img/s), eval ` +
    `${r.evalSeconds.toFixed(3)} s, fine-tune epoch / evaluation ${r.ratio.toFixed(1)}x`
  );
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  for (const r of await benchFinetune()) console.log(formatFinetuneRow(r));
}
