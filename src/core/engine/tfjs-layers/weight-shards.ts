// A layers model's weight shards checked against its manifest and joined into one buffer.
import type * as tf from '@tensorflow/tfjs';
import { ModelFormatError } from './model-format-error';
import type { LayersModelJson, WeightSpecJson } from './model-json';

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
    : `weight files ${paths.join()} have ${bytes} bytes`;
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
      `model.json lists ${allPaths.length} weight file${allPaths.length === 1 ? '' : 's'}; missing: ` +
        `${missing.join(', ')}. ` +
        'Drop model.json together with all its weight files.',
    );
  }
  let total = 0;
  for (const group of json.weightsManifest) {
    const have = group.paths.reduce((s, p) => s + (shardBytes(p) as ArrayBuffer).byteLength, 0);
    const expected = group.weights.reduce((s, w) => s + specBytes(w), 0);
    if (have !== expected) {
      throw new ModelFormatError(
        `${describeFiles(group.paths, have)}; model.json expects ${expected} bytes for ` +
          `${group.weights.length} tensor${group.weights.length === 1 ? '' : 's'}`,
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
