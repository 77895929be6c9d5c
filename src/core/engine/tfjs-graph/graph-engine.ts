// A TF.js graph model ("format": "graph-model") opened for pruning. It is loaded once from the
// files in memory; evaluation swaps the masked tensors into the model's weight map (no re-parse
// and no re-load per evaluation); export re-encodes the weight map with tf.io.encodeWeights.
import * as tf from '@tensorflow/tfjs';
import type { OutputKind } from '../../eval/evaluate';
import type { ChannelGraph } from '../../graph';
import { ModelFormatError } from '../tfjs-layers/model-format-error';
import { assembleWeights } from '../tfjs-layers/weight-shards';
import type { InputFit, LayerDescription } from '../tfjs-layers/model-introspect';
import { EngineCapabilityError, type ModelEngine } from '../model-engine';
import type { NamedBytes } from '../../types';
import { analyzeGraphChannels } from './graph-channels';
import { graphPrunableTensors, type GraphNodeJson, type GraphPrunableTensor } from './graph-prunable';

interface GraphModelJson {
  format: string;
  modelTopology: { node?: GraphNodeJson[] };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  [key: string]: unknown;
}

// GraphModel keeps its weights in its executor's weight map; reassigning the whole map (not one
// entry) also updates the ids the executor must not dispose.
interface WithExecutor {
  executor: { weightMap: Record<string, tf.Tensor[]> };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class GraphModelEngine implements ModelEngine {
  readonly format = 'tfjs-graph';
  readonly capabilities = { canTrain: false, canThin: false, canSplit: false };
  readonly tensors: GraphPrunableTensor[];
  readonly outputs: OutputKind;
  private graph: ChannelGraph | undefined;

  private constructor(
    readonly model: tf.GraphModel,
    private readonly json: GraphModelJson,
    readonly name: string,
  ) {
    const shapes = new Map(json.weightsManifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape]));
    this.tensors = graphPrunableTensors(json.modelTopology.node ?? [], shapes);
    const nodes = json.modelTopology.node ?? [];
    const outputName = model.outputs[0]?.name.replace(/:\d+$/, '');
    this.outputs = nodes.find((n) => n.name === outputName)?.op === 'Softmax' ? 'probabilities' : 'logits';
  }

  get classes(): number | null {
    const last = this.model.outputs[0]?.shape?.at(-1);
    return typeof last === 'number' && last > 0 ? last : null;
  }

  get params(): number {
    return Object.values(this.model.weights).reduce((n, ts) => n + ts[0].size, 0);
  }

  layers(): LayerDescription[] {
    return this.tensors.map((t) => ({
      name: t.layerName,
      class: t.layerClass,
      outputShape: [null],
      params: t.size,
      inbound: [],
    }));
  }

  inputFit(data: { rows: number; cols: number; numClasses: number }): InputFit {
    const dims = this.inputShape;
    const { rows, cols, numClasses } = data;
    const is = (...want: number[]) => dims.length === want.length && want.every((d, i) => dims[i] === d);
    const layout = is(rows, cols, 1) ? 'image' : is(rows, cols) ? 'plane' : is(rows * cols) ? 'flat' : null;
    if (!layout)
      return {
        fits: false,
        reason: `the model input is [null, ${dims.join(', ')}]; the dataset has ${rows}x${cols} images`,
      };
    if (this.classes !== numClasses)
      return {
        fits: false,
        reason: `the model scores ${this.classes ?? 'an unknown number of'} classes; the dataset has ${numClasses}`,
      };
    return { fits: true, layout };
  }

  async forward(x: tf.Tensor): Promise<tf.Tensor> {
    return this.predict(x);
  }

  channelGraph(): ChannelGraph | null {
    if (this.graph === undefined) {
      const weights = this.model.weights;
      this.graph = analyzeGraphChannels({
        nodes: this.json.modelTopology.node ?? [],
        weightShapes: new Map(this.json.weightsManifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape])),
        // only small integer constants (paddings, axes, shapes) are read
        constValues: (n) => {
          const t = weights[n]?.[0];
          return t && t.dtype === 'int32' && t.size <= 16 ? Array.from(t.dataSync()) : null;
        },
      });
    }
    return this.graph;
  }

  async thin(): Promise<ModelEngine> {
    throw new EngineCapabilityError('thinning a TF.js graph model is not supported; export the pruned weights instead');
  }

  /** Opens model.json and its shards; a missing shard is refused by name. */
  static async open(files: NamedBytes[]): Promise<GraphModelEngine> {
    const jsonFile = files.find((f) => f.name.toLowerCase().endsWith('.json'));
    if (!jsonFile) throw new ModelFormatError('No model.json was given.');
    const json = JSON.parse(new TextDecoder().decode(jsonFile.bytes)) as GraphModelJson;
    if (json.format !== 'graph-model')
      throw new ModelFormatError(`${jsonFile.name} is not a TF.js graph model (format: ${String(json.format)}).`);
    const shards = new Map(files.map((f) => [baseName(f.name), f.bytes]));
    const { weightSpecs, weightData } = assembleWeights(json as unknown as Parameters<typeof assembleWeights>[0], (p) =>
      shards.get(baseName(p)),
    );
    let model: tf.GraphModel;
    try {
      model = await tf.loadGraphModel(
        tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, format: 'graph-model' }),
      );
    } catch (e) {
      throw new ModelFormatError(
        `${jsonFile.name}: TF.js could not build this graph model (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    return new GraphModelEngine(model, json, jsonFile.name);
  }

  get inputShape(): (number | null)[] {
    return (this.model.inputs[0].shape ?? []).slice(1).map((d) => (d === -1 ? null : d));
  }

  async readWeights(name: string): Promise<Float32Array> {
    return Float32Array.from(await this.weight(name).data());
  }

  writeWeights(name: string, values: Float32Array): void {
    const old = this.weight(name);
    const executor = (this.model as unknown as WithExecutor).executor;
    executor.weightMap = { ...executor.weightMap, [name]: [tf.tensor(values, old.shape, 'float32')] };
    old.dispose();
  }

  /** The first output for a batch (NHWC as the model declares). */
  predict(x: tf.Tensor): tf.Tensor {
    const out = this.model.predict(x);
    return Array.isArray(out) ? out[0] : (out as tf.Tensor);
  }

  /** model.json and one weight file with the weights held now. */
  async exportFiles(): Promise<NamedBytes[]> {
    const map = this.model.weights;
    const specsOrder = this.json.weightsManifest.flatMap((g) => g.weights).map((w) => w.name);
    const { data, specs } = await tf.io.encodeWeights(specsOrder.map((n) => ({ name: n, tensor: map[n][0] })));
    const json = { ...this.json, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] };
    return [
      { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer },
      { name: 'weights.bin', bytes: data },
    ];
  }

  dispose(): void {
    this.model.dispose();
  }

  private weight(name: string): tf.Tensor {
    const t = this.model.weights[name]?.[0];
    if (!t || !this.tensors.some((p) => p.name === name))
      throw new ModelFormatError(`"${name}" is not a prunable weight of ${this.name}`);
    return t;
  }
}
