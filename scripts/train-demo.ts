// Trains the three demo models and writes them as TF.js layers models under public/models/<id>/.
//
//   npm run train-demo -- [--data DIR] [--models lenet300,lenet5,vgg] [--backend wasm|cpu]
//                         [--torch-out DIR [--skip-training]] [--epochs N] [--threads N]
//
// Training runs in PyTorch (scripts/train_demo_torch.py; far faster than TF.js on a CPU). This
// script then builds each model in TF.js itself, converts PyTorch's layouts to TF.js's, evaluates
// the TF.js model on the 10k test set and refuses to write it unless it scores what PyTorch scored.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { FASHION_MNIST_CLASSES } from '../src/core/data/fashion-mnist';
import { loadIdxPair } from '../src/core/data/idx';
import { layersModelToFiles } from '../src/core/engine/tfjs-layers/model-artifacts';
import type { LabelledImages, Metrics } from '../src/core/types';

const MODEL_IDS = ['lenet300', 'lenet5', 'vgg'] as const;
type ModelId = (typeof MODEL_IDS)[number];
/** Largest top-1 difference (percentage points) between PyTorch and the converted TF.js model. */
const MAX_TOP1_DIFF = 0.05;
/** Largest logit difference on the probe images (float32 summation order differs between libraries). */
const MAX_PROBE_LOGIT_DIFF = 1e-3;

interface TorchTensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface TorchManifest {
  id: string;
  tensors: TorchTensorEntry[];
  recipe: {
    optimizer: string;
    lr: number;
    lrSchedule: string;
    epochs: number;
    batch: number;
    weightDecay: number;
    augmentation: string;
    seed: number;
    seconds: number;
    framework: string;
    threads: number;
    images: number;
  };
  metrics: Metrics;
  probe: { count: number; logits: number[][] };
}

interface ModelSpec {
  name: string;
  description: string;
  inputShape: number[];
  build: () => tf.Sequential;
  /** For each TF.js layer with weights: the PyTorch module it comes from, and how to convert it. */
  conversions: Record<string, { from: string; kind: 'conv' | 'dense' | 'bn'; flattenFrom?: [number, number, number] }>;
}

const conv = (name: string, filters: number, kernelSize: number, padding: 'valid' | 'same', extra: object = {}) =>
  tf.layers.conv2d({ name, filters, kernelSize, padding, useBias: true, ...extra });
const bn = (name: string) => tf.layers.batchNormalization({ name, epsilon: 1e-5, momentum: 0.9 });
const relu = (name: string) => tf.layers.activation({ name, activation: 'relu' });
const pool = (name: string) => tf.layers.maxPooling2d({ name, poolSize: 2, strides: 2 });

