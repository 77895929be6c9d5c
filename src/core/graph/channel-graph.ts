// Which tensors a filter lives in. Removing output channel j of a Conv2D/Dense ("producer") also
// removes entry j of every BatchNormalization on its path and input channel j of every layer that
// reads it ("consumer": the next conv's kernel[:, :, j, :], or the rows of a Dense after Flatten that
// read channel j at every spatial position). Layers joined by an elementwise merge (Add, ...) must
// lose the same channels, so they form one coupled group.
import type * as tf from '@tensorflow/tfjs';
import type {
  BatchNormSlice,
  ChannelConsumer,
  ChannelGraph,
  PerChannelSlice,
  ProducerInfo,
} from './channel-graph-types';
import {
  batchNormOnLastAxis,
  ELEMENTWISE_MERGE,
  GLOBAL_POOLING,
  isChannelsLast,
  lastDim,
  layerLabel,
  liveLayer,
  PASS_THROUGH,
  type LiveLayerInfo,
  PRODUCERS,
  rankOf,
  UnionFind,
  type ChannelValue,
  type Segment,
} from './layer-channels';
import { passDepthwise } from './depthwise-channels';
import { modelTopologyJson, readTopology, type ModelTopology, type TopologyLayer } from './model-topology';

export type * from './channel-graph-types';

/** Follows every producer's channels through the model and reports what removing them touches. */
export function analyzeChannels(model: tf.LayersModel): ChannelGraph {
  const topology = readTopology(modelTopologyJson(model));
  return analyzeTopology(topology, new Map(topology.layers.map((l) => [l.name, liveLayer(model, l.name)])));
}

/**
 * The channel analysis of a layer list in Keras terms (class names, configs) with each layer's weights
 * and output shape: a layers model's own, or one translated from another format (a TF.js graph model).
 */
