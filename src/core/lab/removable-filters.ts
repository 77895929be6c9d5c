// Which filters of a model with zeros in it can be removed without changing any output: the
// filter's whole kernel slice is zero (removedFiltersFromMasks) AND every reader's matching input
// channel / rows are zero too — otherwise the filter's bias and BatchNorm shift, a constant, still
// reach the next layer and removing the filter would change the outputs.
import type { ChannelGraph } from '../graph';
import { consumerInputIndices } from '../graph';
import { removedFiltersFromMasks } from '../thinning';

function allZeroAlong(values: Float32Array, shape: readonly number[], axis: number, index: number): boolean {
  const dim = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    const base = (o * dim + index) * inner;
    for (let i = base; i < base + inner; i++) if (values[i] !== 0) return false;
  }
  return true;
}

/** Filters per producer layer that thinning can remove exactly, given the model's weight values. */
export function zeroRemovableFilters(graph: ChannelGraph, values: Map<string, Float32Array>): Record<string, number[]> {
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
        if (!w) return false;
        const axis = c.kind === 'conv-in' ? 2 : 0;
        return consumerInputIndices(c, [j]).every((k) => allZeroAlong(w, c.kernelShape, axis, k));
      }),
    );
    if (readable.length) result[layer] = readable;
  }
  return result;
}
