// The model.json of a TF.js layers model: parsed, with a graph model or a broken manifest refused in words.
import type * as tf from '@tensorflow/tfjs';
import { refuseCodeLayers } from './code-layers';
import { locateJsonError } from './json-error-position';
import { ModelFormatError } from './model-format-error';

export interface WeightSpecJson {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
export interface WeightGroupJson {
  paths: string[];
  weights: WeightSpecJson[];
}
export interface LayersModelJson {
  modelTopology: object;
  weightsManifest: WeightGroupJson[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: { [key: string]: unknown };
}

const GRAPH_MODEL_MESSAGE =
  'this is a TF.js graph model; PruneLab needs a layers model (saved with model.save / ' +
  'tfjs.converters.save_keras_model)';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isGraphModel(json: Record<string, unknown>): boolean {
  if (json.format === 'graph-model') return true;
  const topology = json.modelTopology;
  if (topology == null) return json.signature != null;
  // a GraphDef has a `node` list; a Keras topology has class_name / model_config
  return (
    isObject(topology) && Array.isArray(topology.node) && topology.class_name == null && topology.model_config == null
  );
}

/** Parses and validates the JSON text of a model.json (file name used in messages). */
export function parseModelJson(text: string, fileName = 'model.json'): LayersModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const at = locateJsonError(text);
    const reason =
      at.reason !== 'invalid JSON'
        ? `${at.reason} at column ${at.column}`
        : err instanceof Error
          ? err.message
          : String(err);
    throw new ModelFormatError(`${fileName} is not valid JSON (line ${at.line}): ${reason}`);
  }
  if (!isObject(json))
    throw new ModelFormatError(
      `${fileName} must hold a JSON object, not ${Array.isArray(json) ? 'an array' : typeof json}`,
    );
  if (isGraphModel(json)) throw new ModelFormatError(GRAPH_MODEL_MESSAGE);
  if (!isObject(json.modelTopology)) {
    throw new ModelFormatError(`${fileName} has no modelTopology: it is not a TF.js layers model`);
  }
  refuseCodeLayers(json.modelTopology, fileName);
  if (!Array.isArray(json.weightsManifest)) {
    throw new ModelFormatError(`${fileName} has no weightsManifest: it does not say where the weights are`);
  }
  const names = new Set<string>();
  json.weightsManifest.forEach((group: unknown, i: number) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new ModelFormatError(`${fileName}: weightsManifest[${i}] must have "paths" and "weights" lists`);
    }
    group.weights.forEach((spec: unknown, j: number) => {
      if (
        !isObject(spec) ||
        typeof spec.name !== 'string' ||
        !Array.isArray(spec.shape) ||
        typeof spec.dtype !== 'string'
      ) {
        throw new ModelFormatError(`${fileName}: weightsManifest[${i}].weights[${j}] must have name, shape and dtype`);
      }
      const shape = spec.shape as unknown[];
      if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
        throw new ModelFormatError(
          `${fileName}: weight ${JSON.stringify(spec.name)} has shape ${JSON.stringify(shape)}; a shape lists non-negative integers`,
        );
      if (names.has(spec.name))
        throw new ModelFormatError(
          `${fileName}: weight ${JSON.stringify(spec.name)} is listed twice in weightsManifest`,
        );
      names.add(spec.name);
    });
  });
  return json as unknown as LayersModelJson;
}