export function analyzeTopology(
  topology: ModelTopology,
  live: ReadonlyMap<string, LiveLayerInfo | null>,
): ChannelGraph {
  const values = new Map<string, ChannelValue | null>();
  const uf = new UnionFind();
  const blocked = new Map<string, string>();
  const consumers = new Map<string, ChannelConsumer[]>();
  const batchNorms = new Map<string, BatchNormSlice[]>();
  const perChannel = new Map<string, PerChannelSlice[]>();
  const mergedVia = new Map<string, string[]>();
  const producerOrder: TopologyLayer[] = [];

  const block = (space: string, reason: string) => {
    if (!blocked.has(space)) blocked.set(space, reason);
  };
  const blockValue = (v: ChannelValue | null | undefined, reason: string) => {
    for (const seg of v?.segments ?? []) if (seg.space !== null) block(seg.space, reason);
  };
  const notFollowed = (layer: TopologyLayer, why: string) => `its channels pass through ${layerLabel(layer)}, ${why}`;

  for (const layer of topology.layers) {
    const inputs = layer.inputs.map((n) => values.get(n) ?? null);
    const info = live.get(layer.name) ?? null;
    const isProducer = PRODUCERS.has(layer.className);
    let out: ChannelValue | null = null;

    if (isProducer) {
      producerOrder.push(layer);
      uf.add(layer.name);
      consumers.set(layer.name, []);
      batchNorms.set(layer.name, []);
      perChannel.set(layer.name, []);
    }

    if (layer.unsupported) {
      for (const v of inputs)
        blockValue(v, notFollowed(layer, `which the channel analysis does not follow (${layer.unsupported})`));
      if (isProducer) block(layer.name, layer.unsupported);
      values.set(layer.name, null);
      continue;
    }

    const v = inputs[0] ?? null;
    const cls = layer.className;
    if (cls === 'InputLayer') {
      out = null;
    } else if (isProducer) {
      const kernel = info?.weights.get('kernel');
      const conv = cls === 'Conv2D';
      const groups = Number(layer.config.groups ?? 1);
      if (conv && !isChannelsLast(layer)) {
        blockValue(v, notFollowed(layer, 'which is channels_first'));
        block(layer.name, `${layerLabel(layer)} is channels_first; only channels_last convolutions are thinned`);
      } else if (conv && groups > 1) {
        // each filter group reads its own slice of inputs: channels could only leave in whole groups
        const why = `a grouped convolution (groups ${groups}) whose channels leave only in whole groups`;
        blockValue(v, notFollowed(layer, `${why}, which is not done`));
        block(layer.name, `${layerLabel(layer)} is ${why}; its filters are not removed`);
      }
      if (v !== null && kernel) {
        for (const seg of v.segments) {
          if (seg.space === null) continue;
          consumers.get(seg.space)!.push({
            layerName: layer.name,
            kernelName: kernel.name,
            kernelShape: kernel.shape,
            kind: conv ? 'conv-in' : 'dense-rows',
            offset: seg.offset,
            ...(seg.width ? { width: seg.width } : {}),
            inChannels: v.total,
            ...(v.flat ? { spatial: { ...v.flat } } : {}),
          });
        }
      } else if (v !== null) {
        blockValue(v, `${layerLabel(layer)} has no kernel weight`);
      }
      if (layer.config.activation === 'softmax') {
        block(layer.name, `${layerLabel(layer)} has a softmax activation, which mixes its channels`);
      }
      const size = Number(conv ? layer.config.filters : layer.config.units);
      if (!kernel) block(layer.name, `${layerLabel(layer)} has no kernel weight`);
      out = { segments: [{ space: layer.name, offset: 0, size }], total: size };
    } else if (cls === 'BatchNormalization') {
      if (v !== null) {
        if (v.flat || !batchNormOnLastAxis(layer, rankOf(info?.outputShape))) {
          blockValue(v, notFollowed(layer, 'which does not normalise the channel axis of a conv/dense output'));
          out = null;
        } else {
          for (const seg of v.segments)
            if (seg.space !== null)
              batchNorms
                .get(seg.space)!
                .push({ layerName: layer.name, offset: seg.offset, ...(seg.width ? { width: seg.width } : {}) });
          out = v;
        }
      }
    } else if (cls === 'DepthwiseConv2D') {
      out = passDepthwise(layer, v, info, { consumers, perChannel, blockValue, notFollowed });
    } else if (cls === 'Activation' && layer.config.activation === 'softmax') {
      blockValue(v, notFollowed(layer, 'a softmax that mixes channels'));
    } else if (PASS_THROUGH.has(cls)) {
      if (v !== null && (v.flat || !isChannelsLast(layer))) {
        blockValue(v, notFollowed(layer, v.flat ? 'after a Flatten' : 'which is channels_first'));
      } else out = v;
    } else if (cls === 'Flatten') {
      if (v !== null) {
        const shape = live.get(layer.inputs[0])?.outputShape;
        const rank = rankOf(shape);
        if (v.flat || rank === 2) out = v;
        else if (
          rank === 4 &&
          typeof (shape as unknown[])[1] === 'number' &&
          typeof (shape as unknown[])[2] === 'number'
        ) {
          out = { ...v, flat: { h: (shape as number[])[1], w: (shape as number[])[2] } };
        } else
          blockValue(
            v,
            notFollowed(layer, `whose input shape ${JSON.stringify(shape)} is not [batch, h, w, c] with known h, w`),
          );
      }
    } else if (GLOBAL_POOLING.has(cls)) {
      if (v !== null && (v.flat || !isChannelsLast(layer)))
        blockValue(v, notFollowed(layer, 'which is not channels_last pooling of conv channels'));
      else out = v; // channel j becomes feature j
    } else if (ELEMENTWISE_MERGE.has(cls)) {
      const whole = (x: ChannelValue | null) =>
        x !== null &&
        x.segments.length === 1 &&
        x.segments[0].space !== null &&
        x.segments[0].size * (x.segments[0].width ?? 1) === x.total;
      const plain = inputs.every(whole);
      const sameShape =
        plain &&
        inputs.every(
          (x) =>
            x!.total === inputs[0]!.total &&
            x!.segments[0].width === inputs[0]!.segments[0].width &&
            JSON.stringify(x!.flat) === JSON.stringify(inputs[0]!.flat),
        );
      if (!plain || !sameShape) {
        const others = layer.inputs.filter((_, i) => !whole(inputs[i]));
        const why = others.length
          ? `which also reads ${others.map((n) => `'${n}'`).join(', ')}, not the whole output of a prunable layer`
          : 'whose inputs do not line up channel for channel';
        for (const x of inputs) blockValue(x, notFollowed(layer, why));
      } else {
        const spaces = inputs.map((x) => x!.segments[0].space!);
        for (const s of spaces.slice(1)) uf.union(spaces[0], s);
        for (const s of spaces) mergedVia.set(s, [...(mergedVia.get(s) ?? []), layer.name]);
        out = inputs[0];
      }
    } else if (cls === 'Concatenate') {
      const axis = Number(layer.config.axis ?? -1);
      const rank = rankOf(info?.outputShape);
      if (!(axis === -1 || axis === rank - 1) || inputs.some((x) => x?.flat)) {
        for (const x of inputs)
          blockValue(x, notFollowed(layer, 'which does not join along the channel axis of unflattened tensors'));
      } else {
        const segments: Segment[] = [];
        let offset = 0;
        let known = true;
        layer.inputs.forEach((name, i) => {
          const x = inputs[i];
          if (x === null) {
            const size = lastDim(live.get(name)?.outputShape);
            if (size === null) known = false;
            else segments.push({ space: null, offset, size });
            offset += size ?? 0;
          } else {
            for (const seg of x.segments) segments.push({ ...seg, offset: offset + seg.offset });
            offset += x.total;
          }
        });
        if (known) out = { segments, total: offset };
        else for (const x of inputs) blockValue(x, notFollowed(layer, 'with an input of unknown channel count'));
      }
    } else {
      for (const x of inputs) blockValue(x, notFollowed(layer, 'which the channel analysis does not follow'));
    }
    values.set(layer.name, out);
  }

  const classOf = new Map(topology.layers.map((l) => [l.name, l]));
  for (const name of topology.outputs) {
    const layer = classOf.get(name);
    if (!layer) continue;
    if (PRODUCERS.has(layer.className)) {
      block(
        name,
        `${layerLabel(layer)} is the model's output layer: removing its ` +
          `${layer.className === 'Dense' ? 'units' : 'filters'} would remove model outputs (classes)`,
      );
    } else {
      blockValue(values.get(name), `its channels reach the model output ${layerLabel(layer)} directly`);
    }
  }

  const groupsByRoot = new Map<string, string[]>();
  for (const p of producerOrder) {
    const root = uf.find(p.name);
    groupsByRoot.set(root, [...(groupsByRoot.get(root) ?? []), p.name]);
  }

  const producers: ProducerInfo[] = producerOrder.map((layer) => {
    const members = groupsByRoot.get(uf.find(layer.name))!;
    const via = [...new Set(members.flatMap((m) => mergedVia.get(m) ?? []))];
    const bnSlices = members.flatMap((m) => batchNorms.get(m)!);
    const uniqueSlices = [...new Map(bnSlices.map((s) => [`${s.layerName}@${s.offset}`, s])).values()];
    const ownPerChannel = [
      ...new Map(members.flatMap((m) => perChannel.get(m)!).map((s) => [`${s.tensorName}@${s.offset}`, s])).values(),
    ];
    const own = blocked.get(layer.name);
    const memberBlocked = members.find((m) => m !== layer.name && blocked.has(m));
    let reason: string | undefined;
    if (own) reason = own;
    else if (memberBlocked)
      reason =
        `it is coupled with '${memberBlocked}' (via ${via.map((n) => `'${n}'`).join(', ')}), which ` +
        `cannot be pruned: ${blocked.get(memberBlocked)}`;
    const w = live.get(layer.name)?.weights;
    const kernel = w?.get('kernel');
    return {
      layerName: layer.name,
      layerClass: layer.className as 'Conv2D' | 'Dense',
      kernelName: kernel?.name ?? `${layer.name}/kernel`,
      kernelShape: kernel?.shape ?? [],
      ...(w?.get('bias') ? { biasName: w.get('bias')!.name } : {}),
      outChannels: Number(layer.className === 'Conv2D' ? layer.config.filters : layer.config.units),
      consumers: members.flatMap((m) => consumers.get(m)!),
      batchNorms: [...new Set(uniqueSlices.map((s) => s.layerName))],
      batchNormSlices: uniqueSlices,
      ...(ownPerChannel.length ? { perChannel: ownPerChannel } : {}),
      coupledWith: members.filter((m) => m !== layer.name),
      coupledVia: via,
      prunable: reason === undefined,
      ...(reason !== undefined ? { reason } : {}),
    };
  });
  const groups = [...groupsByRoot.values()]
    .filter((m) => m.length > 1)
    .map((members) => ({ members, via: [...new Set(members.flatMap((m) => mergedVia.get(m) ?? []))] }));
  return { producers, groups };
}

/** The producer entry for a layer name, or undefined. */
export function producerInfo(graph: ChannelGraph, layerName: string): ProducerInfo | undefined {
  return graph.producers.find((p) => p.layerName === layerName);
}
