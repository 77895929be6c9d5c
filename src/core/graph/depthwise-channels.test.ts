import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { costReport } from '../cost';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { withMethodForAll } from '../plan/prune-all';
import { EMPTY_PLAN, type TensorMethod } from '../plan/plan';
import { computePlanMasks, createMaskCache } from '../plan/plan-masks';
import { describeEachBackend, useBackend } from '../test-backends';
import { thinModel } from '../thinning/thin-model';
import { thinnedAgreement } from '../thinning/thinned-agreement';
import { analyzeChannels } from './channel-graph';
import { channelMasksFor } from './propagate';
import { mobileNetLike, smallMobileNetMacs, smallMobileNetSpec } from './test-mobilenet';
import { maskedCopy } from './test-models';

const EXPANDS = ['expanded_conv_expand', 'block_1_expand', 'block_2_expand'];
const filters30: TensorMethod = { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l1' };

function valuesOf(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
}

/** `values` without the entries whose channel (index / inner % channels) is in `drop`. */
function withoutChannels(values: Float32Array, channels: number, inner: number, drop: number[]): number[] {
  return [...values].filter((_, i) => !drop.includes(Math.floor(i / inner) % channels));
}

function planContext(model: tf.LayersModel) {
  const tensors = prunableTensors(model);
  const values = valuesOf(model);
  return { tensors, dense: (n: string) => values.get(n)!, graph: analyzeChannels(model), cache: createMaskCache() };
}

describe('channel graph of a MobileNetV2-style model', () => {
  beforeAll(() => useBackend('cpu'));
  it('expand convs are prunable producers; depthwise convs pass their channels on to the project conv', () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const g = analyzeChannels(model);
    for (const name of EXPANDS) {
      const p = g.producers.find((x) => x.layerName === name)!;
      expect(p.prunable, p.reason).toBe(true);
      const dw = name.replace(/expand$/, 'depthwise');
      expect(p.consumers.map((c) => [c.layerName, c.kind])).toEqual([
        [dw, 'conv-in'],
        [name.replace(/expand$/, 'project'), 'conv-in'],
      ]);
      expect(p.batchNorms).toEqual([`${name}_BN`, `${dw}_BN`]);
    }
    // depthwise convs are not producers; the Adds couple the stem with the first project conv, and
    // the two last project convs
    expect(g.producers.some((p) => p.layerName.includes('depthwise'))).toBe(false);
    expect(g.groups.map((x) => x.members)).toEqual([
      ['Conv1', 'expanded_conv_project'],
      ['block_1_project', 'block_2_project'],
    ]);
    expect(g.producers.find((p) => p.layerName === 'predictions')!.prunable).toBe(false);
    model.dispose();
  });

  it('refuses a grouped convolution with the reason, and the layer feeding it', () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const json = model.toJSON(null, false) as unknown as { config: { layers: { name: string; config: object }[] } };
    const entry = json.config.layers.find((l) => l.name === 'block_1_project')!;
    entry.config = { ...entry.config, groups: 2 };
    const patched = Object.create(model) as tf.LayersModel;
    patched.toJSON = (() => json) as unknown as tf.LayersModel['toJSON'];
    const g = analyzeChannels(patched);
    const project = g.producers.find((p) => p.layerName === 'block_1_project')!;
    expect(project.prunable).toBe(false);
    expect(project.reason).toMatch(/'block_1_project' \(Conv2D\) is a grouped convolution \(groups 2\)/);
    const expand = g.producers.find((p) => p.layerName === 'block_1_expand')!;
    expect(expand.reason).toMatch(/grouped convolution/);
    model.dispose();
  });
});