const SPECS: Record<ModelId, ModelSpec> = {
  lenet300: {
    name: 'LeNet-300-100',
    description:
      'The fully-connected LeNet-300-100 (784-300-100-10, ReLU) that Han et al. (2015, "Learning both Weights and ' +
      'Connections for Efficient Neural Networks") pruned 12x on MNIST without accuracy loss, trained here on ' +
      'Fashion-MNIST. Three dense layers and no convolutions: the classic playground for element-wise ' +
      'magnitude pruning.',
    inputShape: [784],
    build: () =>
      tf.sequential({
        name: 'lenet300',
        layers: [
          tf.layers.dense({ name: 'fc1', inputShape: [784], units: 300, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 100, activation: 'relu' }),
          tf.layers.dense({ name: 'fc3', units: 10 }),
        ],
      }),
    conversions: {
      fc1: { from: 'fc1', kind: 'dense' },
      fc2: { from: 'fc2', kind: 'dense' },
      fc3: { from: 'fc3', kind: 'dense' },
    },
  },
  lenet5: {
    name: 'LeNet-5 (Caffe variant)',
    description:
      'LeNet-5 in the Caffe variant used by Han et al. (2015, "Learning both Weights and Connections for Efficient ' +
      'Neural Networks"): two valid 5x5 convolutions with 20 and 50 filters (ReLU, 2x2 max pooling), then a 500-unit ' +
      'dense layer and the 10-way classifier, about 431k parameters, most of them in fc1. Trained on Fashion-MNIST; ' +
      'shows how differently convolution and fully-connected layers tolerate pruning.',
    inputShape: [28, 28, 1],
    build: () =>
      tf.sequential({
        name: 'lenet5',
        layers: [
          conv('conv1', 20, 5, 'valid', { inputShape: [28, 28, 1], activation: 'relu' }),
          pool('pool1'),
          conv('conv2', 50, 5, 'valid', { activation: 'relu' }),
          pool('pool2'),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ name: 'fc1', units: 500, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 10 }),
        ],
      }),
    conversions: {
      conv1: { from: 'conv1', kind: 'conv' },
      conv2: { from: 'conv2', kind: 'conv' },
      fc1: { from: 'fc1', kind: 'dense', flattenFrom: [50, 4, 4] },
      fc2: { from: 'fc2', kind: 'dense' },
    },
  },
  vgg: {
    name: 'Small VGG-style CNN',
    description:
      'A small CNN in the style of VGG (Simonyan & Zisserman 2015, "Very Deep Convolutional Networks for Large-Scale ' +
      'Image Recognition"): four 3x3 convolutions (16, 32, 32, 64 filters, with bias) each followed by batch ' +
      'normalization and ReLU, three 2x2 max pools, a 128-unit dense layer and the 10-way classifier. Trained on ' +
      'Fashion-MNIST with random-crop augmentation. Its conv-BN pairs make it the demo for filter pruning and ' +
      "thinning (Li et al. 2017), where a removed filter also removes its BN entry and the next layer's input channel.",
    inputShape: [28, 28, 1],
    build: () =>
      tf.sequential({
        name: 'vgg',
        layers: [
          conv('conv1', 16, 3, 'same', { inputShape: [28, 28, 1] }),
          bn('bn1'),
          relu('relu1'),
          pool('pool1'),
          conv('conv2', 32, 3, 'same'),
          bn('bn2'),
          relu('relu2'),
          pool('pool2'),
          conv('conv3', 32, 3, 'same'),
          bn('bn3'),
          relu('relu3'),
          conv('conv4', 64, 3, 'same'),
          bn('bn4'),
          relu('relu4'),
          pool('pool3'),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ name: 'fc1', units: 128, activation: 'relu' }),
          tf.layers.dense({ name: 'fc2', units: 10 }),
        ],
      }),
    conversions: {
      conv1: { from: 'conv1', kind: 'conv' },
      bn1: { from: 'bn1', kind: 'bn' },
      conv2: { from: 'conv2', kind: 'conv' },
      bn2: { from: 'bn2', kind: 'bn' },
      conv3: { from: 'conv3', kind: 'conv' },
      bn3: { from: 'bn3', kind: 'bn' },
      conv4: { from: 'conv4', kind: 'conv' },
      bn4: { from: 'bn4', kind: 'bn' },
      fc1: { from: 'fc1', kind: 'dense', flattenFrom: [64, 3, 3] },
      fc2: { from: 'fc2', kind: 'dense' },
    },
  },
};

interface Options {
  data: string;
  models: ModelId[];
  backend: string;
  torchOut: string | null;
  skipTraining: boolean;
  epochs: string | null;
  threads: string | null;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | null => {
    const i = argv.indexOf(name);
    if (i < 0) return null;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const models = (value('--models') ?? MODEL_IDS.join(',')).split(',').map((m) => m.trim());
  for (const m of models) {
    if (!(MODEL_IDS as readonly string[]).includes(m))
      throw new Error(`--models: unknown model "${m}"; expected ${MODEL_IDS.join(', ')}`);
  }
  const options: Options = {
    data: value('--data') ?? '/usr/share/datasets/fashion-mnist',
    models: models as ModelId[],
    backend: value('--backend') ?? 'wasm',
    torchOut: value('--torch-out'),
    skipTraining: argv.includes('--skip-training'),
    epochs: value('--epochs'),
    threads: value('--threads'),
  };
  if (options.skipTraining && options.torchOut === null)
    throw new Error("--skip-training needs --torch-out DIR (a previous run's output)");
  return options;
}

function runTorchTraining(options: Options, outDir: string): void {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const args = [
    'scripts/train_demo_torch.py',
    '--data',
    options.data,
    '--out',
    outDir,
    '--models',
    options.models.join(','),
  ];
  if (options.epochs !== null) args.push('--epochs', options.epochs);
  if (options.threads !== null) args.push('--threads', options.threads);
  console.log(`$ ${python} ${args.join(' ')}`);
  const result = spawnSync(python, args, { stdio: 'inherit' });
  if (result.error)
    throw new Error(`could not start ${python}: ${result.error.message} (set PYTHON to a python with torch)`);
  if (result.status !== 0) throw new Error(`PyTorch training failed (exit code ${result.status})`);
}

function readTorchModel(
  dir: string,
  id: ModelId,
): { manifest: TorchManifest; tensors: Map<string, { shape: number[]; data: Float32Array }> } {
  const manifest = JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8')) as TorchManifest;
  const bytes = readFileSync(join(dir, id, 'tensors.bin'));
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of manifest.tensors) {
    // Copy out of the Buffer: its byteOffset need not be 4-aligned. Data is little-endian, like every host here.
    const data = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + t.offset, bytes.byteOffset + t.offset + 4 * t.length),
    );
    tensors.set(t.name, { shape: t.shape, data });
  }
  return { manifest, tensors };
}

