// Loading a TF.js *layers* model (model.json + binary weight shards) from dropped files or a URL,
// with checks that turn the usual mistakes into messages a person can act on.
import * as tf from '@tensorflow/tfjs';
import type { NamedBytes } from '../../types';
import { loadLayersModelCleanly } from './load-layers-model';
import { ModelFormatError } from './model-format-error';
import { isObject, parseModelJson, type LayersModelJson } from './model-json';
import { assembleWeights } from './weight-shards';

export interface LoadedModel {
  model: tf.LayersModel;
  /** The parsed model.json as read. */
  modelJson: unknown;
  /** A display name: the JSON's file name, or its folder when the file is just "model.json". */
  name: string;
}

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

async function buildModel(
  json: LayersModelJson,
  shardBytes: (path: string) => ArrayBuffer | undefined,
): Promise<tf.LayersModel> {
  const { weightSpecs, weightData } = assembleWeights(json, shardBytes);
  try {
    return await loadLayersModelCleanly(
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
