// The coupling groups a person sees: layers whose channels leave together. A group is led by a
// producer (with the producers an Add couples to it) and holds every layer its filters reach: the
// depthwise convs they pass through, the BatchNorms that are sliced and the layers that read them.
import type { ChannelGraph } from './channel-graph-types';

export interface CouplingRow {
  /** producers that lose the same filters, model order; the first leads */
  producers: string[];
  /** merge layers (Add, ...) that couple them */
  via: string[];
  /** depthwise convs the channels pass through (they lose the same channels) */
  depthwise: string[];
  batchNorms: string[];
  /** layers whose input channels are removed with the filters */
  readers: string[];
  /**
   * The weight tensors the panel names (an ONNX node name says less than its weight's): the producers'
   * kernels, the depthwise kernels and the readers' kernels, in the orders above.
   */
  tensors: { producers: string[]; depthwise: string[]; readers: string[] };
  prunable: boolean;
  reason?: string;
}

/** One row per group of producers that touches more than its own kernel and its readers' inputs. */
export function couplingRows(graph: ChannelGraph, depthwiseLayers: ReadonlySet<string>): CouplingRow[] {
  const rows: CouplingRow[] = [];
  const seen = new Set<string>();
  for (const p of graph.producers) {
    if (seen.has(p.layerName)) continue;
    const producers = [p.layerName, ...p.coupledWith];
    producers.forEach((n) => seen.add(n));
    const touched = [...new Set(p.consumers.map((c) => c.layerName))];
    const depthwise = touched.filter((n) => depthwiseLayers.has(n));
    if (producers.length < 2 && depthwise.length === 0) continue;
    const readers = touched.filter((n) => !depthwiseLayers.has(n));
    const kernelOf = (layer: string) =>
      graph.producers.find((q) => q.layerName === layer)?.kernelName ??
      p.consumers.find((c) => c.layerName === layer)!.kernelName;
    rows.push({
      producers,
      via: p.coupledVia,
      depthwise,
      batchNorms: p.batchNorms,
      readers,
      tensors: {
        producers: producers.map(kernelOf),
        depthwise: depthwise.map(kernelOf),
        readers: readers.map(kernelOf),
      },
      prunable: p.prunable,
      ...(p.reason ? { reason: p.reason } : {}),
    });
  }
  return rows;
}

/** Every weight tensor named in a row. */
export function rowTensors(row: CouplingRow): string[] {
  return [...row.tensors.producers, ...row.tensors.depthwise, ...row.tensors.readers];
}

/** Every layer named in a row. */
export function rowLayers(row: CouplingRow): string[] {
  return [...row.producers, ...row.via, ...row.depthwise, ...row.batchNorms, ...row.readers];
}

/** The rows of a model's graph (none when it has no channel graph); depthwise layers from the tensors' roles. */
export function couplingRowsOf(
  graph: ChannelGraph | null,
  tensors: readonly { layerName: string; role: string }[],
): CouplingRow[] {
  if (!graph) return [];
  return couplingRows(graph, new Set(tensors.filter((t) => t.role === 'depthwise').map((t) => t.layerName)));
}
