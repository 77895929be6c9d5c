// Sets larger than the device budget: 50,000 32×32 RGB images and 5,000 224×224 RGB images are
// evaluated (with labels, then label-free against the dense model) chunk by chunk through the lab
// service. Prints images/s and the peak device memory (the wasm heap's growth, sampled after every
// batch) next to the host memory the decoded set takes.
import * as tf from '@tensorflow/tfjs';
import { useCliBackend } from '../../src/cli/backend';
import { layersModelToFiles } from '../../src/core/engine/tfjs-layers/model-artifacts';
import { EVAL_BUDGET_BYTES } from '../../src/core/lab/eval-data';
import { LabService } from '../../src/core/lab/lab-service';
import { EVAL_BATCH_BYTES, STREAM_CHUNK_BYTES } from '../../src/core/lab/streamed-eval';
import type { LabelledImages, NamedBytes } from '../../src/core/types';

const mib = (b: number) => (b / 2 ** 20).toFixed(0);

/** A small CNN for side×side×3 inputs: one strided conv, global pooling, 10 classes. */
async function cnnFiles(side: number): Promise<NamedBytes[]> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [side, side, 3], filters: 8, kernelSize: 3, strides: side > 64 ? 4 : 2 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const files = await layersModelToFiles(model, 'weights.bin');
  model.dispose();
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson).buffer as ArrayBuffer },
    { name: 'weights.bin', bytes: files.weights.slice().buffer as ArrayBuffer },
  ];
}

function images(n: number, side: number, labelled: boolean): LabelledImages {
  const per = side * side * 3;
  const pixels = new Uint8Array(n * per);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return {
    pixels,
    labels: Uint8Array.from({ length: n }, (_, i) => (labelled ? i % 10 : 0)),
    n,
    rows: side,
    cols: side,
    channels: 3,
    numClasses: 10,
    labelled,
  };
}

/** The WebAssembly backend's heap (it only grows, so it holds the peak), else the tensors' bytes. */
function bufferBytes(): number {
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length;
  return heap ?? tf.memory().numBytes;
}

async function streamed(n: number, side: number, labelled: boolean): Promise<void> {
  const lab = new LabService({ quickEstimate: false });
  const set = images(n, side, labelled);
  await lab.loadModel(await cnnFiles(side), { source: 'files' });
  await lab.loadData({ test: async () => ({ name: 'bench', images: set }), train: async () => set });
  lab.setEvalSettings({ scaling: { kind: 'unit' }, limit: null });
  const base = bufferBytes();
  let peak = 0;
  const sample = () => (peak = Math.max(peak, bufferBytes() - base));
  const t0 = performance.now();
  lab.inputs(); // the resident class-balanced subset, uploaded once
  sample();
  const outcome = await lab.baseline(undefined, (e) => e.type === 'progress' && sample());
  const s = (performance.now() - t0) / 1000;
  const m = outcome.status === 'done' ? outcome.result?.full.metrics : null;
  console.log(
    `${n} × ${side}×${side}×3 ${labelled ? 'labelled' : 'label-free (agreement, KL)'}: ${m?.n} evaluated, ` +
      `${((m?.n ?? 0) / s).toFixed(0)} images/s on ${tf.getBackend()}; host pixels ${mib(set.pixels.byteLength)} MiB; ` +
      `wasm heap grew ${mib(peak)} MiB (resident subset ≤ ${mib(EVAL_BUDGET_BYTES)} MiB + one ` +
      `${mib(STREAM_CHUNK_BYTES)} MiB chunk + a ${mib(EVAL_BATCH_BYTES)} MiB batch + activations)`,
  );
  lab.dispose();
}

export async function benchStreamedEvaluation(sides = [32, 224]): Promise<void> {
  await useCliBackend('wasm');
  for (const side of sides) {
    const n = side === 32 ? 50_000 : 5_000;
    await streamed(n, side, true);
    await streamed(n, side, false);
  }
}
