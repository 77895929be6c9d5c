// Node file access for the command line: model specs (demo ids or a model.json path), datasets
// (demo or an idx folder) and writing a TF.js layers model to a folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { loadIdxPair } from '../core/data/idx';
import type { DataLoader } from '../core/lab/data-loader';
import { LabService } from '../core/lab/lab-service';
import type { ModelInfo } from '../core/lab/types';
import { decodeModel } from '../core/engine/onnx/onnx-model';
import { externalDataFiles } from '../core/engine/onnx/onnx-tensor-data';
import { layersModelToFiles } from '../core/engine/tfjs-layers/model-artifacts';
import type { InputScaling, LabelledImages, NamedBytes } from '../core/types';
import { CliError } from './errors';

/** The repository's public/ folder (demo models and data), found from this file, not the cwd. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');
/** Demo folders under public/models/; `demo:<id>.onnx` names a demo's model.onnx where it has one. */
export const DEMO_MODELS = ['lenet300', 'lenet5', 'vgg', 'resnet8', 'mobilenet-fm'] as const;
const ONNX_DEMOS: readonly string[] = ['resnet8', 'mobilenet-fm'];
const DEMO_SPECS = [...DEMO_MODELS, ...ONNX_DEMOS.map((d) => `${d}.onnx`)];

