// Loading a TF.js *layers* model (model.json + binary weight shards) from dropped files or a URL,
// with checks that turn the usual mistakes into messages a person can act on.
import * as tf from '@tensorflow/tfjs';
import type { NamedBytes } from './types';

/** A model.json or its weight files are missing, malformed or inconsistent. */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

export interface LoadedModel {
  model: tf.LayersModel;
  /** The parsed model.json as read. */
  modelJson: unknown;
  /** A display name: the JSON's file name, or its folder when the file is just "model.json". */
  name: string;
}

interface WeightSpecJson {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
interface WeightGroupJson {
  paths: string[];
  weights: WeightSpecJson[];
}
interface LayersModelJson {
  modelTopology: object;
  weightsManifest: WeightGroupJson[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: { [key: string]: unknown };
}

const GRAPH_MODEL_MESSAGE =
  'this is a TF.js graph model; PruneLab needs a layers model (saved with model.save / tfjs.converters.save_keras_model)';

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  uint8: 1,
  bool: 1,
  uint16: 2,
  float16: 2,
  int16: 2,
  int8: 1,
  complex64: 8,
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function folderName(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** Manifest paths are relative to model.json; "./x.bin" and "x.bin" name the same file. */
function normalisePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep as written
  }
  return p;
}

/**
 * Where JSON text first breaks: some engines (V8 in Node 20) report no position, so
 * find it with a small strict scanner. Only runs after JSON.parse has failed.
 */
export function locateJsonError(text: string): { line: number; column: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw Object.assign(new Error(reason), { offset: i });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describeHere = () => (i >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(describeHere());
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('control character inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail(describeHere());
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${describeHere()}, expected a property name`);
        string();
        ws();
        if (text[i] !== ':') fail(`${describeHere()}, expected ':'`);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`${describeHere()}, expected ',' or '}'`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`${describeHere()}, expected ',' or ']'`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail(`${describeHere()}, expected a value`);
  };
  let reason = 'invalid JSON';
  try {
    value();
    ws();
    if (i < text.length) fail(`${describeHere()} after the end of the JSON value`);
  } catch (err) {
    reason = err instanceof Error ? err.message : reason;
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  const column = i - before.lastIndexOf('\n');
  return { line, column, reason };
}

function isObject(v: unknown): v is Record<string, unknown> {
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
  if (!Array.isArray(json.weightsManifest)) {
    throw new ModelFormatError(`${fileName} has no weightsManifest: it does not say where the weights are`);
  }
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
    });
  });
  return json as unknown as LayersModelJson;
}

function specBytes(spec: WeightSpecJson): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES_PER_ELEMENT[dtype];
  if (size === undefined)
    throw new ModelFormatError(`weight ${spec.name} has dtype "${dtype}", which PruneLab cannot read`);
  return size * spec.shape.reduce((a, b) => a * b, 1);
}

function describeFiles(paths: string[], bytes: number): string {
  return paths.length === 1
    ? `weight file ${paths[0]} has ${bytes} bytes`
    : `weight files ${paths.join(' + ')} have ${bytes} bytes`;
}

/**
 * Checks every manifest path has bytes and each group's size matches its specs, then
 * returns the specs and the shards concatenated in manifest order.
 */
export function assembleWeights(
  json: LayersModelJson,
  shardBytes: (path: string) => ArrayBuffer | undefined,
): { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
  const allPaths = json.weightsManifest.flatMap((g) => g.paths);
  const missing = allPaths.filter((p) => shardBytes(p) === undefined);
  if (missing.length > 0) {
    throw new ModelFormatError(
      `model.json lists ${allPaths.length} weight file${allPaths.length === 1 ? '' : 's'}; missing: ${missing.join(', ')}. ` +
        'Drop model.json together with all its weight files.',
    );
  }
  let total = 0;
  for (const group of json.weightsManifest) {
    const have = group.paths.reduce((s, p) => s + (shardBytes(p) as ArrayBuffer).byteLength, 0);
    const expected = group.weights.reduce((s, w) => s + specBytes(w), 0);
    if (have !== expected) {
      throw new ModelFormatError(
        `${describeFiles(group.paths, have)}; model.json expects ${expected} bytes for ${group.weights.length} tensor${group.weights.length === 1 ? '' : 's'}`,
      );
    }
    total += have;
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const path of allPaths) {
    const bytes = new Uint8Array(shardBytes(path) as ArrayBuffer);
    weightData.set(bytes, offset);
    offset += bytes.byteLength;
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[];
  return { weightSpecs, weightData: weightData.buffer };
}

async function buildModel(
  json: LayersModelJson,
  shardBytes: (path: string) => ArrayBuffer | undefined,
): Promise<tf.LayersModel> {
  const { weightSpecs, weightData } = assembleWeights(json, shardBytes);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
      }),
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ModelFormatError(`TF.js could not build the model from model.json: ${reason}`);
  }
}

function displayName(jsonPath: string, json: LayersModelJson): string {
  const file = baseName(jsonPath).replace(/\.json$/i, '');
  if (file && file !== 'model') return file;
  const folder = folderName(jsonPath);
  if (folder) return folder;
  const topology = json.modelTopology as {
    model_config?: { config?: { name?: unknown } };
    config?: { name?: unknown };
  };
  const configName = topology.model_config?.config?.name ?? topology.config?.name;
  return typeof configName === 'string' && configName ? configName : 'model';
}

function decodeText(bytes: ArrayBuffer): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Picks the model JSON among the files: the only .json, or the one JSON holding a modelTopology. */
function pickModelJson(files: NamedBytes[]): { file: NamedBytes; json: LayersModelJson } {
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  if (jsons.length === 0) {
    const names = files.map((f) => f.name).join(', ') || 'none';
    throw new ModelFormatError(
      `no model.json among the files (got: ${names}). Drop model.json together with all its weight files.`,
    );
  }
  if (jsons.length === 1)
    return { file: jsons[0], json: parseModelJson(decodeText(jsons[0].bytes), baseName(jsons[0].name)) };
  const candidates: { file: NamedBytes; text: string }[] = [];
  for (const file of jsons) {
    const text = decodeText(file.bytes);
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed) && parsed.modelTopology != null) candidates.push({ file, text });
    } catch {
      // a broken side file (e.g. a card) is not the model
    }
  }
  if (candidates.length === 0) {
    throw new ModelFormatError(
      `none of the JSON files (${jsons.map((f) => f.name).join(', ')}) has a modelTopology: no TF.js model among them`,
    );
  }
  if (candidates.length > 1) {
    throw new ModelFormatError(
      `several model JSON files (${candidates.map((c) => c.file.name).join(', ')}): drop one model at a time`,
    );
  }
  const { file, text } = candidates[0];
  return { file, json: parseModelJson(text, baseName(file.name)) };
}

/** Loads a layers model from model.json plus its weight shards, matched by file name. */
export async function loadModelFromFiles(files: NamedBytes[]): Promise<LoadedModel> {
  const { file, json } = pickModelJson(files);
  const byName = new Map<string, ArrayBuffer>();
  for (const f of files) {
    byName.set(normalisePath(f.name), f.bytes);
    if (!byName.has(baseName(f.name))) byName.set(baseName(f.name), f.bytes);
  }
  const model = await buildModel(json, (p) => byName.get(normalisePath(p)) ?? byName.get(baseName(normalisePath(p))));
  return { model, modelJson: json, name: displayName(file.name, json) };
}

/** `path` resolved against the folder of `base` (which may be relative, e.g. "/models/x/model.json"). */
export function resolveRelativeUrl(base: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) return path;
  const folder = base.replace(/[?#].*$/, '');
  return folder.slice(0, folder.lastIndexOf('/') + 1) + normalisePath(path);
}

async function fetchBytes(url: string, fetchFn: typeof fetch): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (err) {
    throw new ModelFormatError(`could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) throw new ModelFormatError(`could not fetch ${url}: ${response.status}`);
  return response.arrayBuffer();
}

/** Loads a layers model from the URL of its model.json; shards are fetched relative to it. */
export async function loadModelFromUrl(modelJsonUrl: string, fetchFn: typeof fetch = fetch): Promise<LoadedModel> {
  const jsonName = baseName(modelJsonUrl.replace(/[?#].*$/, '')) || 'model.json';
  const json = parseModelJson(decodeText(await fetchBytes(modelJsonUrl, fetchFn)), jsonName);
  const shards = new Map<string, ArrayBuffer>();
  const paths = [...new Set(json.weightsManifest.flatMap((g) => g.paths))];
  await Promise.all(
    paths.map(async (p) => {
      shards.set(p, await fetchBytes(resolveRelativeUrl(modelJsonUrl, p), fetchFn));
    }),
  );
  const model = await buildModel(json, (p) => shards.get(p));
  return { model, modelJson: json, name: displayName(modelJsonUrl.replace(/[?#].*$/, ''), json) };
}
