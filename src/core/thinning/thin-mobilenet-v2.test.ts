// A Keras-MobileNetV2-shaped model (224x224x3, 5 classes, uint8-quantized weights) through filter
// pruning at 30% and thinning: the expand convs are pruned, MACs fall to at most 0.65x, outputs agree.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { costReport } from '../cost';
import { artifactsToFiles } from '../engine/tfjs-layers/model-artifacts';
import { loadModelFromFiles } from '../engine/tfjs-layers/model-files';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { quantizeArtifacts } from '../engine/tfjs-layers/weight-quantization';
import { analyzeChannels } from '../graph/channel-graph';
import { kerasMobileNetV2Spec, mobileNetLike } from '../graph/test-mobilenet';
import { artifactsOf, maskedCopy } from '../graph/test-models';
import { EMPTY_PLAN } from '../plan/plan';
import { computePlanMasks, createMaskCache } from '../plan/plan-masks';
import { withMethodForAll } from '../plan/prune-all';
import { useBackend } from '../test-backends';
import { thinModel } from './thin-model';
import { thinnedAgreement } from './thinned-agreement';

async function timeMs(model: tf.LayersModel, x: tf.Tensor, runs = 2): Promise<number> {
  tf.dispose(model.predict(x) as tf.Tensor);
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  }
  return (performance.now() - start) / runs;
}

describe('MobileNetV2 224x224, uint8 weights: filters at 30%, then thinning', () => {
  beforeAll(() => useBackend('wasm'));

  it('prunes every expand conv, cuts MACs to <= 0.65x with outputs unchanged', async () => {
    const before = tf.memory().numTensors;
    const source = mobileNetLike(kerasMobileNetV2Spec());
    const files = artifactsToFiles(quantizeArtifacts(await artifactsOf(source), 'uint8'));
    source.dispose();
    const { model } = await loadModelFromFiles([
      { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson).buffer as ArrayBuffer },
      { name: 'weights.bin', bytes: files.weights.slice().buffer as ArrayBuffer },
    ]);
    const tensors = prunableTensors(model);
    expect(tensors.filter((t) => t.shape.length === 4)).toHaveLength(52);
    const values = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
    const ctx = {
      tensors,
      dense: (n: string) => values.get(n)!,
      graph: analyzeChannels(model),
      cache: createMaskCache(),
    };
    const plan = withMethodForAll(EMPTY_PLAN, tensors, {
      kind: 'structured',
      group: 'filters',
      sparsity: 0.3,
      norm: 'l1',
    });
    const result = computePlanMasks(plan, ctx);
    const expands = tensors.filter((t) => t.layerName.endsWith('_expand'));
    expect(expands).toHaveLength(16);
    for (const t of expands) expect(result.removedFilters[t.layerName]).toHaveLength(Math.floor(0.3 * t.shape[3]));

    const masks = new Map([...result.masks].filter((e): e is [string, Uint8Array] => e[1] !== null));
    const masked = await maskedCopy(model, masks);
    const thinned = await thinModel(model, result.removedFilters);
    const x = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 4);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    const [dense, thin] = [await costReport(model), await costReport(thinned)];
    const ratio = thin.total.macsDense / dense.total.macsDense;
    expect(ratio).toBeLessThanOrEqual(0.65);
    const [msMasked, msThinned] = [await timeMs(masked, x), await timeMs(thinned, x)];
    expect(msThinned).toBeGreaterThan(0);
    console.info(
      `MobileNetV2 224: params ${model.countParams()} -> ${thinned.countParams()}, MACs ${dense.total.macsDense} -> ` +
        `${thin.total.macsDense} (${ratio.toFixed(3)}x), batch 2 ${msMasked.toFixed(0)} ms -> ` +
        `${msThinned.toFixed(0)} ms`,
    );
    tf.dispose([x]);
    masked.dispose();
    thinned.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 240_000);
});
