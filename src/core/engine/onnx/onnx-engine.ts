// An ONNX model opened for pruning: the decoded ModelProto (dense weights stay in it, never
// overwritten), the current weights per prunable tensor, and one weights-as-inputs session that
// every forward pass reuses. Thinning and export write the current weights into a copy.
import type { FilterRemoval } from '../../graph';
import type { NamedBytes } from '../../types';
import { analyzeOnnxChannels } from './onnx-channel-graph';
import type { OnnxChannelGraph } from './onnx-channel-types';
import { checkModel, type GraphInput } from './onnx-checks';
import { OnnxModelError } from './onnx-errors';
import { cloneModel, decodeModel, encodeModel, int64, type ModelProto } from './onnx-model';
import { onnxPrunableTensors, type OnnxPrunableTensor } from './onnx-prunable';
import { OnnxWeightSession, type SessionOptions } from './onnx-session';
import {
  declaredValues,
  externalDataFiles,
  FLOAT32,
  inlineExternalData,
  readFloat32,
  writeFloat32,
} from './onnx-tensor-data';
import { checkMemoryBudget } from '../memory-budget';
import { thinOnnxModel } from './onnx-thin';
import { weightsAsInputs } from './weights-as-inputs';

/** Images per onnxruntime run. */
export const ONNX_PASS_SIZE = 256;

export class OnnxEngine {
  readonly format = 'onnx';
  readonly capabilities = { canTrain: false, canThin: true, canSplit: false, asyncOnly: true };
  readonly tensors: OnnxPrunableTensor[];
  readonly input: GraphInput;
  /** classes the output scores (its last dimension), null when unknown */
  readonly classes: number | null;
  /** every float32 initializer element, prunable or not */
  readonly params: number;
  private readonly current = new Map<string, Float32Array>();
  private graph: OnnxChannelGraph | null | undefined;

  private constructor(
    readonly model: ModelProto,
    readonly name: string,
    private readonly session: OnnxWeightSession,
  ) {
    this.input = checkModel(model, name);
    this.tensors = onnxPrunableTensors(model);
    const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
    for (const t of this.tensors) this.current.set(t.name, readFloat32(inits.get(t.name)!));
    const out = model.graph!.output[0].type?.tensorType?.shape?.dim.at(-1);
    this.classes = out?.dimValue ? int64(out.dimValue) : null;
    this.params = model
      .graph!.initializer.filter((t) => t.dataType === FLOAT32)
      .reduce((n, t) => n + t.dims.map(int64).reduce((a, b) => a * b, 1), 0);
  }

  /** Opens an .onnx file, with its external data files among `files` when it has any. */
  static async open(files: NamedBytes[], options: SessionOptions = {}): Promise<OnnxEngine> {
    const main = files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
    if (!main) throw new OnnxModelError('No .onnx file was given.');
    const model = decodeModel(new Uint8Array(main.bytes), main.name);
    checkMemoryBudget(main.name, declaredValues(model), options.memoryBudget);
    if (externalDataFiles(model).length)
      inlineExternalData(model, new Map(files.filter((f) => f !== main).map((f) => [f.name, new Uint8Array(f.bytes)])));
    return OnnxEngine.fromModel(model, main.name, options);
  }

  static async fromModel(model: ModelProto, name: string, options: SessionOptions = {}): Promise<OnnxEngine> {
    const input = checkModel(model, name);
    const tensors = onnxPrunableTensors(model);
    const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
    const weights = tensors.map((t) => ({ name: t.name, dims: t.shape, values: readFloat32(inits.get(t.name)!) }));
    const bytes = weightsAsInputs(
      model,
      tensors.map((t) => t.name),
    );
    return new OnnxEngine(model, name, await OnnxWeightSession.create(bytes, input, weights, options));
  }

  /** input shape without the batch dimension */
  get inputShape(): number[] {
    return this.input.shape.slice(1).map((d) => d ?? 1);
  }

  async readWeights(name: string): Promise<Float32Array> {
    return this.weights(name).slice();
  }

  writeWeights(name: string, values: Float32Array): void {
    if (values.length !== this.weights(name).length)
      throw new OnnxModelError(`'${name}' takes ${this.weights(name).length} values, ${values.length} were given.`);
    const copy = values.slice();
    this.current.set(name, copy);
    this.session.setWeights(name, copy);
  }

  /**
   * The output for `batch` images laid out as the model's input, in passes of at most `passSize`.
   * The pass size does not change the speed measurably (resnet8, 10k images, Node wasm, runs of 64,
   * 256 and 1000 interleaved: 35-45 s each on a loaded 2-core machine); 256 keeps each activation
   * of a 16x28x28 layer at 13 MB instead of 50 MB in passes of 1000.
   */
  async forward(x: Float32Array, batch: number, passSize = ONNX_PASS_SIZE): Promise<Float32Array> {
    const per = x.length / batch;
    const parts: Float32Array[] = [];
    for (let start = 0; start < batch; start += passSize) {
      const n = Math.min(passSize, batch - start);
      parts.push((await this.session.run(x.subarray(start * per, (start + n) * per), n)).data);
    }
    if (parts.length === 1) return parts[0];
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
    return out;
  }

  /** Which tensors a filter lives in; null when the graph cannot be analysed. */
  channelGraph(): OnnxChannelGraph | null {
    if (this.graph === undefined) {
      try {
        this.graph = analyzeOnnxChannels(this.model);
      } catch {
        this.graph = null;
      }
    }
    return this.graph;
  }

  /** The model holding the current weights (element-pruned: same graph, zeros in the weights). */
  currentModel(): ModelProto {
    const copy = cloneModel(this.model);
    for (const t of copy.graph!.initializer) {
      const w = this.current.get(t.name);
      if (w) writeFloat32(t, w);
    }
    return copy;
  }

  /** A new engine without the removed filters, holding the current weights. */
  async thin(removed: FilterRemoval, options: SessionOptions = {}): Promise<OnnxEngine> {
    const graph = this.channelGraph();
    if (!graph) throw new OnnxModelError(`The channel graph of ${this.name} could not be analysed.`);
    return OnnxEngine.fromModel(thinOnnxModel(this.currentModel(), graph, removed), this.name, options);
  }

  /** The model as an .onnx file with the current weights. */
  exportFiles(fileName = this.name): NamedBytes[] {
    const bytes = encodeModel(this.currentModel());
    return [{ name: fileName, bytes: bytes.slice().buffer as ArrayBuffer }];
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private weights(name: string): Float32Array {
    const w = this.current.get(name);
    if (!w) throw new OnnxModelError(`"${name}" is not a prunable weight of ${this.name}`);
    return w;
  }
}
