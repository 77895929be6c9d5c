// Affine weight quantization as tfjs-converter writes it (value = q * scale + min, q in uint8 or
// uint16; or float16). A pruned weight is exactly 0, and must decode to exactly 0: min and scale are
// moved so that 0 lies on the grid (min = -zeroPoint * scale), as the converter does.
import type * as tf from '@tensorflow/tfjs';

export type QuantizationDtype = 'uint8' | 'uint16';

/** The quantized bytes of float32 values and the manifest entry's quantization field. */
export function quantizeAffine(
  values: Float32Array,
  dtype: QuantizationDtype,
): { bytes: Uint8Array; quantization: NonNullable<tf.io.WeightsManifestEntry['quantization']> } {
  const levels = dtype === 'uint8' ? 255 : 65535;
  let lo = 0;
  let hi = 0; // the range always holds 0
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? (hi - lo) / levels : 1;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const q = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.min(levels, Math.max(0, Math.round((values[i] - min) / scale)));
  return {
    bytes: new Uint8Array(q.buffer),
    quantization: { dtype, min, scale, original_dtype: 'float32' } as NonNullable<
      tf.io.WeightsManifestEntry['quantization']
    >,
  };
}

/**
 * Model artifacts with every float32 weight quantized (the shape of a converter's output); other
 * dtypes are kept as they are.
 */
export function quantizeArtifacts(artifacts: tf.io.ModelArtifacts, dtype: QuantizationDtype): tf.io.ModelArtifacts {
  const source = artifacts.weightData as ArrayBuffer;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = new Uint8Array(source, offset, count * 4);
    offset += count * 4;
    if (spec.dtype !== 'float32' || spec.quantization) {
      parts.push(bytes);
      specs.push(spec);
      continue;
    }
    const q = quantizeAffine(new Float32Array(bytes.slice().buffer), dtype);
    parts.push(q.bytes);
    specs.push({ ...spec, quantization: q.quantization });
  }
  const data = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.byteLength;
  }
  return { ...artifacts, weightSpecs: specs, weightData: data.buffer };
}
