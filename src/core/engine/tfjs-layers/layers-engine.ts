// The TF.js layers model as a ModelEngine: the format the lab was built on, and the only one that
// trains (masked fine-tuning needs its variables and optimizers) and thins.
import * as tf from '@tensorflow/tfjs';
import { detectOutputKind } from '../../eval/evaluate';
import { analyzeChannels, type ChannelGraph } from '../../graph';
import { applyLayers, chainLayers } from './chain';
import { layersModelToFiles } from './model-artifacts';
import { loadModelFromFiles } from './model-files';
import { describeLayers, inputFit, prunableTensors } from './model-introspect';
import { thinModel } from '../../thinning';
import type { NamedBytes } from '../../types';
import type { ForwardSplit, ModelEngine } from '../model-engine';

export class LayersEngine implements ModelEngine {
  readonly format = 'tfjs-layers';
  readonly capabilities = { canTrain: true, canThin: true, canSplit: true };
  readonly tensors;
  readonly outputs;
  readonly inputShape;
  readonly classes;
  private readonly variables = new Map<string, tf.LayerVariable>();
  private graph: ChannelGraph | null | undefined;

  constructor(readonly layersModel: tf.LayersModel) {
    this.tensors = prunableTensors(layersModel);
    this.outputs = detectOutputKind(layersModel);
    this.inputShape = layersModel.inputs[0].shape.slice(1);
    const last = layersModel.outputs[0].shape.at(-1);
    this.classes = typeof last === 'number' ? last : null;
    for (const v of layersModel.weights) this.variables.set(v.originalName, v);
    for (const t of this.tensors)
      if (!this.variables.has(t.name)) throw new Error(`prunable tensor ${t.name} has no variable in the model`);
  }

  get params(): number {
    return this.layersModel.countParams();
  }

  layers() {
    return describeLayers(this.layersModel);
  }

  inputFit(data: { rows: number; cols: number; numClasses: number }) {
    return inputFit(this.layersModel, data);
  }

  async readWeights(name: string): Promise<Float32Array> {
    // copy: on the cpu backend data() may hand out the backend's own storage
    return Float32Array.from(await this.variable(name).read().data());
  }

  writeWeights(name: string, values: Float32Array): void {
    const variable = this.variable(name);
    const value = tf.tensor(values, variable.shape as number[], 'float32');
    try {
      // the underlying tf.Variable directly, so a layer's weight constraint does not rewrite the values
      (variable.read() as tf.Variable).assign(value);
    } finally {
      value.dispose();
    }
  }

  predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor {
    const out = this.layersModel.predict(x, args);
    return Array.isArray(out) ? out[0] : out;
  }

  async forward(x: tf.Tensor): Promise<tf.Tensor> {
    return tf.tidy(() => this.predict(x, { batchSize: x.shape[0] }));
  }

  split(tensorName: string): ForwardSplit | null {
    const chain = chainLayers(this.layersModel);
    const tensor = this.tensors.find((t) => t.name === tensorName);
    const at = chain && tensor ? chain.findIndex((l) => l.name === tensor.layerName) : -1;
    if (!chain || at < 0) return null;
    return {
      prefix: (x) => applyLayers(chain.slice(0, at), x),
      suffix: (a) => applyLayers(chain.slice(at), a),
    };
  }

  channelGraph(): ChannelGraph | null {
    if (this.graph === undefined) {
      try {
        this.graph = analyzeChannels(this.layersModel);
      } catch {
        this.graph = null; // structured pruning says it cannot analyse this model
      }
    }
    return this.graph;
  }

  async thin(removed: Record<string, number[]>): Promise<LayersEngine> {
    return new LayersEngine(await thinModel(this.layersModel, removed));
  }

  async exportFiles(): Promise<NamedBytes[]> {
    const files = await layersModelToFiles(this.layersModel, 'weights.bin');
    return [
      { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson).buffer as ArrayBuffer },
      { name: 'weights.bin', bytes: toArrayBuffer(files.weights) },
    ];
  }

  dispose(): void {
    this.layersModel.dispose();
  }

  private variable(name: string): tf.LayerVariable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`"${name}" is not a weight of this model`);
    return v;
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** Opens model.json and its weight shards as a layers engine; the display name comes with it. */
export async function openLayersModel(files: NamedBytes[]): Promise<{ engine: LayersEngine; name: string }> {
  const loaded = await loadModelFromFiles(files);
  try {
    return { engine: new LayersEngine(loaded.model), name: loaded.name };
  } catch (e) {
    loaded.model.dispose();
    throw e;
  }
}
