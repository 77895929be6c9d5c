// Keras 2 .h5 files, read with h5wasm: the `model_config` attribute and the weights under
// `model_weights/<layer>/<weight>:0` become the same TF.js layers model tensorflowjs_converter
// would make (topology from model_config, weights by layer in `layer_names` order), so everything
// the layers engine does applies. Keras 3 `.keras` zips and weights-only .h5 files are refused with
// what to do instead.
import * as tf from '@tensorflow/tfjs';
import h5wasm from 'h5wasm';
import { refuseCodeLayers } from '../tfjs-layers/code-layers';
import { loadLayersModelCleanly } from '../tfjs-layers/load-layers-model';
import { ModelFormatError } from '../tfjs-layers/model-format-error';
import { checkMemoryBudget, shapeSize } from '../memory-budget';

const KERAS3_MESSAGE =
  'is a Keras 3 .keras file, which TF.js cannot read (its config format changed). The lab opens Keras 2 ' +
  ".h5 files (model.save('model.h5') with tf_keras or TensorFlow <= 2.15), TF.js models " +
  '(tensorflowjs_converter) and ONNX (tf2onnx.convert.from_keras). Convert with one of those and open the result.';

/** Whether bytes are a zip archive (a Keras 3 .keras file). */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array);
}

function strings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.map(text).filter((s) => s.length > 0);
}

/** Weight values the datasets of `layer_names`/`weight_names` declare by their shapes (nothing read yet). */
function declaredH5Values(group: InstanceType<typeof h5wasm.Group>): number {
  let n = 0;
  for (const layer of strings(group.attrs['layer_names']?.value ?? [])) {
    const layerGroup = group.get(layer);
    if (!(layerGroup instanceof h5wasm.Group)) continue;
    for (const weightName of strings(layerGroup.attrs['weight_names']?.value ?? [])) {
      const ds = layerGroup.get(weightName);
      if (ds instanceof h5wasm.Dataset) n += shapeSize(ds.shape);
    }
  }
  return n;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let counter = 0;

/** Reads a Keras 2 .h5 file into TF.js layers model artifacts (topology and weights). */
export async function kerasH5Artifacts(
  fileName: string,
  data: ArrayBuffer,
  memoryBudget?: number,
): Promise<tf.io.ModelArtifacts> {
  const bytes = new Uint8Array(data);
  if (fileName.toLowerCase().endsWith('.keras') || isZip(bytes))
    throw new ModelFormatError(`${fileName} ${KERAS3_MESSAGE}`);
  if (!HDF5_SIGNATURE.every((b, i) => bytes[i] === b))
    throw new ModelFormatError(`${fileName} is not an HDF5 file (a Keras .h5 starts with the HDF5 signature).`);
  const Module = await h5wasm.ready;
  const path = `/keras-${++counter}.h5`;
  Module.FS.writeFile(path, bytes);
  let file: InstanceType<typeof h5wasm.File> | null = null;
  try {
    try {
      file = new h5wasm.File(path, 'r');
    } catch {
      throw new ModelFormatError(`${fileName} could not be read as HDF5: it may be truncated.`);
    }
    const config = file.attrs['model_config']?.value;
    if (config === undefined || config === null)
      throw new ModelFormatError(
        `${fileName} has no model_config: it holds weights only (model.save_weights). Save the whole model ` +
          `with model.save('model.h5') in Keras 2 and open that file.`,
      );
    let topology: Record<string, unknown>;
    try {
      topology = JSON.parse(text(config)) as Record<string, unknown>;
    } catch (e) {
      throw new ModelFormatError(`${fileName}: its model_config is not valid JSON (${(e as Error).message})`);
    }
    refuseCodeLayers(topology, fileName);
    const root = file.keys().includes('model_weights') ? file.get('model_weights') : null;
    const group = root instanceof h5wasm.Group ? root : file;
    checkMemoryBudget(fileName, declaredH5Values(group), memoryBudget);
    const specs: tf.io.WeightsManifestEntry[] = [];
    const chunks: Float32Array[] = [];
    for (const layer of strings(group.attrs['layer_names']?.value ?? [])) {
      const layerGroup = group.get(layer);
      if (!(layerGroup instanceof h5wasm.Group)) continue;
      for (const weightName of strings(layerGroup.attrs['weight_names']?.value ?? [])) {
        const ds = layerGroup.get(weightName);
        if (!(ds instanceof h5wasm.Dataset))
          throw new ModelFormatError(`${fileName}: weight '${weightName}' of layer '${layer}' is missing.`);
        const values = Float32Array.from(ds.value as ArrayLike<number>);
        specs.push({ name: weightName.replace(/:\d+$/, ''), shape: ds.shape ?? [], dtype: 'float32' });
        chunks.push(values);
      }
    }
    const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    chunks.reduce(
      (o, c) => (weightData.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), o), o + c.byteLength),
      0,
    );
    return {
      modelTopology: {
        ...topology,
        keras_version: text(file.attrs['keras_version']?.value ?? ''),
        backend: text(file.attrs['backend']?.value ?? 'tensorflow'),
      },
      weightSpecs: specs,
      weightData: weightData.buffer,
      format: 'layers-model',
      generatedBy: `keras ${text(file.attrs['keras_version']?.value ?? '')}`,
      convertedBy: 'PruneLab (Keras .h5 reader)',
    };
  } finally {
    file?.close();
    Module.FS.unlink(path);
  }
}

/** The TF.js layers model of a Keras 2 .h5 file. */
export async function loadKerasH5(fileName: string, data: ArrayBuffer, memoryBudget?: number): Promise<tf.LayersModel> {
  const artifacts = await kerasH5Artifacts(fileName, data, memoryBudget);
  try {
    return await loadLayersModelCleanly(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new ModelFormatError(`${fileName}: TF.js could not build the model (${(e as Error).message})`);
  }
}
