import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { MaskedModel } from './masked-model';
import { describeEachBackend, expectNoLeak } from '../test-backends';

function buildModel(constrained = true): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, name: 'conv1' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 4, name: 'fc', kernelConstraint: constrained ? 'nonNeg' : undefined }),
    ],
  });
  // deterministic weights with mixed signs, and one exact zero in conv1
  tf.tidy(() => {
    model.weights.forEach((w, k) => {
      const size = w.shape.reduce((a, b) => (a as number) * (b as number), 1) as number;
      const values = Array.from({ length: size }, (_, i) => Math.sin(7 * i + k + 1) * (i % 5 === 0 ? 2 : 0.5));
      if (w.originalName === 'conv1/kernel') values[3] = 0;
      (w.read() as tf.Variable).assign(tf.tensor(values, w.shape as number[]));
    });
  });
  return model;
}

const patternMask = (n: number, keepEvery: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i % keepEvery === 0 ? 1 : 0));
const expectedMasked = (dense: Float32Array, mask: Uint8Array) => Array.from(dense, (d, i) => (mask[i] ? d : 0));

describeEachBackend('MaskedModel', () => {
  it('writes dense ⊙ mask into the model exactly, keeps the dense snapshot and restores it on reset', async () => {
    const model = buildModel();
    await expectNoLeak(async () => {
      const masked = await MaskedModel.create(model);
      expect(masked.tensors.map((t) => t.name)).toEqual(['conv1/kernel', 'fc/kernel']);
      const convDense = Array.from(masked.dense('conv1/kernel'));
      expect(Array.from(await masked.currentWeights('conv1/kernel'))).toEqual(convDense);

      const convMask = patternMask(27, 2);
      const fcMask = patternMask(16 * 3 * 4, 3);
      masked.setMask('conv1/kernel', convMask);
      masked.setMask('fc/kernel', fcMask);
      await masked.apply();
      expect(Array.from(await masked.currentWeights('conv1/kernel'))).toEqual(
        expectedMasked(masked.dense('conv1/kernel'), convMask),
      );
      // the dense fc kernel has negative values: a nonNeg constraint must not touch what is written
      expect(Array.from(await masked.currentWeights('fc/kernel'))).toEqual(
        expectedMasked(masked.dense('fc/kernel'), fcMask),
      );
      expect(Array.from(masked.dense('conv1/kernel'))).toEqual(convDense);
      expect(masked.getMask('conv1/kernel')).toBe(convMask);

      masked.resetAll();
      await masked.apply();
      expect(Array.from(await masked.currentWeights('conv1/kernel'))).toEqual(convDense);
      expect(Array.from(await masked.currentWeights('fc/kernel'))).toEqual(Array.from(masked.dense('fc/kernel')));
      expect(masked.getMask('fc/kernel')).toBeNull();
    });
    model.dispose();
  });

  it('predicts like a copy of the model given dense ⊙ mask by setWeights', async () => {
    const model = buildModel();
    // setWeights would apply the nonNeg constraint, so the reference has none
    const reference = buildModel(false);
    const masked = await MaskedModel.create(model);
    const fcMask = patternMask(192, 4);
    masked.setMask('fc/kernel', fcMask);
    await masked.apply();
    const fcDense = await reference.getLayer('fc').getWeights()[0].data();
    tf.tidy(() => {
      const [, bias] = reference.getLayer('fc').getWeights();
      reference.getLayer('fc').setWeights([tf.tensor(expectedMasked(fcDense as Float32Array, fcMask), [48, 4]), bias]);
    });
    const x = tf.tensor4d(
      Array.from({ length: 2 * 36 }, (_, i) => Math.cos(i)),
      [2, 6, 6, 1],
    );
    const [a, b] = tf.tidy(() => [model.predict(x) as tf.Tensor, reference.predict(x) as tf.Tensor]);
    const got = await a.data();
    const want = await b.data();
    want.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1e-6));
    tf.dispose([x, a, b]);
    model.dispose();
    reference.dispose();
  });

  it('rewrites only tensors whose mask changed since the last apply', async () => {
    const model = buildModel();
    const masked = await MaskedModel.create(model);
    masked.setMask('fc/kernel', patternMask(192, 2));
    await masked.apply();
    // overwrite conv1 behind the mask's back: apply() must leave it alone while its mask is unchanged
    const conv = model.getLayer('conv1').weights[0];
    tf.tidy(() => (conv.read() as tf.Variable).assign(tf.fill([3, 3, 1, 3], 7)));
    await expectNoLeak(() => masked.apply());
    expect(Array.from(await masked.currentWeights('conv1/kernel'))).toEqual(Array(27).fill(7));
    masked.setMask('conv1/kernel', null);
    await expectNoLeak(() => masked.apply(['conv1/kernel']));
    expect(Array.from(await masked.currentWeights('conv1/kernel'))).toEqual(Array.from(masked.dense('conv1/kernel')));
    model.dispose();
  });

  it('counts sparsity of dense ⊙ mask, including weights that are zero when dense', async () => {
    const model = buildModel();
    const masked = await MaskedModel.create(model);
    let s = masked.sparsity();
    expect(s.perTensor[0]).toEqual({ name: 'conv1/kernel', numel: 27, nnz: 26, sparsity: 1 - 26 / 27 });
    // keep elements 0, 2, ..., 26 (14 of them) but element 3 is 0 anyway (not kept) -> 14 nnz
    masked.setMask('conv1/kernel', patternMask(27, 2));
    masked.setMask('fc/kernel', patternMask(192, 4)); // 48 kept
    s = masked.sparsity();
    expect(s.perTensor.map((t) => [t.nnz, t.numel])).toEqual([
      [14, 27],
      [48, 192],
    ]);
    expect(s.total).toEqual({ numel: 219, nnz: 62, sparsity: 1 - 62 / 219 });
    model.dispose();
  });

  it('rejects unknown tensor names and masks of the wrong length', async () => {
    const model = buildModel();
    const masked = await MaskedModel.create(model);
    expect(() => masked.setMask('fc/bias', null)).toThrow(
      '"fc/bias" is not a prunable tensor of this model; prunable: conv1/kernel, fc/kernel',
    );
    expect(() => masked.setMask('conv1/kernel', new Uint8Array(26))).toThrow(
      'mask for conv1/kernel has 26 elements; the tensor [3,3,1,3] has 27',
    );
    model.dispose();
  });

  it('inside withDenseWeights the mask in force is the one that comes back, also in a nested scope', async () => {
    const model = buildModel();
    await expectNoLeak(async () => {
      const masked = await MaskedModel.create(model);
      const mask = patternMask(27, 2);
      masked.setMask('conv1/kernel', mask);
      await masked.apply();
      expect(masked.maskInForce('conv1/kernel')).toBe(mask);
      await masked.withDenseWeights(async () => {
        expect(masked.getMask('conv1/kernel')).toBeNull();
        await masked.withDenseWeights(async () => {
          masked.setMask('conv1/kernel', patternMask(27, 3));
          expect(masked.maskInForce('conv1/kernel')).toBe(mask);
        });
        expect(masked.maskInForce('conv1/kernel')).toBe(mask);
      });
      expect(masked.getMask('conv1/kernel')).toBe(mask);
      expect(masked.maskInForce('conv1/kernel')).toBe(mask);
      expect(masked.maskInForce('fc/kernel')).toBeNull();
    });
    model.dispose();
  });
});