describeEachBackend('thinning a MobileNetV2-style model', () => {
  it('filters at 30% prune every expand conv; masked = thinned; MACs fall as counted by hand', async () => {
    const before = tf.memory().numTensors;
    const model = mobileNetLike(smallMobileNetSpec());
    const ctx = planContext(model);
    const plan = withMethodForAll(EMPTY_PLAN, ctx.tensors, filters30);
    const result = computePlanMasks(plan, ctx);
    const kept = (layer: string, n: number) => {
      expect(result.removedFilters[layer]).toHaveLength(Math.floor(0.3 * n));
      return n - Math.floor(0.3 * n);
    };
    const [e0, e1, e2] = [kept(EXPANDS[0], 24), kept(EXPANDS[1], 24), kept(EXPANDS[2], 36)];
    const [c1, p12, h] = [kept('Conv1', 8), kept('block_1_project', 12), kept('Conv_1', 24)];
    expect(result.removedFilters.expanded_conv_project).toEqual(result.removedFilters.Conv1);
    expect(result.removedFilters.block_2_project).toEqual(result.removedFilters.block_1_project);
    expect(result.removedFilters.predictions).toBeUndefined();
    const dwNote = result.perTensor.find((t) => t.name === 'block_1_depthwise/depthwise_kernel')!.note;
    expect(dwNote).toMatch(/leave with the filters removed from 'block_1_expand'/);

    const masks = new Map([...result.masks].filter((e): e is [string, Uint8Array] => e[1] !== null));
    const masked = await maskedCopy(model, masks);
    const thinned = await thinModel(model, result.removedFilters);
    const x = tf.randomNormal([6, 16, 16, 3], 0, 1, 'float32', 3);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    x.dispose();

    const macs = (m: tf.LayersModel) => costReport(m).then((r) => r.total.macsDense);
    const byHand = smallMobileNetMacs(c1, e0, e1, p12, e2, h);
    expect(await macs(model)).toBe(13824 + 12288 * 3 + 13824 + 3456 + 4608 + 6912 * 2 + 5184 + 4608 + 120);
    expect(await macs(thinned)).toBe(byHand);
    masked.dispose();
    thinned.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('removes exactly the depthwise channels, BN entries and project inputs named by the removed filters', async () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const removed = { block_1_expand: [0, 5, 6, 23] };
    const thinned = await thinModel(model, removed);
    const [a, b] = [valuesOf(model), valuesOf(thinned)];
    const drop = removed.block_1_expand;
    expect([...b.get('block_1_expand/kernel')!]).toEqual(withoutChannels(a.get('block_1_expand/kernel')!, 24, 1, drop));
    expect(thinned.getLayer('block_1_depthwise').weights[0].shape).toEqual([3, 3, 20, 1]);
    const dw = 'block_1_depthwise/depthwise_kernel';
    expect([...b.get(dw)!]).toEqual(withoutChannels(a.get(dw)!, 24, 1, drop));
    for (const bn of ['block_1_expand_BN', 'block_1_depthwise_BN'])
      for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance'])
        expect([...b.get(`${bn}/${w}`)!]).toEqual(withoutChannels(a.get(`${bn}/${w}`)!, 24, 1, drop));
    const project = 'block_1_project/kernel';
    expect(thinned.getLayer('block_1_project').weights[0].shape).toEqual([1, 1, 20, 12]);
    expect([...b.get(project)!]).toEqual(withoutChannels(a.get(project)!, 24, 12, drop));
    thinned.dispose();
    model.dispose();
  });

  it('depth multiplier 2: a removed filter takes its group of two depthwise outputs with it', async () => {
    const before = tf.memory().numTensors;
    const model = mobileNetLike(smallMobileNetSpec(2));
    const g = analyzeChannels(model);
    const expand = g.producers.find((p) => p.layerName === 'expanded_conv_expand')!;
    expect(expand.consumers.find((c) => c.layerName === 'expanded_conv_project')!.width).toBe(2);
    expect(expand.batchNormSlices.find((s) => s.layerName === 'expanded_conv_depthwise_BN')!.width).toBe(2);
    const removed = { expanded_conv_expand: [1, 5] };
    const thinned = await thinModel(model, removed);
    const [a, b] = [valuesOf(model), valuesOf(thinned)];
    // depthwise kernel [3, 3, 24, 2]: input channels 1 and 5 (outputs 2, 3, 10, 11) leave
    expect(thinned.getLayer('expanded_conv_depthwise').weights[0].shape).toEqual([3, 3, 22, 2]);
    const dw = 'expanded_conv_depthwise/depthwise_kernel';
    expect([...b.get(dw)!]).toEqual(withoutChannels(a.get(dw)!, 24, 2, [1, 5]));
    const outputs = [2, 3, 10, 11];
    const gamma = 'expanded_conv_depthwise_BN/gamma';
    expect([...b.get(gamma)!]).toEqual(withoutChannels(a.get(gamma)!, 48, 1, outputs));
    const project = 'expanded_conv_project/kernel';
    expect([...b.get(project)!]).toEqual(withoutChannels(a.get(project)!, 48, 8, outputs));
    const masked = await maskedCopy(model, channelMasksFor(g, removed));
    const x = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 9);
    expect(await thinnedAgreement(masked, thinned, x)).toBeLessThanOrEqual(1e-5);
    tf.dispose([x]);
    masked.dispose();
    thinned.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("'depthwise' method: a depthwise kernel's channels, removed with their producer's filters", () => {
  beforeAll(() => useBackend('cpu'));
  it("ranks by the depthwise kernel's channel norms and removes the producer's filters", () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const ctx = planContext(model);
    const dw = 'block_2_depthwise/depthwise_kernel';
    const method: TensorMethod = { kind: 'structured', group: 'depthwise', sparsity: 0.25, norm: 'l1' };
    const result = computePlanMasks({ version: 1, tensors: { [dw]: method } }, ctx);
    // independent: mean |w| per channel of the [3, 3, 36, 1] kernel, the 9 lowest
    const w = ctx.dense(dw);
    const sums = new Array(36).fill(0);
    w.forEach((v, i) => (sums[i % 36] += Math.abs(v)));
    const lowest = sums
      .map((s, j) => [s, j])
      .sort((p, q) => p[0] - q[0])
      .slice(0, 9)
      .map((p) => p[1])
      .sort((p, q) => p - q);
    expect(result.removedFilters).toEqual({ block_2_expand: lowest });
    const mask = result.masks.get(dw)!;
    expect([...mask].flatMap((m, i) => (m ? [] : [i % 36])).filter((c, i, all) => all.indexOf(c) === i)).toEqual(
      lowest,
    );
    expect(() =>
      computePlanMasks({ version: 1, tensors: { 'block_2_expand/kernel': method } }, planContext(model)),
    ).toThrow(/ranks the channels of a depthwise kernel/);
    model.dispose();
  });
});
