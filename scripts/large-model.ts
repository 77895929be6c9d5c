// Generates real-sized TF.js layers models (model.json + weights.bin) whose layers are named the way
// Keras names MobileNetV2 and ResNet, for the large-model bench and end-to-end test. They take
// Fashion-MNIST's 28×28×1 images and give 10 classes, so the lab evaluates them on its demo data.
//
//   node --import tsx scripts/large-model.ts <out-dir> [--style mobilenet|resnet] [--tensors N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { layersModelToFiles, type LayersModelFiles } from '../src/core/engine/tfjs-layers/model-artifacts';

export type LargeModelStyle = 'mobilenet' | 'resnet';

export interface LargeModelOptions {
  style: LargeModelStyle;
  /** prunable tensors wanted; the model has the nearest count its block structure allows */
  tensors: number;
  /** channels of the narrowest layers (small widths keep evaluation quick) */
  width?: number;
}

type Sym = tf.SymbolicTensor;

function conv(x: Sym, name: string, filters: number, kernel: number, stride = 1): Sym {
  return tf.layers
    .conv2d({ name, filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false })
    .apply(x) as Sym;
}

function bnRelu(x: Sym, name: string, relu = true): Sym {
  const y = tf.layers.batchNormalization({ name: `${name}_BN` }).apply(x) as Sym;
  return relu ? (tf.layers.reLU({ name: `${name}_relu`, maxValue: 6 }).apply(y) as Sym) : y;
}

/** MobileNetV2's inverted residual blocks: expand 1×1, depthwise 3×3, project 1×1 (3 tensors a block). */
function mobilenet(input: Sym, tensors: number, w: number): Sym {
  let x = bnRelu(conv(input, 'Conv1', w, 3, 2), 'bn_Conv1');
  const dw = tf.layers
    .depthwiseConv2d({ name: 'expanded_conv_depthwise', kernelSize: 3, padding: 'same', useBias: false })
    .apply(x) as Sym;
  x = bnRelu(dw, 'expanded_conv_depthwise');
  x = bnRelu(conv(x, 'expanded_conv_project', w, 1), 'expanded_conv_project', false);
  const blocks = Math.max(1, Math.round((tensors - 5) / 3));
  for (let b = 1; b <= blocks; b++) {
    const stride = b === 1 || b === 3 ? 2 : 1;
    const out = b < 3 ? w : 2 * w;
    const p = `block_${b}`;
    let y = bnRelu(conv(x, `${p}_expand`, 3 * w, 1), `${p}_expand`);
    const d = tf.layers
      .depthwiseConv2d({ name: `${p}_depthwise`, kernelSize: 3, strides: stride, padding: 'same', useBias: false })
      .apply(y) as Sym;
    y = bnRelu(d, `${p}_depthwise`);
    y = bnRelu(conv(y, `${p}_project`, out, 1), `${p}_project`, false);
    const same = stride === 1 && (x.shape[3] as number) === out;
    x = same ? (tf.layers.add({ name: `${p}_add` }).apply([x, y]) as Sym) : y;
  }
  x = bnRelu(conv(x, 'Conv_1', 4 * w, 1), 'Conv_1');
  return x;
}

/** ResNet's bottleneck blocks named as Keras does: conv{stage}_block{b}_{1,2,3}_conv, a 0_conv shortcut. */
function resnet(input: Sym, tensors: number, w: number): Sym {
  let x = bnRelu(conv(input, 'conv1_conv', w, 3, 2), 'conv1');
  const stages = 4;
  // 3 tensors a block plus a shortcut per stage, the stem and the classifier
  const perStage = Math.max(1, Math.round((tensors - 2 - stages) / 3 / stages));
  for (let s = 2; s < 2 + stages; s++) {
    const width = w * 2 ** Math.min(s - 2, 2);
    for (let b = 1; b <= perStage; b++) {
      const p = `conv${s}_block${b}`;
      const stride = b === 1 && s > 2 && s < 5 ? 2 : 1;
      const shortcut = b === 1 ? bnRelu(conv(x, `${p}_0_conv`, 4 * width, 1, stride), `${p}_0`, false) : x;
      let y = bnRelu(conv(x, `${p}_1_conv`, width, 1, stride), `${p}_1`);
      y = bnRelu(conv(y, `${p}_2_conv`, width, 3), `${p}_2`);
      y = bnRelu(conv(y, `${p}_3_conv`, 4 * width, 1), `${p}_3`, false);
      x = tf.layers.add({ name: `${p}_add` }).apply([shortcut, y]) as Sym;
      x = tf.layers.reLU({ name: `${p}_out` }).apply(x) as Sym;
    }
  }
  return x;
}

export function buildLargeModel(opts: LargeModelOptions): tf.LayersModel {
  const w = opts.width ?? 8;
  const input = tf.input({ shape: [28, 28, 1], name: 'input_1' });
  const body = opts.style === 'mobilenet' ? mobilenet(input, opts.tensors, w) : resnet(input, opts.tensors, w);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(body) as Sym;
  const logits = tf.layers
    .dense({ name: opts.style === 'mobilenet' ? 'Logits' : 'predictions', units: 10, activation: 'softmax' })
    .apply(pooled) as Sym;
  return tf.model({ inputs: input, outputs: logits, name: `${opts.style}_${opts.tensors}` });
}

/** The model's model.json text and weights.bin bytes. */
export async function largeModelFiles(opts: LargeModelOptions): Promise<LayersModelFiles> {
  // another module may have registered a backend that still initialises
  await tf.ready();
  const model = buildLargeModel(opts);
  try {
    return await layersModelToFiles(model);
  } finally {
    model.dispose();
  }
}

async function main(argv: string[]) {
  const out = argv[0];
  if (!out || out.startsWith('--')) throw new Error('usage: large-model.ts <out-dir> [--style S] [--tensors N]');
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const style = (flag('--style') ?? 'mobilenet') as LargeModelStyle;
  const files = await largeModelFiles({ style, tensors: Number(flag('--tensors') ?? 200) });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'model.json'), files.modelJson);
  writeFileSync(join(out, 'weights.bin'), files.weights);
  console.log(`wrote ${join(out, 'model.json')} and weights.bin (${files.weights.byteLength} bytes)`);
}

if (process.argv[1]?.endsWith('large-model.ts')) await main(process.argv.slice(2));
