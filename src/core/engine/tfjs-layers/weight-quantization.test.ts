import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mobileNetLike, smallMobileNetSpec } from '../../graph/test-mobilenet';
import { artifactsOf } from '../../graph/test-models';
import { useBackend } from '../../test-backends';
import { layersModelToFiles, artifactsToFiles } from './model-artifacts';
import { loadModelFromFiles } from './model-files';
import { quantizeAffine, quantizeArtifacts } from './weight-quantization';

const buffer = (u: Uint8Array) => u.slice().buffer as ArrayBuffer;

describe('affine weight quantization', () => {
  beforeAll(() => useBackend('cpu'));

  it('keeps zeros exactly zero where the plain affine grid would miss 0', () => {
    // plain (max - min) / 255 puts 0 between two levels here: min -0.3, step 0.0039...
    const values = Float32Array.from([-0.3, 0, 0.2, 0.7, 0, 0.05]);
    for (const dtype of ['uint8', 'uint16'] as const) {
      const q = quantizeAffine(values, dtype);
      const spec = { name: 'w', shape: [6], dtype: 'float32' as const, quantization: q.quantization };
      const decoded = tf.io.decodeWeights(buffer(q.bytes), [spec]).w;
      const out = decoded.dataSync();
      expect(out[1]).toBe(0);
      expect(out[4]).toBe(0);
      const step = q.quantization.scale!;
      for (let i = 0; i < values.length; i++) expect(Math.abs(out[i] - values[i])).toBeLessThanOrEqual(step / 2 + 1e-7);
      decoded.dispose();
    }
  });

  it('a uint8 manifest loads; a model saved again (pruned or thinned) stores float32 with its zeros', async () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const w = model.getLayer('block_1_expand').getWeights()[0];
    const data = w.dataSync().slice();
    data.fill(0, 0, 48); // two input rows of zeros, as pruning leaves them
    model.getLayer('block_1_expand').setWeights([tf.tensor(data, w.shape)]);
    const files = artifactsToFiles(quantizeArtifacts(await artifactsOf(model), 'uint8'));
    expect(JSON.parse(files.modelJson).weightsManifest[0].weights[0].quantization.dtype).toBe('uint8');
    const loaded = await loadModelFromFiles([
      { name: 'model.json', bytes: buffer(new TextEncoder().encode(files.modelJson)) },
      { name: 'weights.bin', bytes: buffer(files.weights) },
    ]);
    const kernel = loaded.model.getLayer('block_1_expand').getWeights()[0].dataSync();
    expect([...kernel.slice(0, 48)].every((v) => v === 0)).toBe(true);
    const again = await layersModelToFiles(loaded.model);
    const specs = JSON.parse(again.modelJson).weightsManifest[0].weights as { dtype: string; quantization?: unknown }[];
    expect(specs.every((s) => s.dtype === 'float32' && s.quantization === undefined)).toBe(true);
    loaded.model.dispose();
    model.dispose();
  });
});
