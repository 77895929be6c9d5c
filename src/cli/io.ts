// Node file access for the command line: model specs (demo ids or a model.json path), datasets
// (demo, idx, image folders, CIFAR, NumPy, CSV) and writing a TF.js layers model to a folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { DataFormatError, loadIdxPair } from '../core/data/idx';
import { openDataset, type DatasetFile, type OpenDatasetOptions } from '../core/data/open-dataset';
import { decodePng, isPng } from '../core/data/png';
import type { DataLoader } from '../core/lab/data-loader';
import { LabService } from '../core/lab/lab-service';
import type { EvalSettings, ModelInfo } from '../core/lab/types';
import { decodeModel } from '../core/engine/onnx/onnx-model';
import { externalDataFiles } from '../core/engine/onnx/onnx-tensor-data';
import { layersModelToFiles } from '../core/engine/tfjs-layers/model-artifacts';
import type { InputScaling, LabelledImages, NamedBytes } from '../core/types';
import { datasetOptionsFromFlags, describeMapping, mappingFromFlags } from './data-flags';
import { parseMemoryBudget } from './args';
import { CliError } from './errors';
import type { CliOutput } from './output';

type Values = Record<string, string | boolean | undefined>;

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

/**
 * An .onnx file and the external data files it names (read from its folder, or the one file
 * --external-data gives, whatever its name), or a Keras .h5/.keras.
 */
function readSingleFileModel(spec: string, externalData?: string): CliModelFiles {
  if (!existsSync(spec)) throw new CliError(`missing file ${spec} (--model)`);
  const files: NamedBytes[] = [{ name: path.basename(spec), bytes: toArrayBuffer(readFileSync(spec)) }];
  if (/\.onnx$/i.test(spec)) {
    let names: string[] = [];
    try {
      names = externalDataFiles(decodeModel(new Uint8Array(files[0].bytes), path.basename(spec)));
    } catch {
      // the engine reports a file it cannot read, with the reason
    }
    if (externalData !== undefined && names.length !== 1)
      throw new CliError(
        names.length === 0
          ? `--external-data ${externalData}: ${spec} keeps all its weights inside the file; drop --external-data`
          : `--external-data gives one file; ${spec} names ${names.length} (${names.join(', ')}): put them beside it`,
        2,
      );
    for (const name of names) {
      const file = externalData ?? path.join(path.dirname(spec), name);
      if (!existsSync(file)) throw new CliError(`missing file ${file} (the external data of ${spec})`);
      files.push({ name, bytes: toArrayBuffer(readFileSync(file)) });
    }
  }
  return { files, scaling: scalingFromCard(path.dirname(spec)) };
}

/** The weight file paths a model.json's manifest lists (those written as strings). */
function manifestPaths(json: unknown): string[] {
  const groups = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: { paths?: unknown } | null) =>
    Array.isArray(g?.paths) ? g.paths.filter((p): p is string => typeof p === 'string') : [],
  );
}

/** A manifest path as a file beside model.json; a path that leaves the model's folder is refused. */
function weightFilePath(p: string, jsonPath: string): string {
  let decoded = p;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    // kept as written
  }
  if (path.isAbsolute(decoded) || decoded.split(/[\\/]/).includes('..'))
    throw new CliError(`${jsonPath}: the weightsManifest names ${JSON.stringify(p)}, outside the model's folder`, 2);
  return decoded;
}

/**
 * Reads --model: an .onnx (with its external data), a Keras .h5/.keras, or a model.json (TF.js
 * layers or graph model) and the weight files its manifest names, from the same folder.
 */
export function readCliModel(spec: string, externalData?: string): CliModelFiles {
  if (externalData !== undefined && !/\.onnx$/i.test(spec))
    throw new CliError(`--external-data goes with an .onnx model; --model ${spec} is not one`, 2);
  if (/\.(onnx|h5|keras)$/i.test(spec))
    return readSingleFileModel(spec.startsWith('demo:') ? modelJsonPath(spec) : spec, externalData);
  const jsonPath = modelJsonPath(spec);
  if (!existsSync(jsonPath)) throw new CliError(`missing file ${jsonPath} (the model.json of --model ${spec})`);
  const dir = path.dirname(jsonPath);
  const text = readFileSync(jsonPath);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new CliError(`${jsonPath} is not valid JSON: ${(e as Error).message}`, 2);
  }
  const files: NamedBytes[] = [{ name: 'model.json', bytes: toArrayBuffer(text) }];
  // A malformed manifest is left to the model reader, which says what is wrong with it.
  for (const p of new Set(manifestPaths(manifest))) {
    const file = path.join(dir, weightFilePath(p, jsonPath));
    if (!existsSync(file)) throw new CliError(`missing file ${file} (named in the weightsManifest of ${jsonPath})`, 2);
    files.push({ name: p, bytes: toArrayBuffer(readFileSync(file)) });
  }
  return { files, scaling: scalingFromCard(dir) };
}

/**
 * The lab of the command line: the input mapping of the flags goes with every evaluation setting,
 * and what reading the data noticed (skipped images, the mapping in force) goes to stderr.
 */
class CliLab extends LabService {
  constructor(
    private readonly flags: Values,
    private readonly io: CliOutput | null,
  ) {
    super({ quickEstimate: false });
  }

