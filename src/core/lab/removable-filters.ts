// Which filters of a model with zeros in it can be removed without changing any output: the
// filter's whole kernel slice is zero (removedFiltersFromMasks) AND every reader's matching input
// channel / rows are zero too — otherwise the filter's bias and BatchNorm shift, a constant, still
// reach the next layer and removing the filter would change the outputs.
import type { ChannelGraph } from '../graph';
import { consumerInputIndices } from '../graph';
import { allZeroAlong, removedFiltersFromMasks } from '../thinning';
import type { PrunableTensor } from '../types';

/**
 * Filters per producer layer that thinning can remove exactly, given the model's weight values; a
 * reader's input channels are found on its tensor's canonical input axis.
 */
export function zeroRemovableFilters(
  graph: ChannelGraph,
  values: Map<string, Float32Array>,
  tensors: readonly PrunableTensor[],
): Record<string, number[]> {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const masks = new Map<string, Uint8Array>();
  for (const p of graph.producers) {
    const w = values.get(p.kernelName);
    if (w)
      masks.set(
        p.kernelName,
        Uint8Array.from(w, (x) => (x !== 0 ? 1 : 0)),
      );
  }
  const candidates = removedFiltersFromMasks(graph, masks);
  const result: Record<string, number[]> = {};
  for (const [layer, filters] of Object.entries(candidates)) {
    const p = graph.producers.find((x) => x.layerName === layer)!;
    // coupled members share their consumers, so every member reaches the same selection
    const readable = filters.filter((j) =>
      p.consumers.every((c) => {
        const w = values.get(c.kernelName);
        const t = byName.get(c.kernelName);
        if (!w || !t) return false;
        return consumerInputIndices(c, [j]).every((k) => allZeroAlong(w, t.shape, t.axes.in, k));
      }),
    );
    if (readable.length) result[layer] = readable;
  }
  return result;
}
