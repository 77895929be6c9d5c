// The channel graph of a TF.js graph model. Its GraphDef nodes (as tfjs-converter writes them: fused
// convs with BatchNorm folded in, DepthwiseConv2dNative, AddV2, Relu6, Mean, Reshape, MatMul) are read
// as the Keras layers they stand for, and the shared channel analysis runs on that layer list, so
// filters, depthwise pass-through, Add couplings and refusals follow the same rules in every engine.
import { analyzeTopology, type ChannelGraph, type TopologyLayer } from '../../graph';
import type { LiveLayerInfo } from '../../graph/layer-channels';

interface AttrValue {
  b?: boolean;
  i?: string | number;
  s?: string;
  list?: { i?: (string | number)[]; s?: string[] };
}

export interface GraphChannelNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue | undefined>;
}

/** What the translation needs besides the nodes: weight shapes and the values of small integer constants. */
export interface GraphChannelSource {
  nodes: readonly GraphChannelNode[];
  weightShapes: ReadonlyMap<string, number[]>;
  constValues(name: string): number[] | null;
}

const ACTIVATIONS = new Map([
  ['Relu', 'relu'],
  ['Relu6', 'relu6'],
  ['Elu', 'elu'],
  ['Selu', 'selu'],
  ['LeakyRelu', 'leakyrelu'],
  ['Sigmoid', 'sigmoid'],
  ['Tanh', 'tanh'],
  ['Softplus', 'softplus'],
  ['Identity', 'linear'],
  ['Softmax', 'softmax'],
]);
const MERGES = new Map([
  ['Add', 'Add'],
  ['AddV2', 'Add'],
  ['Sub', 'Subtract'],
  ['Mul', 'Multiply'],
  ['Maximum', 'Maximum'],
  ['Minimum', 'Minimum'],
]);
const CONV = new Set(['Conv2D', '_FusedConv2D']);
const DEPTHWISE = new Set(['DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative']);
const MATMUL = new Set(['MatMul', '_FusedMatMul']);
const BATCHNORM = new Set(['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3']);

const nodeOf = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');
const text = (s: string | undefined) => (s === undefined ? '' : atob(s));

