// From "remove filters J of producer P" to what it touches in an ONNX graph, per tensor and axis:
// the element masks that make the masked model compute what the thinned one does, and the slices
// thinning cuts. Removal is checked by the same rules as the layers engine (coupling, range, never
// empty a layer).
import { validateRemoval, zeroAlongAxis, type ChannelGraph, type FilterRemoval } from '../../graph';
import { channelIndices } from '../../graph/layer-channels';
import type { OnnxChannelConsumer, OnnxChannelGraph } from './onnx-channel-types';

/** validateRemoval reads only names, channel counts, prunability and the coupled groups. */
export function validateOnnxRemoval(graph: OnnxChannelGraph, removed: FilterRemoval): Record<string, number[]> {
  return validateRemoval(graph as unknown as ChannelGraph, removed);
}

/** Kernel indices on the consumer's input axis that read the given producer channels. */
export function onnxConsumerIndices(c: OnnxChannelConsumer, channels: readonly number[]): number[] {
  const shifted = channelIndices(c.offset, c.width, channels);
  if (!c.spatial) return shifted;
  const per = c.spatial.h * c.spatial.w;
  return shifted.flatMap((ch) => Array.from({ length: per }, (_, p) => ch * per + p));
}

export interface AxisCut {
  shape: number[];
  /** axis → indices removed along it */
  axes: Map<number, Set<number>>;
  /** the tensor is a prunable kernel (a producer's, a consumer's or a depthwise conv's) */
  kernel: boolean;
}

/** Every tensor a removal touches, with the indices to drop per axis (original coordinates). */
export function removalCuts(graph: OnnxChannelGraph, removed: FilterRemoval): Map<string, AxisCut> {
  const selection = validateOnnxRemoval(graph, removed);
  const cuts = new Map<string, AxisCut>();
  const cut = (name: string, shape: number[], axis: number, indices: number[], kernel: boolean) => {
    let c = cuts.get(name);
    if (!c) cuts.set(name, (c = { shape, axes: new Map(), kernel }));
    const set = c.axes.get(axis) ?? new Set<number>();
    for (const i of indices) set.add(i);
    c.axes.set(axis, set);
  };
  const seenGroups = new Set<string>();
  for (const [layerName, filters] of Object.entries(selection)) {
    const p = graph.producers.find((x) => x.layerName === layerName)!;
    cut(p.kernelName, p.kernelShape, p.outAxis, filters, true);
    if (p.biasName) cut(p.biasName, [p.outChannels], 0, filters, false);
    // coupled members share consumers and slices: apply them once per group
    const key = [p.layerName, ...p.coupledWith].sort().join('|');
    if (seenGroups.has(key)) continue;
    seenGroups.add(key);
    for (const c of p.consumers) cut(c.kernelName, c.kernelShape, c.inAxis, onnxConsumerIndices(c, filters), true);
    for (const s of p.slices)
      cut(
        s.tensorName,
        s.tensorShape,
        s.axis,
        channelIndices(s.offset, s.width, filters),
        s.kind === 'depthwise' && s.tensorShape.length === 4,
      );
  }
  return cuts;
}

/**
 * One mask (1 = keep) per affected kernel to AND into the element masks: the producers' filters,
 * the depthwise convs they pass through, and the consumers' matching input channels or rows.
 * Biases, BatchNorm and other per-channel tensors get none.
 */
export function onnxChannelMasks(graph: OnnxChannelGraph, removed: FilterRemoval): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>();
  for (const [name, c] of removalCuts(graph, removed)) {
    if (!c.kernel) continue;
    const mask = new Uint8Array(c.shape.reduce((a, b) => a * b, 1)).fill(1);
    for (const [axis, indices] of c.axes) zeroAlongAxis(mask, c.shape, axis, [...indices]);
    masks.set(name, mask);
  }
  return masks;
}