/** Converts one PyTorch module's tensors into the TF.js layer's weights, in the layer's weight order. */
function convertLayerWeights(
  kind: 'conv' | 'dense' | 'bn',
  get: (suffix: string) => { shape: number[]; data: Float32Array },
  flattenFrom?: [number, number, number],
): tf.Tensor[] {
  return tf.tidy(() => {
    const t = (suffix: string) => {
      const { shape, data } = get(suffix);
      return tf.tensor(data, shape);
    };
    if (kind === 'conv') return [t('weight').transpose([2, 3, 1, 0]), t('bias')]; // [out,in,kh,kw] -> [kh,kw,in,out]
    if (kind === 'bn') return [t('weight'), t('bias'), t('running_mean'), t('running_var')];
    const weight = t('weight'); // [out, in]
    if (!flattenFrom) return [weight.transpose(), t('bias')];
    // PyTorch flattens NCHW (index c*H*W + h*W + w), TF.js flattens NHWC (h*W*C + w*C + c):
    // reorder the input rows so that row (h, w, c) of the TF.js kernel holds PyTorch's column (c, h, w).
    const [c, h, w] = flattenFrom;
    const out = weight.shape[0];
    return [
      weight
        .reshape([out, c, h, w])
        .transpose([2, 3, 1, 0])
        .reshape([h * w * c, out]),
      t('bias'),
    ];
  });
}

function loadTorchWeights(
  model: tf.Sequential,
  spec: ModelSpec,
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const conversion = spec.conversions[layer.name];
    if (!conversion) throw new Error(`no PyTorch source for TF.js layer ${layer.name}`);
    const get = (suffix: string) => {
      const entry = tensors.get(`${conversion.from}.${suffix}`);
      if (!entry) throw new Error(`PyTorch state_dict has no ${conversion.from}.${suffix}`);
      return entry;
    };
    const weights = convertLayerWeights(conversion.kind, get, conversion.flattenFrom);
    layer.setWeights(weights); // throws on any shape mismatch
    tf.dispose(weights);
  }
}

function inputBatch(ds: LabelledImages, start: number, end: number, inputShape: number[]): tf.Tensor {
  return tf.tidy(() => {
    const pixels = ds.pixels.subarray(start * ds.rows * ds.cols, end * ds.rows * ds.cols);
    return tf
      .tensor(pixels, [end - start, ...inputShape], 'int32')
      .toFloat()
      .div(255);
  });
}

/** Top-1/top-5 accuracy (percent) and mean cross-entropy (nats) of a logits model on a dataset. */
async function evaluateLogits(
  model: tf.LayersModel,
  ds: LabelledImages,
  inputShape: number[],
  batch = 1000,
): Promise<{ metrics: Metrics; logits: Float32Array }> {
  const classes = ds.numClasses;
  const logits = new Float32Array(ds.n * classes);
  for (let start = 0; start < ds.n; start += batch) {
    const end = Math.min(ds.n, start + batch);
    const x = inputBatch(ds, start, end, inputShape);
    const y = model.predict(x) as tf.Tensor;
    logits.set(await y.data(), start * classes);
    tf.dispose([x, y]);
  }
  let top1 = 0;
  let top5 = 0;
  let loss = 0;
  for (let i = 0; i < ds.n; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const target = row[ds.labels[i]];
    let above = 0;
    let max = -Infinity;
    for (const v of row) {
      if (v > target) above++;
      if (v > max) max = v;
    }
    if (above < 1) top1++;
    if (above < 5) top5++;
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    loss += Math.log(sum) + max - target;
  }
  return { metrics: { top1: (100 * top1) / ds.n, top5: (100 * top5) / ds.n, loss: loss / ds.n, n: ds.n }, logits };
}

function maxProbeDiff(logits: Float32Array, probe: number[][]): number {
  let diff = 0;
  probe.forEach((row, i) => row.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - logits[i * row.length + j])))));
  return diff;
}

function architecture(model: tf.Sequential) {
  return model.layers.map((layer) => ({
    layer: layer.name,
    class: layer.getClassName(),
    outputShape: (layer.outputShape as (number | null)[]).slice(1),
    params: layer.countParams(),
  }));
}

