// Hands the TF.js MobileNetV2-shaped model to scripts/bench/mobilenet.py: its conv, BatchNorm and Dense
// weights in model order and PyTorch layout, an input batch and the TF.js logits on it, so PyTorch times
// torchvision's mobilenet_v2 on the same weights and says how far its logits are from these.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface TorchLayer {
  name: string;
  /** attribute of the torch module -> [offset in weights.bin (floats), shape] */
  tensors: Record<string, [number, number[]]>;
}

/** The logits (the classifier before its softmax) for a batch. */
export function mobileNetLogits(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('global_average_pooling2d').output });
    const [kernel, bias] = model.getLayer('predictions').getWeights();
    return tf.add(tf.matMul(features.predict(x) as tf.Tensor2D, kernel as tf.Tensor2D), bias);
  });
}

function torchLayout(model: tf.LayersModel): { layers: TorchLayer[]; data: Float32Array } {
  const parts: Float32Array[] = [];
  let offset = 0;
  const put = (t: tf.Tensor, perm?: number[]) => {
    const v = tf.tidy(() => (perm ? tf.transpose(t, perm) : t.clone()));
    const entry: [number, number[]] = [offset, v.shape];
    parts.push(v.dataSync() as Float32Array);
    offset += v.size;
    v.dispose();
    return entry;
  };
  const layers: TorchLayer[] = [];
  for (const layer of model.layers) {
    const w = layer.getWeights();
    const cls = layer.getClassName();
    // TF.js [kh, kw, in, out] -> torch [out, in, kh, kw]; depthwise [kh, kw, C, 1] -> [C, 1, kh, kw]
    if (cls === 'Conv2D') layers.push({ name: layer.name, tensors: { weight: put(w[0], [3, 2, 0, 1]) } });
    else if (cls === 'DepthwiseConv2D') layers.push({ name: layer.name, tensors: { weight: put(w[0], [2, 3, 0, 1]) } });
    else if (cls === 'BatchNormalization')
      layers.push({
        name: layer.name,
        tensors: { weight: put(w[0]), bias: put(w[1]), running_mean: put(w[2]), running_var: put(w[3]) },
      });
    else if (cls === 'Dense')
      layers.push({ name: layer.name, tensors: { weight: put(w[0], [1, 0]), bias: put(w[1]) } });
  }
  const data = new Float32Array(offset);
  parts.reduce((o, p) => (data.set(p, o), o + p.length), 0);
  return { layers, data };
}

/** PyTorch's time for one batch (ms) with the TF.js weights, and its max |logit difference| from TF.js. */
export function torchOnSameWeights(
  model: tf.LayersModel,
  x: tf.Tensor,
): { ms: number; maxDiff: number; maxLogit: number } | string {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { stdio: 'ignore' });
  } catch {
    return 'skipped: PyTorch (python3-torch, python3-torchvision) is not installed';
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mobilenet-torch-'));
  try {
    const { layers, data } = torchLayout(model);
    const logits = mobileNetLogits(model, x);
    const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ input: x.shape, layers }));
    writeFileSync(path.join(dir, 'weights.bin'), bytes(data));
    writeFileSync(path.join(dir, 'input.bin'), bytes(x.dataSync() as Float32Array));
    writeFileSync(path.join(dir, 'logits.bin'), bytes(logits.dataSync() as Float32Array));
    logits.dispose();
    const out = execFileSync('/usr/bin/python3', ['scripts/bench/mobilenet.py', String(x.shape[0]), '1', dir]);
    return JSON.parse(out.toString()) as { ms: number; maxDiff: number; maxLogit: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
