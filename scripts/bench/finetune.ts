// Masked fine-tuning throughput per Node backend, and one fine-tune epoch's time over one plain
// evaluation pass on the same images (both measured in this run); then LeNet-5's images/s against
// PyTorch's (vs_pytorch.py: masks re-applied after each step, as Distiller does), alternating the
// two sides over a few rounds so that both see the same load.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { useCliBackend } from '../../src/cli/backend';
import { cliDataLoader, openCliLab, PUBLIC_DIR } from '../../src/cli/io';
import { requireLayersModel } from '../../src/core/engine/model-engine';
import { evaluate } from '../../src/core/eval/evaluate';
import { levelMask } from '../../src/core/pruning';
import { MaskedTrainer } from '../../src/core/training/masked-trainer';
import { torchFigures } from './torch-side';

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
  const rows: FinetuneBenchRow[] = [];
  for (const backend of opts.backends ?? ['wasm', 'cpu']) {
    await useCliBackend(backend);
    for (const id of opts.models ?? ['lenet300', 'lenet5']) {
      if (!existsSync(path.join(PUBLIC_DIR, 'models', id, 'model.json'))) continue;
      const { lab, scaling } = await openCliLab(`demo:${id}`);
      await lab.loadData(cliDataLoader('demo'));
      // the pure-JS cpu backend trains LeNet-5 at about 1 image per second
      const images = opts.images ?? (backend === 'cpu' ? 64 : 500);
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

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];

/** LeNet-5 masked fine-tuning images/s, PruneLab (Node wasm) over PyTorch, per round; prints min and median. */
export async function benchFinetuneVsTorch(rounds = 3): Promise<number[]> {
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // OpenBLAS threads lose badly to a loaded machine: PyTorch's faster of 1 thread and all cores is the anchor
    const images = 2048; // both sides, so that a loaded machine weighs on both alike
    const tries = [
      torchFigures('finetune', 1, images),
      ...(availableParallelism() > 1 ? [torchFigures('finetune', availableParallelism(), images)] : []),
    ];
    const torch = tries.reduce((a, b) =>
      b && a && b.finetune_images_per_second > a.finetune_images_per_second ? b : a,
    );
    if (!torch) {
      console.log('PyTorch: not available (python3 cannot import torch); no ratio');
      return ratios;
    }
    const [lab] = await benchFinetune({ backends: ['wasm'], models: ['lenet5'], images });
    const ratio = lab.imagesPerSecond / torch.finetune_images_per_second;
    ratios.push(ratio);
    console.log(
      `round ${r + 1}: PruneLab ${lab.imagesPerSecond.toFixed(0)} img/s, PyTorch ` +
        tries.map((t) => `${t?.finetune_images_per_second.toFixed(0)} img/s on ${t?.threads} thread(s)`).join(', ') +
        `; ratio to PyTorch's best ${ratio.toFixed(2)}`,
    );
  }
  console.log(
    `fine-tune images/s, PruneLab / PyTorch: min ${Math.min(...ratios).toFixed(2)}, median ` +
      `${median(ratios).toFixed(2)} over ${rounds} rounds (goal >= 0.5)`,
  );
  return ratios;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  for (const r of await benchFinetune()) console.log(formatFinetuneRow(r));
  await benchFinetuneVsTorch();
}
