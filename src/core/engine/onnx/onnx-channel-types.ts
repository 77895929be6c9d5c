// The channel graph of an ONNX model: the same shape the layers engine's ChannelGraph has
// (producers, consumers, coupled groups with one leader), generalised to say on which axis of each
// tensor a channel lives, since ONNX/PyTorch layouts put output channels first.
import type { CouplingGroup } from '../../graph';

export interface OnnxChannelConsumer {
  /** the consuming node */
  layerName: string;
  kernelName: string;
  kernelShape: number[];
  kind: 'conv-in' | 'dense-rows';
  /** the axis of the consumer's kernel that holds its input channels or features */
  inAxis: number;
  /** producer channel j arrives as channel offset + j (after a Concat) */
  offset: number;
  /** ... as channels offset + j * width .. + width - 1 after a depth multiplier (absent = 1) */
  width?: number;
  /** channels of the tensor the consumer reads, before any Flatten */
  inChannels: number;
  /** after a Flatten of [C, H, W] (channels first): channel c is read by features c * h * w .. + h * w - 1 */
  spatial?: { h: number; w: number };
}

/** A tensor sliced with the producer's channels: BatchNorm parameters, a depthwise conv, a per-channel constant. */
export interface ChannelSlice {
  layerName: string;
  kind: 'batchnorm' | 'depthwise' | 'per-channel';
  tensorName: string;
  tensorShape: number[];
  axis: number;
  /** producer channel j is this tensor's entry offset + j on `axis` */
  offset: number;
  /** ... entries offset + j * width .. + width - 1 (a depthwise kernel with depth multiplier m; absent = 1) */
  width?: number;
}

export interface OnnxProducerInfo {
  /** the node's name */
  layerName: string;
  layerClass: 'Conv' | 'Gemm' | 'MatMul';
  kernelName: string;
  kernelShape: number[];
  /** the axis of the kernel that holds the output channels */
  outAxis: number;
  biasName?: string;
  outChannels: number;
  consumers: OnnxChannelConsumer[];
  /** the BatchNormalization nodes on the path (names, node order) */
  batchNorms: string[];
  slices: ChannelSlice[];
  coupledWith: string[];
  coupledVia: string[];
  prunable: boolean;
  /** why the filters cannot be removed, naming the node and op at fault */
  reason?: string;
}

export interface OnnxChannelGraph {
  producers: OnnxProducerInfo[];
  groups: CouplingGroup[];
}