export interface CliModelFiles {
  files: NamedBytes[];
  /** from a card.json beside model.json (demo models), else unit scaling x / 255 */
  scaling: InputScaling;
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function modelJsonPath(spec: string): string {
  if (spec.startsWith('demo:')) {
    const id = spec.slice(5);
    if (!DEMO_SPECS.includes(id)) {
      throw new CliError(
        `unknown demo model '${id}'; demo models: ${DEMO_SPECS.map((d) => `demo:${d}`).join(', ')}`,
        2,
      );
    }
    const onnx = id.endsWith('.onnx');
    return path.join(PUBLIC_DIR, 'models', onnx ? id.slice(0, -5) : id, onnx ? 'model.onnx' : 'model.json');
  }
  if (existsSync(spec) && statSync(spec).isDirectory()) return path.join(spec, 'model.json');
  return spec;
}

function scalingFromCard(dir: string): InputScaling {
  const card = path.join(dir, 'card.json');
  if (!existsSync(card)) return { kind: 'unit' };
  try {
    const s = (JSON.parse(readFileSync(card, 'utf8')) as { input?: { scaling?: unknown } }).input?.scaling;
    if (s === 'unit' || s === 'symmetric') return { kind: s };
    if (s && typeof s === 'object' && (s as InputScaling).kind) return s as InputScaling;
  } catch {
    // a broken card only loses the scaling hint
  }
  return { kind: 'unit' };
}

/** An .onnx file and the external data files it names (read from its folder), or a Keras .h5/.keras. */
function readSingleFileModel(spec: string): CliModelFiles {
  if (!existsSync(spec)) throw new CliError(`missing file ${spec} (--model)`);
  const files: NamedBytes[] = [{ name: path.basename(spec), bytes: toArrayBuffer(readFileSync(spec)) }];
  if (/\.onnx$/i.test(spec)) {
    let names: string[] = [];
    try {
      names = externalDataFiles(decodeModel(new Uint8Array(files[0].bytes), path.basename(spec)));
    } catch {
      // the engine reports a file it cannot read, with the reason
    }
    for (const name of names) {
      const file = path.join(path.dirname(spec), name);
      if (!existsSync(file)) throw new CliError(`missing file ${file} (the external data of ${spec})`);
      files.push({ name, bytes: toArrayBuffer(readFileSync(file)) });
    }
  }
  return { files, scaling: scalingFromCard(path.dirname(spec)) };
}

/**
 * Reads --model: an .onnx (with its external data), a Keras .h5/.keras, or a model.json (TF.js
 * layers or graph model) and the weight files its manifest names, from the same folder.
 */
export function readCliModel(spec: string): CliModelFiles {
  if (/\.(onnx|h5|keras)$/i.test(spec))
    return readSingleFileModel(spec.startsWith('demo:') ? modelJsonPath(spec) : spec);
  const jsonPath = modelJsonPath(spec);
  if (!existsSync(jsonPath)) throw new CliError(`missing file ${jsonPath} (the model.json of --model ${spec})`);
  const dir = path.dirname(jsonPath);
  const text = readFileSync(jsonPath);
  let manifest: { weightsManifest?: { paths?: string[] }[] };
  try {
    manifest = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new CliError(`${jsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  const files: NamedBytes[] = [{ name: 'model.json', bytes: toArrayBuffer(text) }];
  for (const p of new Set((manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? []))) {
    const file = path.join(dir, decodeURIComponent(p));
    if (!existsSync(file)) throw new CliError(`missing file ${file} (named in the weightsManifest of ${jsonPath})`);
    files.push({ name: p, bytes: toArrayBuffer(readFileSync(file)) });
  }
  return { files, scaling: scalingFromCard(dir) };
}

/** A lab service (full figures only) holding the model of --model, with the model card's input scaling. */
export async function openCliLab(spec: string): Promise<{ lab: LabService; model: ModelInfo; scaling: InputScaling }> {
  const { files, scaling } = readCliModel(spec);
  const lab = new LabService({ quickEstimate: false });
  const model = await lab.loadModel(files, { source: 'files' });
  lab.setEvalSettings({ scaling, limit: null });
  return { lab, model, scaling };
}

function pickFile(dir: string, names: string[], pattern: RegExp, what: string): string {
  const matches = names.filter((n) => pattern.test(n));
  const preferred = matches.filter((n) => /t10k|test/i.test(n));
  const pick = preferred.length === 1 ? preferred : matches;
  if (pick.length === 0)
    throw new CliError(
      `missing ${what} file in ${dir} (expected a name like ` +
        `*${what}*${what === 'images' ? 'idx3' : 'idx1'}*, .gz or not)`,
    );
  if (pick.length > 1) throw new CliError(`several ${what} files in ${dir} (${pick.join(', ')}): keep one`);
  return path.join(dir, pick[0]);
}

/** `demo` (the shipped Fashion-MNIST test set) or a folder with one idx images and one idx labels file. */
export async function loadCliData(spec: string): Promise<LabelledImages> {
  const dir = spec === 'demo' ? path.join(PUBLIC_DIR, 'data', 'fashion-mnist') : spec;
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(`missing data folder ${dir} (--data demo or a folder of idx files)`);
  const names = readdirSync(dir);
  const images = pickFile(dir, names, /images.*idx3|idx3.*images/i, 'images');
  const labels = pickFile(dir, names, /labels.*idx1|idx1.*labels/i, 'labels');
  return loadIdxPair(new Uint8Array(readFileSync(images)), new Uint8Array(readFileSync(labels)), {
    images: path.basename(images),
    labels: path.basename(labels),
  });
}

/** The shipped 10k training subset, or a folder with one idx images and one idx labels file. */
async function loadTrainData(spec: string | undefined): Promise<LabelledImages> {
  if (spec !== undefined && spec !== 'demo') return loadCliData(spec);
  const dir = path.join(PUBLIC_DIR, 'data', 'fashion-mnist');
  const read = (f: string) => {
    const file = path.join(dir, f);
    if (!existsSync(file)) throw new CliError(`missing file ${file} (the shipped training subset)`);
    return new Uint8Array(readFileSync(file));
  };
  return loadIdxPair(read('train-10k-images-idx3-ubyte.gz'), read('train-10k-labels-idx1-ubyte.gz'), {
    images: 'train-10k-images-idx3-ubyte.gz',
    labels: 'train-10k-labels-idx1-ubyte.gz',
  });
}

/** The lab's data from --data (test set, default demo) and --train (training set, default the demo subset). */
export function cliDataLoader(test: string | undefined, train?: string): DataLoader {
  const spec = test ?? 'demo';
  return {
    test: async () => ({ name: spec, images: await loadCliData(spec) }),
    train: () => loadTrainData(train),
  };
}

/** Writes a model's files into `dir` (created if needed); returns the path of the first (model.json, x.onnx). */
export function writeCliFiles(files: NamedBytes[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f.name), new Uint8Array(f.bytes));
  return path.join(dir, files[0]?.name ?? 'model.json');
}

/** Writes model.json + weights.bin of a layers model into `dir`; returns the model.json path. */
export async function writeCliModel(model: tf.LayersModel, dir: string): Promise<string> {
  const files = await layersModelToFiles(model, 'weights.bin');
  return writeCliFiles(
    [
      { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson).buffer as ArrayBuffer },
      { name: 'weights.bin', bytes: files.weights.slice().buffer as ArrayBuffer },
    ],
    dir,
  );
}
