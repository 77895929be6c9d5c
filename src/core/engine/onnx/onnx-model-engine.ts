// The ONNX model behind the lab's ModelEngine seam. Forward passes are asynchronous (onnxruntime
// runs them so); predict() is refused. Training and the prefix/suffix split are not offered.
import * as tf from '@tensorflow/tfjs';
import type { OutputKind } from '../../evaluate';
import type { ChannelGraph } from '../../graph';
import type { NamedBytes } from '../../types';
import { EngineCapabilityError, type ModelEngine } from '../model-engine';
import { OnnxEngine } from './onnx-engine';
import { describeOnnxNodes, onnxInputFit } from './onnx-layers';
import type { SessionOptions } from './onnx-session';

export class OnnxModelEngine implements ModelEngine {
  readonly format = 'onnx';
  readonly capabilities = { canTrain: false, canThin: true, canSplit: false };
  readonly outputs: OutputKind;

  constructor(readonly onnx: OnnxEngine) {
    const last = onnx.model.graph!.node.at(-1);
    this.outputs = last?.opType === 'Softmax' ? 'probabilities' : 'logits';
  }

  static async open(files: NamedBytes[], options?: SessionOptions): Promise<OnnxModelEngine> {
    return new OnnxModelEngine(await OnnxEngine.open(files, options));
  }

  get tensors() {
    return this.onnx.tensors;
  }
  get classes() {
    return this.onnx.classes;
  }
  get inputShape() {
    return this.onnx.inputShape;
  }
  get params() {
    return this.onnx.params;
  }

  layers() {
    return describeOnnxNodes(this.onnx.model, this.onnx.input);
  }

  inputFit(data: { rows: number; cols: number; numClasses: number }) {
    return onnxInputFit(this.onnx.input, this.classes, data);
  }

  readWeights(name: string) {
    return this.onnx.readWeights(name);
  }

  writeWeights(name: string, values: Float32Array) {
    this.onnx.writeWeights(name, values);
  }

  predict(): tf.Tensor {
    throw new EngineCapabilityError('an ONNX model runs asynchronously: use forward()');
  }

  async forward(x: tf.Tensor): Promise<tf.Tensor> {
    const batch = x.shape[0];
    const out = await this.onnx.forward((await x.data()) as Float32Array, batch);
    return tf.tensor2d(out, [batch, out.length / batch]);
  }

  // The ONNX channel graph (onnxChannelGraph) keeps tensors in their own layout; the lab's structured
  // pruning reads TF.js layouts, so it is not offered through this seam yet.
  channelGraph(): ChannelGraph | null {
    return null;
  }

  async thin(removed: Record<string, number[]>): Promise<OnnxModelEngine> {
    return new OnnxModelEngine(await this.onnx.thin(removed));
  }

  async exportFiles(): Promise<NamedBytes[]> {
    return this.onnx.exportFiles();
  }

  dispose(): void {
    void this.onnx.dispose();
  }
}
