// The lab's pruning, summary and channel rules read kernels in TF.js layout ([kh, kw, in, out],
// [in, out]; a depthwise kernel [kh, kw, C, 1]). The ONNX engine shows its tensors that way and
// permutes at the boundary (read, write), so every rule applies unchanged; files keep ONNX layout.
import type { ChannelConsumer, ChannelGraph, ProducerInfo } from '../../graph';
import type { PrunableTensor, TensorAxes } from '../../types';
import type { OnnxChannelGraph } from './onnx-channel-types';
import type { OnnxPrunableTensor } from './onnx-prunable';

/** ONNX axes whose order [spatial..., in, out] is the TF.js layout of this tensor. */
export function permutationAxes(t: OnnxPrunableTensor): TensorAxes {
  // ONNX depthwise [C, 1, kh, kw] → TF.js depthwise [kh, kw, C, 1]
  return t.role === 'depthwise' ? { out: 1, in: 0, spatial: [2, 3] } : t.axes;
}

export function tfjsShape(t: OnnxPrunableTensor): number[] {
  const a = permutationAxes(t);
  return [...a.spatial, a.in, a.out].map((i) => t.shape[i]);
}

/** A name PyTorch's state_dict could hold ('layer1.0.conv1.weight'), not one the exporter made up ('onnx::Conv_62'). */
const STATE_DICT_KEY = /^[A-Za-z_]\w*(\.\w+)*$/;

/**
 * The lab's name per initializer: the initializer's own when it is a state_dict key (the exporter
 * kept the module's parameter), else the module path of its node ('layer1.0.conv1.weight' where
 * BatchNorm was folded into the conv), so Distiller schedules written for the PyTorch model match.
 * A path that two tensors would share, or that another initializer already holds, is not used.
 */
export function labNames(tensors: readonly OnnxPrunableTensor[]): Map<string, string> {
  const wanted = tensors.map((t) => (STATE_DICT_KEY.test(t.name) ? t.name : (t.alias ?? t.name)));
  const count = new Map<string, number>();
  for (const w of [...wanted, ...tensors.map((t) => t.name)]) count.set(w, (count.get(w) ?? 0) + 1);
  return new Map(
    tensors.map((t, i) => {
      const w = wanted[i];
      return [t.name, w === t.name || count.get(w) === 1 ? w : t.name];
    }),
  );
}

/** The tensor as the lab sees it: TF.js shape and axes, named for the lab; the initializer and file shape kept. */
export function labTensor(t: OnnxPrunableTensor, name: string): PrunableTensor {
  const shape = tfjsShape(t);
  const axes = shape.length === 4 ? { out: 3, in: 2, spatial: [0, 1] } : { out: 1, in: 0, spatial: [] };
  return {
    name,
    layerName: t.layerName,
    layerClass: t.layerClass,
    kind: t.kind,
    shape,
    size: t.size,
    role: t.role,
    axes,
    feedsOutput: t.feedsOutput,
    source: t.name,
    fileShape: t.shape,
  };
}

/** The ONNX channel graph in the lab's ChannelGraph terms (TF.js kernel shapes and axes). */
export function labChannelGraph(
  graph: OnnxChannelGraph,
  tensors: readonly OnnxPrunableTensor[],
  names: ReadonlyMap<string, string>,
): ChannelGraph {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const shapeOf = (name: string, fallback: number[]) => {
    const t = byName.get(name);
    return t ? tfjsShape(t) : fallback;
  };
  const lab = (name: string) => names.get(name) ?? name;
  const producers: ProducerInfo[] = graph.producers.map((p) => {
    const consumers: ChannelConsumer[] = p.consumers.map((c) => ({
      layerName: c.layerName,
      kernelName: lab(c.kernelName),
      kernelShape: shapeOf(c.kernelName, c.kernelShape),
      kind: c.kind,
      offset: c.offset,
      ...(c.width ? { width: c.width } : {}),
      inChannels: c.inChannels,
      ...(c.spatial ? { spatial: { ...c.spatial, channelsFirst: true } } : {}),
    }));
    // a depthwise kernel [kh, kw, C, 1] loses channel j on its axis 2, as a conv consumer does
    for (const s of p.slices)
      if (s.kind === 'depthwise' && byName.has(s.tensorName))
        consumers.push({
          layerName: s.layerName,
          kernelName: lab(s.tensorName),
          kernelShape: shapeOf(s.tensorName, s.tensorShape),
          kind: 'conv-in',
          offset: s.offset,
          ...(s.width ? { width: s.width } : {}),
          inChannels: byName.get(s.tensorName)!.shape[0],
        });
    const bn = p.slices.filter((s) => s.kind === 'batchnorm');
    return {
      layerName: p.layerName,
      layerClass: p.layerClass === 'Conv' ? 'Conv2D' : 'Dense',
      kernelName: lab(p.kernelName),
      kernelShape: shapeOf(p.kernelName, p.kernelShape),
      ...(p.biasName ? { biasName: p.biasName } : {}),
      outChannels: p.outChannels,
      consumers,
      batchNorms: p.batchNorms,
      batchNormSlices: [
        ...new Map(
          bn.map((s) => [
            `${s.layerName}@${s.offset}`,
            { layerName: s.layerName, offset: s.offset, ...(s.width ? { width: s.width } : {}) },
          ]),
        ).values(),
      ],
      coupledWith: p.coupledWith,
      coupledVia: p.coupledVia,
      prunable: p.prunable,
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
    };
  });
  return { producers, groups: graph.groups };
}
