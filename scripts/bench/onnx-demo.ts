// The residual demo on the 10k test set: the ONNX engine against PyTorch on this machine (when
// /usr/bin/python3 has torch) and against the TF.js layers engine on the same weights; then the
// cost of weights as graph inputs on this demo.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toInputTensor } from '../../src/core/data/dataset-tensors';
import { loadIdxPair } from '../../src/core/data/idx';
import { predictLogits } from '../../src/core/eval/evaluate';
import { ONNX_PASS_SIZE, OnnxEngine } from '../../src/core/engine/onnx/onnx-engine';
import { loadModelFromFiles } from '../../src/core/engine/tfjs-layers/model-files';
import { benchOnnxWeightInputs } from './onnx-weight-inputs';

const DEMO = 'resnet8';
const DIR = `public/models/${DEMO}`;
const DATA = 'public/data/fashion-mnist';
const PYTHON = '/usr/bin/python3';

const bytes = (f: string) => {
  const b = readFileSync(f);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

function torchMs(): number | null {
  if (spawnSync(PYTHON, ['-c', 'import torch, onnx']).status !== 0) {
    console.log(`PyTorch: skipped (${PYTHON} has no torch and onnx)`);
    return null;
  }
  const r = spawnSync(PYTHON, ['scripts/bench/torch_demo_eval.py', '--model', DEMO, '--onnx', `${DIR}/model.onnx`], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`PyTorch: failed (${r.stderr.trim().split('\n').pop()})`);
    return null;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; top1: number; threads: number };
  console.log(`PyTorch ${DEMO}: ${out.ms.toFixed(0)} ms per 10k images (${out.threads} threads), top1 ${out.top1}`);
  return out.ms;
}

export async function benchOnnxDemo(): Promise<void> {
  await tf.setBackend('wasm');
  const read = (f: string) => new Uint8Array(readFileSync(`${DATA}/${f}`));
  const test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
  const engine = await OnnxEngine.open([{ name: 'model.onnx', bytes: bytes(`${DIR}/model.onnx`) }]);
  const nchw = toInputTensor(test, 'image-nchw', { kind: 'unit' });
  const input = (await nchw.data()) as Float32Array;
  nchw.dispose();
  const { model } = await loadModelFromFiles([
    { name: 'model.json', bytes: bytes(`${DIR}/model.json`) },
    { name: 'weights.bin', bytes: bytes(`${DIR}/weights.bin`) },
  ]);
  const x = toInputTensor(test, 'image', { kind: 'unit' });
  // The engines alternate run by run: on a shared machine the load changes within minutes, and
  // timing one engine after the other once gave ratios from 0.8 to 4.4 for the same code.
  const runs = { onnx: [] as number[], big: [] as number[], tfjs: [] as number[] };
  const once = async (into: number[], run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    into.push(performance.now() - t0);
  };
  await engine.forward(input, test.n);
  await predictLogits(model, x, 1000);
  for (let r = 0; r < 3; r++) {
    await once(runs.onnx, () => engine.forward(input, test.n));
    await once(runs.tfjs, () => predictLogits(model, x, 1000));
    await once(runs.big, () => engine.forward(input, test.n, 1000));
  }
  tf.dispose(x);
  model.dispose();
  await engine.dispose();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const onnxMs = median(runs.onnx);
  const ratios = runs.onnx.map((o, i) => (o / runs.tfjs[i]).toFixed(2)).join(', ');
  console.log(
    `ONNX engine ${DEMO} (onnxruntime-web wasm): ${onnxMs.toFixed(0)} ms per 10k images in runs of ` +
      `${ONNX_PASS_SIZE} (runs of 1000: ${median(runs.big).toFixed(0)} ms)`,
  );
  console.log(
    `TF.js layers ${DEMO} (tfjs wasm): ${median(runs.tfjs).toFixed(0)} ms per 10k images; ONNX/TF.js ratio ` +
      `${(onnxMs / median(runs.tfjs)).toFixed(2)} (per alternating round: ${ratios})`,
  );
  const torch = torchMs();
  if (torch !== null) console.log(`ONNX engine / PyTorch ratio: ${(onnxMs / torch).toFixed(2)}`);
  await benchOnnxWeightInputs(1000, 3, [`${DIR}/model.onnx`]);
}
