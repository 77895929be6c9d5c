// Which tensors a filter lives in. Removing output channel j of a Conv2D/Dense ("producer") also
// removes entry j of every BatchNormalization on its path and input channel j of every layer that
// reads it ("consumer": the next conv's kernel[:, :, j, :], or the rows of a Dense after Flatten that
// read channel j at every spatial position). Layers joined by an elementwise merge (Add, ...) must
// lose the same channels, so they form one coupled group.
import type * as tf from '@tensorflow/tfjs';
import { modelTopologyJson, readTopology, type TopologyLayer } from './model-topology';

export type ConsumerKind = 'conv-in' | 'dense-rows';

export interface ChannelConsumer {
  layerName: string;
  kernelName: string;
  kernelShape: number[];
  /** 'conv-in': kernel[:, :, offset + j, :]; 'dense-rows': Dense kernel rows (TF.js [in, out]). */
  kind: ConsumerKind;
  /** Producer channel j arrives as channel offset + j (a Concatenate puts it after earlier inputs). */
  offset: number;
  /** Channels of the tensor the consumer reads (before any Flatten): the row stride after Flatten. */
  inChannels: number;
  /**
   * Set when a Flatten sits between: channel c is read by rows (y * w + x) * inChannels + c, or, with
   * channelsFirst (a Flatten of NCHW, as in ONNX from PyTorch), by rows c * h * w + y * w + x.
   */
  spatial?: { h: number; w: number; channelsFirst?: boolean };
}

export interface BatchNormSlice {
  layerName: string;
  /** Producer channel j is this BatchNormalization's entry offset + j. */
  offset: number;
}

export interface ProducerInfo {
  layerName: string;
  layerClass: 'Conv2D' | 'Dense';
  /** e.g. 'conv1/kernel' (the model.json weight name). */
  kernelName: string;
  kernelShape: number[];
  biasName?: string;
  /** Filters (Conv2D) or units (Dense). */
  outChannels: number;
  /** Every layer reading these channels, including those after a merge that couples this layer. */
  consumers: ChannelConsumer[];
  /** BatchNormalization layers whose entries must be sliced with the filters (names, model order). */
  batchNorms: string[];
  batchNormSlices: BatchNormSlice[];
  /** Other producers that must lose the same filters (joined by Add and the like); empty if none. */
  coupledWith: string[];
  /** The merge layers that couple them. */
  coupledVia: string[];
  prunable: boolean;
  /** Why the filters cannot be removed, naming the layer at fault (when prunable is false). */
  reason?: string;
}

export interface CouplingGroup {
  /** Producers in model order; the first is the group's leader. */
  members: string[];
  via: string[];
}

export interface ChannelGraph {
  /** Every Conv2D and Dense layer, in model order. */
  producers: ProducerInfo[];
  /** Groups of two or more coupled producers. */
  groups: CouplingGroup[];
}

const PASS_THROUGH = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'MaxPooling2D',
  'AveragePooling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
]);
const GLOBAL_POOLING = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D']);
const ELEMENTWISE_MERGE = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
const PRODUCERS = new Set(['Conv2D', 'Dense']);

/** A contiguous run of channels of one tensor; space = producer whose filters they are (null: none). */
interface Segment {
  space: string | null;
  offset: number;
  size: number;
}

/** What the channels of one layer's output are made of; null = nothing a producer owns. */
interface ChannelValue {
  segments: Segment[];
  total: number;
  /** After Flatten: features are (y * w + x) * total + channel. */
  flat?: { h: number; w: number };
}

function layerLabel(layer: TopologyLayer): string {
  return `'${layer.name}' (${layer.className})`;
}

function lastDim(shape: unknown): number | null {
  const s = Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape;
  if (!Array.isArray(s) || s.length === 0) return null;
  const d = s[s.length - 1];
  return typeof d === 'number' ? d : null;
}

function rankOf(shape: unknown): number {
  return Array.isArray(shape) ? shape.length : 0;
}

class UnionFind {
  private parent = new Map<string, string>();
  add(x: string) {
    if (!this.parent.has(x)) this.parent.set(x, x);
  }
  find(x: string): string {
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string) {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

interface LiveLayerInfo {
  weights: Map<string, { name: string; shape: number[] }>;
  outputShape: unknown;
}

function liveLayer(model: tf.LayersModel, name: string): LiveLayerInfo | null {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(name);
  } catch {
    return null;
  }
  const weights = new Map<string, { name: string; shape: number[] }>();
  for (const w of layer.weights) {
    const suffix = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    weights.set(suffix, { name: w.originalName, shape: w.shape.map((d) => d as number) });
  }
  const safe = (get: () => unknown) => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  return { weights, outputShape: safe(() => layer.outputShape) };
}

function isChannelsLast(layer: TopologyLayer): boolean {
  const f = layer.config.data_format;
  return f === undefined || f === null || f === 'channels_last';
}

/** BatchNormalization normalises the last axis only when axis is -1 or rank - 1. */
function batchNormOnLastAxis(layer: TopologyLayer, rank: number): boolean {
  const raw = layer.config.axis;
  const axes = Array.isArray(raw) ? raw : [raw ?? -1];
  return axes.length === 1 && (axes[0] === -1 || axes[0] === rank - 1);
}

/** Follows every producer's channels through the model and reports what removing them touches. */
export function analyzeChannels(model: tf.LayersModel): ChannelGraph {
  const topology = readTopology(modelTopologyJson(model));
  const live = new Map(topology.layers.map((l) => [l.name, liveLayer(model, l.name)]));
  const values = new Map<string, ChannelValue | null>();
  const uf = new UnionFind();
  const blocked = new Map<string, string>();
  const consumers = new Map<string, ChannelConsumer[]>();
  const batchNorms = new Map<string, BatchNormSlice[]>();
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
      if (conv && !isChannelsLast(layer)) {
        blockValue(v, notFollowed(layer, 'which is channels_first'));
        block(layer.name, `${layerLabel(layer)} is channels_first; only channels_last convolutions are thinned`);
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
            if (seg.space !== null) batchNorms.get(seg.space)!.push({ layerName: layer.name, offset: seg.offset });
          out = v;
        }
      }
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
        x !== null && x.segments.length === 1 && x.segments[0].space !== null && x.segments[0].size === x.total;
      const plain = inputs.every(whole);
      const sameShape =
        plain &&
        inputs.every(
          (x) => x!.total === inputs[0]!.total && JSON.stringify(x!.flat) === JSON.stringify(inputs[0]!.flat),
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
        `${layerLabel(layer)} is the model's output layer: removing its ${layer.className === 'Dense' ? 'units' : 'filters'} would remove model outputs (classes)`,
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
    const own = blocked.get(layer.name);
    const memberBlocked = members.find((m) => m !== layer.name && blocked.has(m));
    let reason: string | undefined;
    if (own) reason = own;
    else if (memberBlocked)
      reason = `it is coupled with '${memberBlocked}' (via ${via.map((n) => `'${n}'`).join(', ')}), which cannot be pruned: ${blocked.get(memberBlocked)}`;
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
