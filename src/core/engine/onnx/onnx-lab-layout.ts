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

/** The tensor as the lab sees it: TF.js shape and axes, the ONNX name (alias and node kept). */
export function labTensor(t: OnnxPrunableTensor): PrunableTensor & { alias?: string } {
  const shape = tfjsShape(t);
  const axes = shape.length === 4 ? { out: 3, in: 2, spatial: [0, 1] } : { out: 1, in: 0, spatial: [] };
  return { ...t, shape, axes };
}

/** The ONNX channel graph in the lab's ChannelGraph terms (TF.js kernel shapes and axes). */
export function labChannelGraph(graph: OnnxChannelGraph, tensors: readonly OnnxPrunableTensor[]): ChannelGraph {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const shapeOf = (name: string, fallback: number[]) => {
    const t = byName.get(name);
    return t ? tfjsShape(t) : fallback;
  };
  const producers: ProducerInfo[] = graph.producers.map((p) => {
    const consumers: ChannelConsumer[] = p.consumers.map((c) => ({
      layerName: c.layerName,
      kernelName: c.kernelName,
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
          kernelName: s.tensorName,
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
      kernelName: p.kernelName,
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
