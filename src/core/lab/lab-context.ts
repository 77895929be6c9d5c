// What the service's jobs see of it: the loaded model, the evaluation data on the device, and the
// step that makes the weights a model holds now its new dense checkpoint.
import type * as tf from '@tensorflow/tfjs';
import type { MaskedModel } from '../engine/masked-model';
import type { ModelEngine } from '../engine/model-engine';
import type { ResidentData } from './eval-data';
import type { EvalSettings, ModelInfo } from './types';

export interface LoadedModel {
  engine: ModelEngine;
  masked: MaskedModel;
  info: ModelInfo;
}

export interface LabContext {
  /** the loaded model, or an error saying none is */
  current(): LoadedModel;
  /** evaluation images that fit the model's input (labels may not fit its outputs), or null */
  inputs(): ResidentData | null;
  /**
   * the evaluation data as it is measured: labelled, or label-free with the dense model's outputs
   * taken (with the dense weights in place) when first needed; null when no input fits
   */
  measured(signal?: AbortSignal): Promise<ResidentData | null>;
  /** why no labelled data fits, for messages */
  dataFitReason(): string;
  readonly settings: EvalSettings;
  /** the training images in the model's input layout, uploaded once */
  trainTensors(): Promise<{ x: tf.Tensor; y: tf.Tensor1D }>;
  /** the weights the model holds now become its dense values (`known`: values already in hand) */
  adoptCurrentWeights(known?: ReadonlyMap<string, Float32Array>): Promise<void>;
  /** a schedule run thinned the model: the thinned one replaces it, its weights the new dense values */
  adoptThinnedModel(model: tf.LayersModel): Promise<ModelInfo>;
}
