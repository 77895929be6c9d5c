// What removing a producer's output channels touches: its consumers, BatchNormalization slices and
// the producers coupled with it by elementwise merges.

export type ConsumerKind = 'conv-in' | 'dense-rows';

export interface ChannelConsumer {
  layerName: string;
  kernelName: string;
  kernelShape: number[];
  /** 'conv-in': kernel[:, :, offset + j, :]; 'dense-rows': Dense kernel rows (TF.js [in, out]). */
  kind: ConsumerKind;
  /** Producer channel j arrives as channel offset + j (a Concatenate puts it after earlier inputs). */
  offset: number;
  /**
   * Channels each producer channel became on the way (a depthwise conv with depth multiplier m makes m
   * of each): channel j arrives as offset + j * width .. offset + j * width + width - 1. Absent = 1.
   */
  width?: number;
  /** Channels of the tensor the consumer reads (before any Flatten): the row stride after Flatten. */
  inChannels: number;
  /**
   * Set when a Flatten sits between: channel c is read by rows (y * w + x) * inChannels + c, or, with
   * channelsFirst (a Flatten of NCHW, as in ONNX from PyTorch), by rows c * h * w + y * w + x.
   */
  spatial?: { h: number; w: number; channelsFirst?: boolean };
}

export interface BatchNormSlice {
  layerName: string;
  /** Producer channel j is this BatchNormalization's entry offset + j (times width, as for consumers). */
  offset: number;
  width?: number;
}

/** A 1-D tensor with one entry per channel that is not a BatchNormalization's (a depthwise conv's bias). */
export interface PerChannelSlice {
  layerName: string;
  tensorName: string;
  /** Producer channel j is entries offset + j * width .. + width - 1 (width absent = 1). */
  offset: number;
  width?: number;
}

export interface ProducerInfo {
  layerName: string;
  layerClass: 'Conv2D' | 'Dense';
  /** e.g. 'conv1/kernel' (the model.json weight name). */
  kernelName: string;
  kernelShape: number[];
  biasName?: string;
  /** Filters (Conv2D) or units (Dense). */
  outChannels: number;
  /** Every layer reading these channels, including those after a merge that couples this layer. */
  consumers: ChannelConsumer[];
  /** BatchNormalization layers whose entries must be sliced with the filters (names, model order). */
  batchNorms: string[];
  batchNormSlices: BatchNormSlice[];
  /**
   * Depthwise convs the channels pass through: each is also listed in consumers (its kernel loses input
   * channel j, i.e. the whole group of j's outputs); here, their biases. Absent = none.
   */
  perChannel?: PerChannelSlice[];
  /** Other producers that must lose the same filters (joined by Add and the like); empty if none. */
  coupledWith: string[];
  /** The merge layers that couple them. */
  coupledVia: string[];
  prunable: boolean;
  /** Why the filters cannot be removed, naming the layer at fault (when prunable is false). */
  reason?: string;
}

export interface CouplingGroup {
  /** Producers in model order; the first is the group's leader. */
  members: string[];
  via: string[];
}

export interface ChannelGraph {
  /** Every Conv2D and Dense layer, in model order (depthwise convs pass channels through: not producers). */
  producers: ProducerInfo[];
  /** Groups of two or more coupled producers. */
  groups: CouplingGroup[];
}
