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

async function timed(run: () => Promise<unknown>, repeats = 3): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

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
  const onnxMs = await timed(() => engine.forward(input, test.n));
  const bigPassMs = await timed(() => engine.forward(input, test.n, 1000), 1);
  await engine.dispose();
  console.log(
    `ONNX engine ${DEMO} (onnxruntime-web wasm): ${onnxMs.toFixed(0)} ms per 10k images in runs of ` +
      `${ONNX_PASS_SIZE} (runs of 1000: ${bigPassMs.toFixed(0)} ms, ${(bigPassMs / onnxMs).toFixed(2)}x)`,
  );

  const { model } = await loadModelFromFiles([
    { name: 'model.json', bytes: bytes(`${DIR}/model.json`) },
    { name: 'weights.bin', bytes: bytes(`${DIR}/weights.bin`) },
  ]);
  const x = toInputTensor(test, 'image', { kind: 'unit' });
  const tfjsMs = await timed(() => predictLogits(model, x, 1000));
  tf.dispose(x);
  model.dispose();
  console.log(
    `TF.js layers ${DEMO} (tfjs wasm): ${tfjsMs.toFixed(0)} ms per 10k images; ONNX/TF.js ratio ` +
      `${(onnxMs / tfjsMs).toFixed(2)}`,
  );
  const torch = torchMs();
  if (torch !== null) console.log(`ONNX engine / PyTorch ratio: ${(onnxMs / torch).toFixed(2)}`);
  await benchOnnxWeightInputs(1000, 3, [`${DIR}/model.onnx`]);
}
