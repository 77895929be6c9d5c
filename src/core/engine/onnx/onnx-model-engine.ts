// The ONNX model behind the lab's ModelEngine seam. Forward passes are asynchronous (onnxruntime
// runs them so); predict() is refused. Training and the prefix/suffix split are not offered.
import * as tf from '@tensorflow/tfjs';
import type { OutputKind } from '../../eval/evaluate';
import type { ChannelGraph } from '../../graph';
import type { NamedBytes, PrunableTensor } from '../../types';
import { detectInputLayout } from '../input-layout';
import { EngineCapabilityError, type ModelEngine } from '../model-engine';
import { OnnxEngine } from './onnx-engine';
import { labChannelGraph, labNames, labTensor, permutationAxes } from './onnx-lab-layout';
import { describeOnnxNodes, onnxDenseMacs, onnxInputFit } from './onnx-layers';
import { fromTfjsLayout, toTfjsLayout, type OnnxPrunableTensor } from './onnx-prunable';
import type { SessionOptions } from './onnx-session';

export class OnnxModelEngine implements ModelEngine {
  readonly format = 'onnx';
  readonly capabilities = { canTrain: false, canThin: true, canSplit: false, asyncOnly: true };
  readonly outputs: OutputKind;
  private readonly labTensors: PrunableTensor[];
  /** the lab's tensor name per initializer name */
  private readonly names: Map<string, string>;
  /** the ONNX tensor per lab name */
  private readonly byName: Map<string, OnnxPrunableTensor>;
  private graph: ChannelGraph | null | undefined;

  constructor(readonly onnx: OnnxEngine) {
    const last = onnx.model.graph!.node.at(-1);
    this.outputs = last?.opType === 'Softmax' ? 'probabilities' : 'logits';
    this.names = labNames(onnx.tensors);
    this.labTensors = onnx.tensors.map((t) => labTensor(t, this.names.get(t.name)!));
    this.byName = new Map(onnx.tensors.map((t) => [this.names.get(t.name)!, t]));
  }

  static async open(files: NamedBytes[], options?: SessionOptions): Promise<OnnxModelEngine> {
    return new OnnxModelEngine(await OnnxEngine.open(files, options));
  }

  get tensors() {
    return this.labTensors;
  }
  get classes() {
    return this.onnx.classes;
  }
  get inputShape() {
    return this.onnx.inputShape;
  }
  /** ONNX exporters write NCHW; the shape decides where it can */
  get inputLayout() {
    return detectInputLayout(this.onnx.input.shape.slice(1), 'NCHW');
  }
  get params() {
    return this.onnx.params;
  }

  layers() {
    return describeOnnxNodes(this.onnx.model, this.onnx.input);
  }

  denseMacs(): Map<string, number> {
    return onnxDenseMacs(this.onnx.model, this.onnx.input, this.tensors);
  }

  inputFit(data: { rows: number; cols: number; numClasses: number }) {
    return onnxInputFit(this.onnx.input, this.classes, data);
  }

  /** values in TF.js layout (see onnx-lab-layout.ts) */
  async readWeights(name: string): Promise<Float32Array> {
    const t = this.tensor(name);
    return toTfjsLayout(await this.onnx.readWeights(t.name), t.shape, permutationAxes(t));
  }

  writeWeights(name: string, values: Float32Array): void {
    const t = this.tensor(name);
    this.onnx.writeWeights(t.name, fromTfjsLayout(values, t.shape, permutationAxes(t)));
  }

  predict(): tf.Tensor {
    throw new EngineCapabilityError('an ONNX model runs asynchronously: use forward()');
  }

  async forward(x: tf.Tensor): Promise<tf.Tensor> {
    const batch = x.shape[0];
    const out = await this.onnx.forward((await x.data()) as Float32Array, batch);
    return tf.tensor2d(out, [batch, out.length / batch]);
  }

  channelGraph(): ChannelGraph | null {
    if (this.graph === undefined) {
      const graph = this.onnx.channelGraph();
      this.graph = graph ? labChannelGraph(graph, this.onnx.tensors, this.names) : null;
    }
    return this.graph;
  }

  async thin(removed: Record<string, number[]>): Promise<OnnxModelEngine> {
    return new OnnxModelEngine(await this.onnx.thin(removed));
  }

  async exportFiles(): Promise<NamedBytes[]> {
    return this.onnx.exportFiles();
  }

  private tensor(name: string): OnnxPrunableTensor {
    const t = this.byName.get(name);
    if (!t) throw new EngineCapabilityError(`"${name}" is not a prunable weight of this model`);
    return t;
  }

  dispose(): void {
    void this.onnx.dispose();
  }
}
