// Opens a model from its files by type: .onnx (with its external data), a TF.js graph model's
// model.json, a Keras .h5 (or a Keras 3 .keras, refused with what to do), or a TF.js layers model.
import type { NamedBytes } from '../types';
import type { ModelEngine } from './model-engine';
import { ModelFormatError } from './tfjs-layers/model-format-error';
import { GraphModelEngine } from './tfjs-graph/graph-engine';
import { LayersEngine, openLayersModel } from './tfjs-layers/layers-engine';
import { checkManifestBudget } from './memory-budget';

export interface OpenModelOptions {
  /** bytes the weights may take as float32; a model that declares more is refused before loading (undefined: no limit) */
  memoryBudget?: number;
}

function baseName(name: string): string {
  return name.slice(name.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

function stem(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
}

function isGraphModelJson(file: NamedBytes): boolean {
  try {
    return (JSON.parse(new TextDecoder().decode(file.bytes)) as { format?: unknown }).format === 'graph-model';
  } catch {
    return false; // the layers loader reports the JSON error with its line and column
  }
}

/** The error classes whose messages are written for the person who dropped the files. */
const MODEL_INPUT_ERRORS = ['ModelFormatError', 'OnnxModelError', 'ModelArtifactsError'];

/**
 * Opens a model (see openModelFormat); every refusal is a typed error naming the file: a reader's own
 * message gets the file name in front when it lacks it, and anything else a reader throws (a
 * library's TypeError, RangeError or parse error) becomes a ModelFormatError saying the file cannot be read.
 */
export async function openModelFiles(
  files: NamedBytes[],
  opts: OpenModelOptions = {},
): Promise<{ engine: ModelEngine; name: string }> {
  const main = mainFile(files) ?? files[0];
  let opened: { engine: ModelEngine; name: string };
  try {
    opened = await openModelFormat(files, opts.memoryBudget);
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e);
    if (!main) throw e;
    const named = message.includes(baseName(main.name)) ? message : `${baseName(main.name)}: ${message}`;
    if (e instanceof Error && MODEL_INPUT_ERRORS.includes(e.name)) {
      e.message = named;
      throw e;
    }
    throw new ModelFormatError(`${baseName(main.name)} cannot be read as a model (${message})`);
  }
  if (opened.engine.tensors.length === 0) {
    opened.engine.dispose();
    throw new ModelFormatError(
      `${main ? baseName(main.name) : opened.name} has no prunable tensors (no Dense, Conv or depthwise kernel): ` +
        'there is nothing to prune',
    );
  }
  return opened;
}

/** The file that names the model: its .onnx, .h5/.keras or .json (in the order the formats are tried). */
function mainFile(files: NamedBytes[]): NamedBytes | undefined {
  return ['.onnx', '.h5', '.keras', '.json']
    .map((ext) => files.find((f) => f.name.toLowerCase().endsWith(ext)))
    .find(Boolean);
}

async function openModelFormat(
  files: NamedBytes[],
  memoryBudget: number | undefined,
): Promise<{ engine: ModelEngine; name: string }> {
  const lower = (f: NamedBytes) => f.name.toLowerCase();
  const onnx = files.find((f) => lower(f).endsWith('.onnx'));
  // Each format's reader is loaded when a file of that format arrives, not at start-up.
  if (onnx) {
    const { OnnxModelEngine } = await import('./onnx/onnx-model-engine');
    return { engine: await OnnxModelEngine.open(files, { memoryBudget }), name: stem(onnx.name) };
  }
  const keras = files.find((f) => lower(f).endsWith('.h5') || lower(f).endsWith('.keras'));
  if (keras) {
    const { loadKerasH5 } = await import('./keras-h5/keras-h5');
    const model = await loadKerasH5(keras.name, keras.bytes, memoryBudget);
    return { engine: new LayersEngine(model), name: stem(keras.name) };
  }
  const json = files.find((f) => lower(f).endsWith('.json'));
  checkManifestBudget(files, memoryBudget);
  if (json && isGraphModelJson(json)) {
    const engine = await GraphModelEngine.open(files);
    const folder = json.name.includes('/') ? json.name.split('/').at(-2)! : stem(json.name);
    return { engine, name: folder };
  }
  return openLayersModel(files);
}
