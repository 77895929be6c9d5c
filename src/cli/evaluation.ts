// Turning a dataset into model input, when it fits the model (benchmarks and tests that drive
// core functions directly), and the --limit option.
import * as tf from '@tensorflow/tfjs';
import { toInputTensor, toLabelTensor } from '../core/dataset-tensors';
import { inputFit } from '../core/model-introspect';
import type { InputScaling, LabelledImages } from '../core/types';
import { CliError } from './errors';

export interface EvalTensors {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

/** Input and label tensors for the first `limit` examples, or the reason the data does not fit. */
export function evalTensors(
  model: tf.LayersModel,
  data: LabelledImages,
  scaling: InputScaling,
  limit?: number,
): EvalTensors | { reason: string } {
  const fit = inputFit(model, data);
  if (!fit.fits) return { reason: fit.reason };
  const count = Math.min(limit ?? data.n, data.n);
  const range = { start: 0, count };
  return { x: toInputTensor(data, fit.layout, scaling, range), y: toLabelTensor(data, range) };
}

export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--limit must be a positive integer (number of examples); got '${raw}'`, 2);
  return n;
}
