// Trains the demo models and writes them as TF.js layers models under public/models/<id>/, with the
// residual and MobileNet-style demos also as model.onnx.
//
//   npm run train-demo -- [--data DIR] [--models lenet300,lenet5,vgg,resnet8,mobilenet-fm] [--backend wasm|cpu]
//                         [--torch-out DIR [--skip-training]] [--epochs N] [--threads N]
//
// Training runs in PyTorch (scripts/train_demo_torch.py; far faster than TF.js on a CPU). This
// script then builds each model in TF.js itself, converts PyTorch's layouts to TF.js's, evaluates
// the TF.js model on the 10k test set and refuses to write it unless it scores what PyTorch scored.
// An ONNX export is evaluated in onnxruntime-web and must score what PyTorch and the TF.js model scored.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { FASHION_MNIST_CLASSES } from '../src/core/data/fashion-mnist';
import { loadIdxPair } from '../src/core/data/idx';
import { layersModelToFiles } from '../src/core/engine/tfjs-layers/model-artifacts';
import { checkOnnxExport, MAX_FORMAT_LOGIT_DIFF } from './demo-onnx-check';
import { MODEL_IDS, SPECS, type ConversionKind, type ModelId, type ModelSpec } from './demo-specs';
import type { LabelledImages, Metrics } from '../src/core/types';
import { maxProbeDiff, metricsFromLogits, round } from './demo-metrics';

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
  kind: ConversionKind,
  get: (suffix: string) => { shape: number[]; data: Float32Array } | undefined,
  flattenFrom?: [number, number, number],
): tf.Tensor[] {
  return tf.tidy(() => {
    const t = (suffix: string) => {
      const entry = get(suffix);
      if (!entry) throw new Error(`PyTorch state_dict has no ${suffix} for this layer`);
      return tf.tensor(entry.data, entry.shape);
    };
    const bias = get('bias') ? [t('bias')] : []; // convs before a BatchNorm have none
    if (kind === 'conv') return [t('weight').transpose([2, 3, 1, 0]), ...bias]; // [out,in,kh,kw] -> [kh,kw,in,out]
    if (kind === 'depthwise') return [t('weight').transpose([2, 3, 0, 1]), ...bias]; // [C,1,kh,kw] -> [kh,kw,C,1]
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
  model: tf.LayersModel,
  spec: ModelSpec,
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const conversion = spec.conversions[layer.name];
    if (!conversion) throw new Error(`no PyTorch source for TF.js layer ${layer.name}`);
    const get = (suffix: string) => tensors.get(`${conversion.from}.${suffix}`);
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
  return { metrics: metricsFromLogits(logits, ds), logits };
}

function architecture(model: tf.LayersModel) {
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => ({
      layer: layer.name,
      class: layer.getClassName(),
      outputShape: (layer.outputShape as (number | null)[]).slice(1),
      params: layer.countParams(),
    }));
}

/** Multiply-accumulates per image: every kernel weight once per output position. */
function macs(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const kernel = layer.weights.find((w) => w.shape.length === 2 || w.shape.length === 4);
    if (!kernel) continue;
    const out = (layer.outputShape as number[]).slice(1);
    const positions = kernel.shape.length === 4 ? out[0] * out[1] : 1;
    total += positions * (kernel.shape as number[]).reduce((a, b) => a * b, 1);
  }
  return total;
}

function prunableParams(model: tf.LayersModel): number {
  // Rank-2 dense kernels and rank-4 conv kernels (REFERENCE: biases and BN vectors are not pruned).
  const shapes = model.weights.map((w) => w.shape as number[]);
  return shapes.filter((s) => s.length === 2 || s.length === 4).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
}

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

  const onnxFile = join(torchDir, id, 'model.onnx');
  const onnx = spec.onnx ? await checkOnnxExport(onnxFile, test, logits, manifest.probe.logits) : null;
  if (onnx) {
    console.log(
      `[${id}] ONNX (${onnx.runtime}) top1 ${onnx.metrics.top1.toFixed(2)} | max logit diff vs TF.js ` +
        `${onnx.maxLogitDiffVsTfjs.toExponential(2)} on ${test.n} images, top-1 differs on ${onnx.top1Disagreements}`,
    );
    if (
      Math.abs(onnx.metrics.top1 - manifest.metrics.top1) > MAX_TOP1_DIFF ||
      onnx.maxProbeLogitDiff > MAX_PROBE_LOGIT_DIFF ||
      onnx.maxLogitDiffVsTfjs > MAX_FORMAT_LOGIT_DIFF ||
      onnx.top1Disagreements > 1
    ) {
      model.dispose();
      throw new Error(`${id}: model.onnx does not compute what PyTorch and the TF.js model compute`);
    }
  }

  const r = manifest.recipe;
  const card = {
    id,
    name: spec.name,
    description: spec.description,
    architecture: architecture(model),
    params: model.countParams(),
    prunableParams: prunableParams(model),
    macs: macs(model),
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
    ...(onnx && {
      onnx: {
        file: 'model.onnx',
        exportedBy: `torch.onnx.export (${r.framework}, opset 13, BatchNormalization kept as nodes)`,
        runtime: onnx.runtime,
        metrics: {
          top1: round(onnx.metrics.top1, 2),
          top5: round(onnx.metrics.top5, 2),
          loss: round(onnx.metrics.loss, 4),
          n: onnx.metrics.n,
        },
        maxLogitDiffVsTfjs: Number(onnx.maxLogitDiffVsTfjs.toExponential(2)),
        top1DisagreementsVsTfjs: onnx.top1Disagreements,
      },
    }),
    createdBy: 'npm run train-demo',
  };
  model.dispose();

  const dir = join(outRoot, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'weights.bin'), files.weights);
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  if (onnx) copyFileSync(onnxFile, join(dir, 'model.onnx'));
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