/** Follows every producer's channels through a graph model's nodes (see analyzeTopology). */
export function analyzeGraphChannels(source: GraphChannelSource): ChannelGraph {
  const byName = new Map(source.nodes.map((n) => [n.name, n]));
  // a Const with its value in the weights, reached directly or through Identity nodes
  const constantOf = (input: string): string | null => {
    let node = byName.get(nodeOf(input));
    while (node && node.op === 'Identity' && node.input?.length) node = byName.get(nodeOf(node.input[0]));
    return node?.op === 'Const' ? node.name : null;
  };
  const layers: TopologyLayer[] = [];
  const live = new Map<string, LiveLayerInfo>();
  const channels = new Map<string, { c: number | null; rank: number }>();
  const consumed = new Set<string>();

  for (const node of source.nodes) {
    if (node.op === 'Const' || node.op === 'NoOp' || constantOf(node.name)) continue;
    const refs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    const dataRefs = refs.filter((i) => constantOf(i) === null);
    const consts = refs.map(constantOf);
    const inputs = dataRefs.map(nodeOf);
    for (const i of inputs) consumed.add(i);
    const first = channels.get(inputs[0] ?? '') ?? { c: null, rank: 4 };
    const nhwc = text(node.attr?.data_format?.s || btoa('NHWC')) === 'NHWC';
    const data_format = nhwc ? 'channels_last' : 'channels_first';
    const weights = new Map<string, { name: string; shape: number[] }>();
    const weight = (key: string, name: string | null | undefined) => {
      if (name && source.weightShapes.has(name)) weights.set(key, { name, shape: source.weightShapes.get(name)! });
    };
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map(text);
    const fusedActivation = fused.map((f) => ACTIVATIONS.get(f)).find((a) => a !== undefined);
    let layer: TopologyLayer = { name: node.name, className: node.op, config: {}, inputs };
    let out = first;
    const shape = source.weightShapes.get(consts[1] ?? '') ?? [];

    if (dataRefs.some((r) => /:[1-9]\d*$/.test(r)))
      layer.unsupported = `node '${node.name}' (${node.op}) reads a second output of another node`;
    else if (node.op === 'Placeholder') {
      const dims = node.attr?.shape as unknown as { shape?: { dim?: { size: string }[] } } | undefined;
      const d = dims?.shape?.dim?.map((x) => Number(x.size)) ?? [];
      layer.className = 'InputLayer';
      out = { c: d.length ? d[d.length - 1] : null, rank: d.length || 4 };
    } else if (CONV.has(node.op) && shape.length === 4) {
      layer = conv(layer, 'Conv2D', { filters: shape[3], data_format, activation: fusedActivation ?? 'linear' });
      weight('kernel', consts[1]);
      if (fused[0] === 'BiasAdd') weight('bias', consts[2]);
      if (first.c !== null && first.c !== shape[2]) layer.config.groups = first.c / shape[2];
      out = { c: shape[3], rank: 4 };
    } else if (DEPTHWISE.has(node.op) && shape.length === 4) {
      layer = conv(layer, 'DepthwiseConv2D', { depth_multiplier: shape[3], data_format });
      if (fusedActivation) layer.config.activation = fusedActivation;
      weight('depthwise_kernel', consts[1]);
      if (fused[0] === 'BiasAdd') weight('bias', consts[2]);
      out = { c: shape[2] * shape[3], rank: 4 };
    } else if (MATMUL.has(node.op) && shape.length === 2) {
      const transposed = node.attr?.transpose_a?.b === true || node.attr?.transpose_b?.b === true;
      layer.className = 'Dense';
      layer.config = { units: shape[1], activation: fusedActivation ?? 'linear' };
      if (transposed) layer.unsupported = `'${node.name}' (${node.op}) multiplies a transposed operand`;
      weight('kernel', consts[1]);
      if (fused[0] === 'BiasAdd') weight('bias', consts[2]);
      out = { c: shape[1], rank: 2 };
    } else if (BATCHNORM.has(node.op)) {
      layer.className = 'BatchNormalization';
      layer.config = { axis: nhwc ? -1 : 1 };
    } else if (ACTIVATIONS.has(node.op)) {
      layer.className = 'Activation';
      layer.config = { activation: ACTIVATIONS.get(node.op) };
    } else if ((node.op === 'BiasAdd' && nhwc) || (MERGES.has(node.op) && inputs.length === 1)) {
      // a constant per channel (or a scalar) added or multiplied in keeps every channel where it is
      const c = consts.find((x) => x !== null);
      const dims = (c ? source.weightShapes.get(c) : undefined) ?? [];
      const size = dims.reduce((a, b) => a * b, 1);
      if (size === 1 || dims[dims.length - 1] === size) layer = pass(layer, 'linear');
      else layer.unsupported = `'${node.name}' (${node.op}) applies a constant of shape [${dims.join(', ')}]`;
    } else if (MERGES.has(node.op)) {
      layer.className = MERGES.get(node.op)!;
    } else if (node.op === 'MaxPool' || node.op === 'AvgPool') {
      layer = conv(layer, 'MaxPooling2D', { data_format });
    } else if (node.op === 'Pad' || node.op === 'MirrorPad' || node.op === 'PadV2') {
      const p = source.constValues(consts[1] ?? '');
      if (p && p.length === 8 && p[6] === 0 && p[7] === 0) layer.className = 'ZeroPadding2D';
      else layer.unsupported = `'${node.name}' (${node.op}) pads the channel axis or has unknown paddings`;
    } else if (node.op === 'Mean' || node.op === 'Max') {
      const axes = source.constValues(consts[1] ?? '');
      const spatial = axes !== null && axes.length === 2 && axes.every((a) => a === 1 || a === 2) && first.rank === 4;
      if (!spatial) layer.unsupported = `'${node.name}' (${node.op}) reduces axes other than the spatial ones`;
      else if (node.attr?.keep_dims?.b) layer.className = 'AveragePooling2D';
      else [layer.className, out] = ['GlobalAveragePooling2D', { c: first.c, rank: 2 }];
    } else if (node.op === 'Squeeze') {
      const dims = (node.attr?.squeeze_dims?.list?.i ?? []).map(Number);
      if (first.rank === 4 && dims.length === 2 && dims.every((a) => a === 1 || a === 2))
        [layer, out] = [pass(layer, 'linear'), { c: first.c, rank: 2 }];
      else layer.unsupported = `'${node.name}' (Squeeze) removes axes other than the spatial ones`;
    } else if (node.op === 'Reshape') {
      const target = source.constValues(consts[1] ?? '');
      const n = target?.[1];
      const c = first.c;
      if (target?.length === 2 && n !== undefined && n > 0 && c !== null && first.rank === 4 && n % c === 0) {
        layer.className = 'Flatten';
        // only h * w matters for where a channel's features land after a channels-last Flatten
        live.set(inputs[0], { ...live.get(inputs[0])!, outputShape: [null, n / c, 1, c] });
        out = { c: n, rank: 2 };
      } else if (target?.length === 2 && first.rank === 2 && target[1] === c) layer = pass(layer, 'linear');
      else layer.unsupported = `'${node.name}' (Reshape) does not flatten [batch, h, w, c] to [batch, h·w·c]`;
    } else if (node.op === 'ConcatV2') {
      const axis = source.constValues(consts[consts.length - 1] ?? '')?.[0];
      layer.className = 'Concatenate';
      layer.config = { axis: axis === first.rank - 1 ? -1 : (axis ?? 0) };
      const sizes = inputs.map((i) => channels.get(i)?.c ?? null);
      out = { c: sizes.includes(null) ? null : sizes.reduce((a, b) => a! + b!, 0), rank: first.rank };
    }
    layers.push(layer);
    channels.set(node.name, out);
    live.set(node.name, {
      weights,
      outputShape: [
        null,
        ...Array(out.rank - 1)
          .fill(null)
          .slice(1),
        out.c,
      ],
    });
  }
  const outputs = layers.filter((l) => !consumed.has(l.name)).map((l) => l.name);
  return analyzeTopology({ layers, outputs }, live);
}

function conv(layer: TopologyLayer, className: string, config: Record<string, unknown>): TopologyLayer {
  return { ...layer, className, config };
}

function pass(layer: TopologyLayer, activation: string): TopologyLayer {
  return { ...layer, className: 'Activation', config: { activation } };
}
