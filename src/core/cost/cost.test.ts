import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend, expectNoLeak } from '../test-backends';
import { costReport, CSR_VIEW_NOTE, gzipSize, measureLatency, storageBytes } from './index';

/** conv 3x3, 2 -> 3 channels on 6x6 (valid: 4x4 output), flatten (48), dense 4. */
function smallModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 4, name: 'fc' }),
    ],
  });
  tf.tidy(() => {
    // conv: first 27 of 54 weights zero; fc: every other weight zero
    const conv = Array.from({ length: 54 }, (_, i) => (i < 27 ? 0 : 0.01 * (i + 1)));
    const fc = Array.from({ length: 192 }, (_, i) => (i % 2 ? 0 : -0.5));
    (model.getLayer('conv').weights[0].read() as tf.Variable).assign(tf.tensor(conv, [3, 3, 2, 3]));
    (model.getLayer('fc').weights[0].read() as tf.Variable).assign(tf.tensor(fc, [48, 4]));
  });
  return model;
}

it('storage bytes: dense 4·numel, bitmask ceil(numel/8) + 4·nnz, CSR 8·nnz + 4·(rows+1)', () => {
  expect(storageBytes(54, 27, 3)).toEqual({ dense: 216, bitmask: 7 + 108, csr: 216 + 16 });
  expect(CSR_VIEW_NOTE).toMatch(/\[out, in·kh·kw\]/);
});

it('gzipSize is the length of gzip of the float32 bytes (CompressionStream, same as zlib)', async () => {
  const values = new Float32Array(1000).map((_, i) => (i % 7 === 0 ? Math.sin(i) : 0));
  const expected = gzipSync(Buffer.from(values.buffer)).length;
  const got = await gzipSize(values);
  expect(Math.abs(got - expected)).toBeLessThanOrEqual(8); // header bytes may differ by platform flags
  expect(await gzipSize(new Float32Array(1000))).toBeLessThan(100);
});

describeEachBackend('cost model', () => {
  it('counts params, NNZ, Distiller MACs (dense and effective) and bytes per tensor and in total', async () => {
    const model = smallModel();
    const report = await expectNoLeak(() => costReport(model));
    const [conv, fc] = report.tensors;
    // conv: OFM 4·4·3 = 48 outputs, each (C_in 2)·3·3 = 18 MACs -> 864; 27 of 54 weights kept -> 432
    expect(conv).toMatchObject({ name: 'conv/kernel', params: 54, nnz: 27, macsDense: 864, macsEffective: 432 });
    expect(conv.bytes).toMatchObject({ dense: 216, bitmask: 7 + 4 * 27, csr: 8 * 27 + 4 * 4 });
    // fc: numel 48·4 = 192 MACs; 96 kept
    expect(fc).toMatchObject({ name: 'fc/kernel', params: 192, nnz: 96, macsDense: 192, macsEffective: 96 });
    expect(fc.bytes).toMatchObject({ dense: 768, bitmask: 24 + 384, csr: 8 * 96 + 4 * 5 });
    expect(report.total).toMatchObject({ params: 246, nnz: 123, macsDense: 1056, macsEffective: 528 });
    expect(report.total.bytes.gzip).toBe(conv.bytes.gzip + fc.bytes.gzip);
    // counting other values (e.g. masked ones) instead of the model's own
    const masked = await costReport(model, (n) => new Float32Array(n === 'conv/kernel' ? 54 : 192));
    expect(masked.total).toMatchObject({ nnz: 0, macsEffective: 0 });
    model.dispose();
  });

  it('measureLatency: runs, warm-up, median within [min, max], no tensor left behind', async () => {
    const model = smallModel();
    const x = tf.randomNormal([16, 6, 6, 2]);
    const lat = await expectNoLeak(() => measureLatency(model, x, { runs: 5, warmup: 1 }));
    expect(lat.runs).toBe(5);
    expect(lat.minMs).toBeGreaterThan(0);
    expect(lat.minMs).toBeLessThanOrEqual(lat.medianMs);
    expect(lat.medianMs).toBeLessThanOrEqual(lat.maxMs);
    await expect(measureLatency(model, x, { runs: 0 })).rejects.toThrow(/runs must be a positive integer/);
    x.dispose();
    model.dispose();
  });
});
