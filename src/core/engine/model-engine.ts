// The seam between the lab and a model format. The lab reaches a model only through a ModelEngine:
// its prunable tensors (with their roles and canonical axes), dense weights in and masked weights
// out, a forward pass, and what the format supports besides (training, thinning, a prefix/suffix
// split, a channel graph). TF.js layers models are the first engine; ONNX, TF.js graph models and
// Keras .h5 files implement the same interface.
import type * as tf from '@tensorflow/tfjs';
import type { OutputKind } from '../eval/evaluate';
import type { ChannelGraph } from '../graph';
import type { InputLayoutName } from './input-layout';
import type { LayerDescription, InputFit } from './tfjs-layers/model-introspect';
import type { NamedBytes, PrunableTensor } from '../types';

export interface EngineCapabilities {
  /** masked fine-tuning, schedules and the Han experiment (these need trainable variables) */
  canTrain: boolean;
  /** physically removing pruned filters into a smaller model */
  canThin: boolean;
  /** running the layers before a tensor once and only the rest per sweep level */
  canSplit: boolean;
  /** predict() is refused and every pass goes through the asynchronous forward() (ONNX) */
  asyncOnly?: boolean;
}

/**
 * A forward pass split at a tensor: the activations before its layer are computed once. The prefix
 * runs no prunable tensor that comes at or after the split one in the engine's `tensors` order, so
 * masking those leaves cached prefix activations valid.
 */
export interface ForwardSplit {
  prefix(x: tf.Tensor): tf.Tensor;
  suffix(activations: tf.Tensor): tf.Tensor;
}

export interface ModelEngine {
  /** e.g. 'tfjs-layers' */
  readonly format: string;
  readonly capabilities: EngineCapabilities;
  /** prunable tensors in model order */
  readonly tensors: readonly PrunableTensor[];
  readonly outputs: OutputKind;
  /** classes the first output scores (its last dimension), null when unknown */
  readonly classes: number | null;
  /** input shape without the batch dimension (unknown sizes as null) */
  readonly inputShape: readonly (number | null)[];
  /** the image input's layout as detected from the model (absent: read from inputShape by the lab) */
  readonly inputLayout?: InputLayoutName | null;
  /** every weight of the model, prunable or not */
  readonly params: number;
  layers(): LayerDescription[];
  /** whether images of rows x cols with numClasses labels can be fed to the model, and how */
  inputFit(data: { rows: number; cols: number; numClasses: number }): InputFit;
  /** the values a prunable tensor holds now (a copy) */
  readWeights(name: string): Promise<Float32Array>;
  /** writes values into a prunable tensor, bypassing any weight constraint */
  writeWeights(name: string, values: Float32Array): void;
  /**
   * the first output for a batch, synchronously; engines whose runtime is asynchronous (ONNX) throw
   * EngineCapabilityError here and serve forward() only
   */
  predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor;
  /** the first output for a batch; every engine has it, and evaluation goes through it */
  forward(x: tf.Tensor): Promise<tf.Tensor>;
  /** split before a tensor's layer (an empty prefix at the first), or null where it cannot split there */
  split?(tensorName: string): ForwardSplit | null;
  /** dense multiply-accumulates per prunable tensor, for engines without a layers model (ONNX) */
  denseMacs?(): Map<string, number>;
  /** which tensors a filter lives in (BN, Add/Concat coupling, Flatten → Dense); null when unknown */
  channelGraph(): ChannelGraph | null;
  /** a new engine without the given filters per producer layer (canThin) */
  thin(removed: Record<string, number[]>): Promise<ModelEngine>;
  /** the model as its format's files, holding the weights it holds now */
  exportFiles(): Promise<NamedBytes[]>;
  /** the TF.js layers model behind the engine, for training, the cost model and latency (absent for other formats) */
  readonly layersModel?: tf.LayersModel;
  dispose(): void;
}

/** An engine's refusal of something its format cannot do. */
export class EngineCapabilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineCapabilityError';
  }
}

/** The layers model behind an engine, or a clear refusal naming what needed it. */
export function requireLayersModel(engine: ModelEngine, what: string): tf.LayersModel {
  if (!engine.layersModel)
    throw new EngineCapabilityError(`${what} needs a TF.js layers model; this model is ${engine.format}`);
  return engine.layersModel;
}
