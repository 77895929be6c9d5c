// Per tensor, the masks each sparsity level needs, prepared once: the magnitude order is sorted once
// (element group) or the L1 scores computed once (filter/channel group); each level then costs O(n).
import type { ModelEngine } from '../engine/model-engine';
import { channelMasksFor, selectionForGroup, type ChannelGraph } from '../graph';
import { levelCut, MagnitudeOrder, maskFromStructures, structureScores, structuresToPrune } from '../pruning';
import type { Convention, PrunableTensor } from '../types';
import { SensitivityInputError } from './errors';
import type { FilterSemantics, SensitivityGroup } from './types';

export interface LevelMaskSource {
  readonly tensor: PrunableTensor;
  /** Every tensor a level may mask (the swept tensor first; consumers too for filter removal). */
  readonly touched: readonly string[];
  /** Layers owning the touched tensors. */
  readonly touchedLayers: readonly string[];
  /** Mask per touched tensor for sparsity s (null = dense). */
  masksAt(s: number): Map<string, Uint8Array | null>;
}

/** Throws when `group` cannot be applied to `tensor` (checked before any work starts). */
export function checkGroupFits(
  tensor: PrunableTensor,
  group: SensitivityGroup,
  semantics: FilterSemantics,
  graph: ChannelGraph | null,
): void {
  if (group === 'element') return;
  if (tensor.shape.length !== 4 || tensor.role !== 'conv') {
    throw new SensitivityInputError(
      `group '${group}' applies to 4-D Conv2D kernels only; '${tensor.name}' is a ${tensor.layerClass} kernel of ` +
        `shape [${tensor.shape.join(', ')}] (sweep it with group 'element')`,
    );
  }
  if (group === 'filter' && semantics === 'remove' && graph) {
    const p = graph.producers.find((x) => x.layerName === tensor.layerName);
    if (!p || !p.prunable) {
      throw new SensitivityInputError(
        `filters of '${tensor.layerName}' cannot be removed: ` +
          `${p?.reason ?? 'the layer is not in the channel graph'} (use filterSemantics 'zero' to only zero its ` +
          `weights)`,
      );
    }
  }
}

/** Whether `group` applies to `tensor` (the default selection when no tensors are named). */
export function groupFits(
  tensor: PrunableTensor,
  group: SensitivityGroup,
  semantics: FilterSemantics,
  graph: ChannelGraph | null,
): boolean {
  try {
    checkGroupFits(tensor, group, semantics, graph);
    return true;
  } catch {
    return false;
  }
}

/** The channel graph filter removal needs (null for the other groups and semantics). */
export function channelGraphForSweep(
  engine: ModelEngine,
  group: SensitivityGroup,
  semantics: FilterSemantics,
): ChannelGraph | null {
  if (!(group === 'filter' && semantics === 'remove')) return null;
  const graph = engine.channelGraph();
  if (!graph) throw new SensitivityInputError("filter removal needs the model's channel graph, which is unknown");
  return graph;
}

function elementSource(tensor: PrunableTensor, dense: Float32Array, convention: Convention): LevelMaskSource {
  const order = MagnitudeOrder.of(dense);
  return {
    tensor,
    touched: [tensor.name],
    touchedLayers: [tensor.layerName],
    masksAt: (s) => {
      const cut = levelCut(order, s, convention);
      const none = cut.pruned === 0 && !(cut.nan && order.nanCount > 0);
      return new Map([[tensor.name, none ? null : order.maskPruningFirst(cut.pruned, cut.nan)]]);
    },
  };
}

function structureSource(
  tensor: PrunableTensor,
  dense: Float32Array,
  group: 'filter' | 'channel',
  convention: Convention,
  semantics: FilterSemantics,
  graph: ChannelGraph | null,
): LevelMaskSource {
  const structureGroup = group === 'filter' ? 'filters' : 'channels';
  // Distiller's L1RankedStructureParameterPruner: mean |w| per structure.
  const scores = structureScores(dense, tensor, structureGroup, 'l1', 'mean');
  if (group === 'filter' && semantics === 'remove' && graph) {
    const producer = graph.producers.find((p) => p.layerName === tensor.layerName);
    if (!producer) throw new SensitivityInputError(`'${tensor.layerName}' is not in the channel graph`);
    const members = [producer.layerName, ...producer.coupledWith];
    const memberTensors = graph.producers.filter((p) => members.includes(p.layerName)).map((p) => p.kernelName);
    const consumerTensors = producer.consumers.map((c) => c.kernelName);
    const touched = [...new Set([tensor.name, ...memberTensors, ...consumerTensors])];
    const touchedLayers = [...new Set([...members, ...producer.consumers.map((c) => c.layerName)])];
    return {
      tensor,
      touched,
      touchedLayers,
      masksAt: (s) => {
        const pruned = structuresToPrune(scores, s, convention);
        const masks = new Map<string, Uint8Array | null>(touched.map((n) => [n, null]));
        if (pruned.length === 0) return masks;
        for (const [name, mask] of channelMasksFor(graph, selectionForGroup(graph, tensor.layerName, pruned)))
          masks.set(name, mask);
        return masks;
      },
    };
  }
  return {
    tensor,
    touched: [tensor.name],
    touchedLayers: [tensor.layerName],
    masksAt: (s) => {
      const pruned = structuresToPrune(scores, s, convention);
      return new Map([[tensor.name, pruned.length === 0 ? null : maskFromStructures(tensor, structureGroup, pruned)]]);
    },
  };
}

export function levelMaskSource(
  tensor: PrunableTensor,
  dense: Float32Array,
  group: SensitivityGroup,
  convention: Convention,
  semantics: FilterSemantics,
  graph: ChannelGraph | null,
): LevelMaskSource {
  return group === 'element'
    ? elementSource(tensor, dense, convention)
    : structureSource(tensor, dense, group, convention, semantics, graph);
}