  override async loadData(loader: DataLoader) {
    const loaded = await super.loadData(loader);
    for (const notice of loaded.dataset.notices ?? []) this.io?.err(`note: ${notice}`);
    this.reportMapping();
    return loaded;
  }

  override setEvalSettings(settings: EvalSettings) {
    const mapping = mappingFromFlags(this.flags, this.current().engine.inputShape, settings.scaling);
    const fit = super.setEvalSettings({ ...settings, mapping: settings.mapping ?? mapping });
    this.reportMapping();
    return fit;
  }

  private reported = 'null';

  /** Says how the data is fed when a mapping is in force (once per mapping). */
  private reportMapping(): void {
    const inForce = this.current().info.mapping ?? null;
    if (!this.dataset() || JSON.stringify(inForce) === this.reported) return;
    this.reported = JSON.stringify(inForce);
    this.io?.err(describeMapping(inForce));
  }
}

/** A lab service (full figures only) holding the model of --model, with the model card's input scaling. */
export async function openCliLab(
  spec: string,
  flags: Values = {},
  io: CliOutput | null = null,
): Promise<{ lab: LabService; model: ModelInfo; scaling: InputScaling }> {
  const externalData = flags['external-data'];
  const { files, scaling } = readCliModel(spec, typeof externalData === 'string' ? externalData : undefined);
  const lab = new CliLab(flags, io);
  const budget = parseMemoryBudget(typeof flags['memory-budget'] === 'string' ? flags['memory-budget'] : undefined);
  if (budget !== undefined) lab.memoryBudget = budget;
  const model = await lab.loadModel(files, { source: 'files' });
  for (const notice of model.notices ?? []) io?.err(`note: ${notice}`);
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

/** Node has no image decoder without native packages: PNG is decoded here, other formats need the page. */
async function nodeDecode(bytes: ArrayBuffer, name: string) {
  const u = new Uint8Array(bytes);
  if (isPng(u)) return decodePng(u, name);
  throw new DataFormatError(`${name}: the command line decodes PNG images only (JPEG, WebP: use the page, or convert)`);
}

/** Every file under `dir` (hidden ones left out) with its path relative to `dir`, and the folders seen. */
function readTree(dir: string): { files: DatasetFile[]; dirs: string[] } {
  const files: DatasetFile[] = [];
  const dirs: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      if (name.startsWith('.')) continue;
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      if (statSync(full).isDirectory()) {
        dirs.push(r);
        walk(r);
      } else files.push({ path: r, bytes: toArrayBuffer(readFileSync(full)) });
    }
  };
  walk('');
  return { files, dirs };
}

function hasIdx(names: string[]): boolean {
  return names.some((n) => /idx\d/i.test(n));
}

/**
 * `demo` (the shipped Fashion-MNIST test set), a folder with one idx images and one idx labels file,
 * an image folder (class subfolders; PNG), a folder of CIFAR binary batches, or an .npz/.npy/.csv/.zip.
 */
export async function loadCliData(
  spec: string,
  opts: OpenDatasetOptions = {},
  which: 'test' | 'train' = 'test',
): Promise<LabelledImages> {
  const dir = spec === 'demo' ? path.join(PUBLIC_DIR, 'data', 'fashion-mnist') : spec;
  if (!existsSync(dir))
    throw new CliError(`missing data ${dir} (--data demo, a data folder, or an .npz/.npy/.csv/.zip file)`);
  const read = async (files: DatasetFile[], dirs: string[] = []) => {
    try {
      return (await openDataset(files, { ...opts, decode: nodeDecode, dirs }, which)).images;
    } catch (e) {
      if (e instanceof DataFormatError) throw new CliError(e.message, 2);
      throw e;
    }
  };
  if (!statSync(dir).isDirectory())
    return read([{ path: path.basename(dir), bytes: toArrayBuffer(readFileSync(dir)) }]);
  const names = readdirSync(dir);
  if (!hasIdx(names)) {
    const { files, dirs } = readTree(dir);
    if (files.length === 0) throw new CliError(`the data folder ${dir} is empty`);
    return read(
      files.map((f) => ({ ...f, path: `${path.basename(path.resolve(dir))}/${f.path}` })),
      dirs,
    );
  }
  const images = pickFile(dir, names, /images.*idx3|idx3.*images/i, 'images');
  const labels = pickFile(dir, names, /labels.*idx1|idx1.*labels/i, 'labels');
  return loadIdxPair(new Uint8Array(readFileSync(images)), new Uint8Array(readFileSync(labels)), {
    images: path.basename(images),
    labels: path.basename(labels),
  });
}

/** The shipped 10k training subset, or a dataset as --data takes it (CIFAR: the training batches). */
async function loadTrainData(spec: string | undefined, opts: OpenDatasetOptions): Promise<LabelledImages> {
  if (spec !== undefined && spec !== 'demo') return loadCliData(spec, opts, 'train');
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
export function cliDataLoader(test: string | undefined, train?: string, flags: Values = {}): DataLoader {
  const spec = test ?? 'demo';
  const opts = datasetOptionsFromFlags(flags);
  return {
    test: async () => ({ name: spec, images: await loadCliData(spec, opts) }),
    train: () => loadTrainData(train, opts),
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