function prunableParams(model: tf.Sequential): number {
  // Rank-2 dense kernels and rank-4 conv kernels (REFERENCE: biases and BN vectors are not pruned).
  const shapes = model.weights.map((w) => w.shape as number[]);
  return shapes.filter((s) => s.length === 2 || s.length === 4).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

async function buildConvertAndSave(
  id: ModelId,
  torchDir: string,
  test: LabelledImages,
  outRoot: string,
): Promise<void> {
  const spec = SPECS[id];
  const { manifest, tensors } = readTorchModel(torchDir, id);
  const model = spec.build();
  loadTorchWeights(model, spec, tensors);

  const started = performance.now();
  const { metrics, logits } = await evaluateLogits(model, test, spec.inputShape);
  const evalSeconds = (performance.now() - started) / 1000;
  const probeDiff = maxProbeDiff(logits, manifest.probe.logits);
  const top1Diff = Math.abs(metrics.top1 - manifest.metrics.top1);
  console.log(
    `[${id}] TF.js (${tf.getBackend()}) top1 ${metrics.top1.toFixed(2)} top5 ${metrics.top5.toFixed(2)} ` +
      `loss ${metrics.loss.toFixed(4)} ` +
      `in ${evalSeconds.toFixed(1)} s | PyTorch top1 ${manifest.metrics.top1.toFixed(2)} | max probe logit ` +
      `diff ${probeDiff.toExponential(2)}`,
  );
  if (top1Diff > MAX_TOP1_DIFF || probeDiff > MAX_PROBE_LOGIT_DIFF) {
    model.dispose();
    throw new Error(
      `${id}: conversion check failed: TF.js top1 ${metrics.top1} vs PyTorch ${manifest.metrics.top1} ` +
        `(limit ${MAX_TOP1_DIFF} points), probe logit diff ${probeDiff} (limit ${MAX_PROBE_LOGIT_DIFF})`,
    );
  }

  const files = await layersModelToFiles(model, 'weights.bin');
  // Read the written files back as the app will, and check they give the same logits.
  const reloaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: JSON.parse(files.modelJson).modelTopology,
      weightSpecs: JSON.parse(files.modelJson).weightsManifest[0].weights,
      weightData: files.weights.slice().buffer,
    }),
  );
  const probeInput = inputBatch(test, 0, manifest.probe.count, spec.inputShape);
  const probeOut = reloaded.predict(probeInput) as tf.Tensor;
  const reloadDiff = maxProbeDiff(new Float32Array(await probeOut.data()), manifest.probe.logits);
  tf.dispose([probeInput, probeOut]);
  reloaded.dispose();
  if (reloadDiff > MAX_PROBE_LOGIT_DIFF)
    throw new Error(`${id}: the saved model.json/weights.bin do not reproduce the logits (diff ${reloadDiff})`);

  const r = manifest.recipe;
  const card = {
    id,
    name: spec.name,
    description: spec.description,
    architecture: architecture(model),
    params: model.countParams(),
    prunableParams: prunableParams(model),
    input: { shape: spec.inputShape, features: 784, scaling: 'unit' as const },
    outputs: 'logits' as const,
    classes: [...FASHION_MNIST_CLASSES],
    metrics: { top1: round(metrics.top1, 2), top5: round(metrics.top5, 2), loss: round(metrics.loss, 4), n: metrics.n },
    training: {
      framework:
        `${r.framework} (CPU, ${r.threads} thread${r.threads === 1 ? '' : 's'}), converted to ` +
        `TF.js ${tf.version.tfjs}`,
      data: 'Fashion-MNIST training set',
      images: r.images,
      epochs: r.epochs,
      optimizer: r.optimizer,
      lr: r.lr,
      lrSchedule: r.lrSchedule,
      batch: r.batch,
      weightDecay: r.weightDecay,
      augmentation: r.augmentation,
      seed: r.seed,
      seconds: r.seconds,
    },
    conversion: {
      torchMetrics: {
        top1: round(manifest.metrics.top1, 2),
        top5: round(manifest.metrics.top5, 2),
        loss: round(manifest.metrics.loss, 4),
      },
      maxProbeLogitDiff: Number(probeDiff.toExponential(2)),
    },
    createdBy: 'npm run train-demo',
  };
  model.dispose();

  const dir = join(outRoot, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'weights.bin'), files.weights);
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  console.log(`[${id}] wrote ${dir}/model.json, weights.bin (${files.weights.byteLength} bytes), card.json`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const torchDir = options.torchOut ? resolve(options.torchOut) : mkdtempSync(join(tmpdir(), 'prunelab-train-'));
  try {
    if (!options.skipTraining) runTorchTraining(options, torchDir);
    const backendReady = await tf.setBackend(options.backend).catch(() => false);
    if (!backendReady) {
      console.warn(`backend ${options.backend} unavailable, using cpu`);
      await tf.setBackend('cpu');
    }
    const read = (name: string) => readFileSync(join(options.data, name));
    const test = await loadIdxPair(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'), {
      images: 't10k-images',
      labels: 't10k-labels',
    });
    for (const id of options.models) await buildConvertAndSave(id, torchDir, test, resolve('public/models'));
  } finally {
    if (!options.torchOut) rmSync(torchDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
