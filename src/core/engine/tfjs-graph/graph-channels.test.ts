import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { analyzeChannels, channelMasksFor, type ChannelGraph } from '../../graph';
import { mobileNetLike, smallMobileNetSpec } from '../../graph/test-mobilenet';
import { maskedCopy } from '../../graph/test-models';
import { withMethodForAll } from '../../plan/prune-all';
import { EMPTY_PLAN } from '../../plan/plan';
import { computePlanMasks, createMaskCache } from '../../plan/plan-masks';
import { describeEachBackend } from '../../test-backends';
import type { NamedBytes } from '../../types';
import { graphModelOf } from './graph-channel-fixture';
import { GraphModelEngine } from './graph-engine';

const EXPANDS = ['expanded_conv_expand', 'block_1_expand', 'block_2_expand'];

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.abs(tf.sub(a, b)).max());
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

/** Each producer's consumers and coupled group, by kernel name: what must agree across engines. */
function outline(g: ChannelGraph) {
  return g.producers.map((p) => ({
    kernel: p.kernelName,
    prunable: p.prunable,
    consumers: p.consumers.map((c) => [c.kernelName, c.kind, c.offset, c.width ?? 1, c.inChannels]),
    coupled: p.coupledWith,
  }));
}

function edited(files: NamedBytes[], edit: (nodes: { name: string; op: string }[]) => void): NamedBytes[] {
  const json = JSON.parse(new TextDecoder().decode(files[0].bytes)) as { modelTopology: { node: [] } };
  edit(json.modelTopology.node);
  return [{ ...files[0], bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer }, files[1]];
}

describeEachBackend('channel graph of a TF.js graph model', () => {
  for (const style of ['fused', 'raw'] as const) {
    it(`${style} ops: the same producers, consumers and couplings as the layers model`, async () => {
      const model = mobileNetLike(smallMobileNetSpec());
      const engine = await GraphModelEngine.open(graphModelOf(model, style));
      const x = tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 4);
      const [y, r] = [engine.predict(x), model.predict(x) as tf.Tensor];
      expect(await maxDiff(y, r)).toBeLessThan(1e-5); // the fixture is the same network
      const g = engine.channelGraph()!;
      expect(outline(g)).toEqual(outline(analyzeChannels(model)));
      expect(g.groups.map((x) => x.members)).toEqual([
        ['Conv1', 'expanded_conv_project'],
        ['block_1_project', 'block_2_project'],
      ]);
      const head = g.producers.find((p) => p.layerName === 'Conv_1')!;
      expect(head.consumers[0].spatial ?? { h: 1, w: 1 }).toEqual({ h: 1, w: 1 });
      tf.dispose([x, y, r]);
      engine.dispose();
      model.dispose();
    });
  }

  it('filters at 30% prune every expand conv; the depthwise and project channels follow; = masked layers model', async () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const engine = await GraphModelEngine.open(graphModelOf(model, 'fused'));
    const dense = new Map<string, Float32Array>();
    for (const t of engine.tensors) dense.set(t.name, await engine.readWeights(t.name));
    const graph = engine.channelGraph()!;
    const ctx = { tensors: engine.tensors, dense: (n: string) => dense.get(n)!, graph, cache: createMaskCache() };
    const result = computePlanMasks(
      withMethodForAll(EMPTY_PLAN, engine.tensors, { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l2' }),
      ctx,
    );
    for (const [name, n] of [...EXPANDS.map((e, i) => [e, [24, 24, 36][i]] as const)]) {
      const removed = result.removedFilters[name];
      expect(removed).toHaveLength(Math.floor(0.3 * n));
      const dw = name.replace(/expand$/, 'depthwise');
      // the depthwise kernel [3, 3, n, 1] is zero on exactly the removed channels
      const mask = result.masks.get(`${dw}/depthwise_kernel`)!;
      const zero = [...new Set([...mask].flatMap((m, i) => (m ? [] : [i % n])))].sort((a, b) => a - b);
      expect(zero).toEqual(removed);
      const project = result.masks.get(`${name.replace(/expand$/, 'project')}/kernel`)!;
      // its input rows [1, 1, n, out] that are wholly zero (its own filters are pruned too)
      const out = project.length / n;
      const rows = Array.from({ length: n }, (_, j) => j).filter((j) =>
        project.slice(j * out, j * out + out).every((m) => !m),
      );
      expect(rows).toEqual(removed);
    }
    // the same filters masked in the layers model give the same outputs
    const before = tf.memory().numTensors;
    for (const [name, mask] of result.masks)
      if (mask)
        engine.writeWeights(
          name,
          dense.get(name)!.map((v, i) => (mask[i] ? v : 0)),
        );
    expect(tf.memory().numTensors).toBe(before);
    const masked = await maskedCopy(model, channelMasksFor(analyzeChannels(model), result.removedFilters));
    const x = tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 8);
    const [y, r] = [engine.predict(x), masked.predict(x) as tf.Tensor];
    expect(await maxDiff(y, r)).toBeLessThan(1e-5);
    tf.dispose([x, y, r]);
    masked.dispose();
    engine.dispose();
    model.dispose();
  });

  it('names the node and op it cannot follow, and refuses the filters behind it', async () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const files = edited(graphModelOf(model, 'fused'), (nodes) => {
      nodes.find((n) => n.op === 'Mean')!.op = 'Sum';
    });
    const g = (await GraphModelEngine.open(files)).channelGraph()!;
    const head = g.producers.find((p) => p.layerName === 'Conv_1')!;
    expect(head.prunable).toBe(false);
    expect(head.reason).toBe(
      "its channels pass through 'global_average_pooling2d' (Sum), which the channel analysis does not follow",
    );
    expect(g.producers.find((p) => p.layerName === 'block_2_expand')!.prunable).toBe(true);
    model.dispose();
  });
});
