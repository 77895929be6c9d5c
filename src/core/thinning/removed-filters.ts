import type { ChannelGraph } from '../graph/channel-graph';
import type { ShapeLookup } from '../graph/propagate';

/**
 * The filters thinning can remove given element masks (1 = keep) keyed by kernel name: those whose
 * whole kernel slice is masked. Coupled layers share the filters masked in every member. A layer whose
 * filters are all masked keeps its last one (a layer is never emptied). Non-prunable layers are skipped.
 * Thinned and masked outputs agree only when the consumers' channels are masked too (channelMasksFor).
 */
export function removedFiltersFromMasks(
  graph: ChannelGraph,
  masks: Map<string, Uint8Array>,
  shapes?: ShapeLookup,
): Record<string, number[]> {
  const zeroFilters = new Map<string, Set<number>>();
  for (const p of graph.producers) {
    const mask = masks.get(p.kernelName);
    const fromShapes = shapes instanceof Map ? shapes.get(p.kernelName) : shapes?.[p.kernelName];
    const shape = fromShapes ?? p.kernelShape;
    const out = shape[shape.length - 1];
    const alive = new Uint8Array(out);
    if (mask) {
      for (let i = 0; i < mask.length; i++) if (mask[i]) alive[i % out] = 1;
    } else alive.fill(1);
    const zero = new Set<number>();
    for (let j = 0; j < out; j++) if (!alive[j]) zero.add(j);
    zeroFilters.set(p.layerName, zero);
  }
  const result: Record<string, number[]> = {};
  for (const p of graph.producers) {
    if (!p.prunable) continue;
    let common = [...zeroFilters.get(p.layerName)!];
    for (const m of p.coupledWith) common = common.filter((j) => zeroFilters.get(m)?.has(j));
    common.sort((a, b) => a - b);
    if (common.length >= p.outChannels) common = common.slice(0, p.outChannels - 1);
    if (common.length) result[p.layerName] = common;
  }
  return result;
}
