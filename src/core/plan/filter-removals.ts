// Structured filters and channels: which filters of which producer layers a plan removes, ranked
// once per coupled group, so that masking and thinning remove the same filters.
import type { ChannelGraph, ProducerInfo } from '../graph/channel-graph';
import { selectionForGroup, type FilterRemoval } from '../graph/propagate';
import { maskFromStructures } from '../pruning';
import { scoresOf } from './mask-cache';
import type { PrunableTensor } from '../types';
import type { StructureGroup, TensorMethod } from './plan';
import {
  capped,
  limitsFor,
  needGraph,
  pickStructures,
  PlanError,
  quoted,
  type PlanContext,
  type Structured,
} from './plan-context';

/**
 * Filter removals from 'structured filters' (leader ranking per coupled group), from 'channels'
 * where the channels are exactly one producer's filters and from 'depthwise' (a depthwise kernel's
 * channels, removed with its producer's filters); and, for 'channels' that are not one producer's,
 * the channel masks alone (with a note). `followers`: depthwise kernels whose mask comes only from
 * the filters removed upstream (their own method asks for filters or depthwise channels).
 */
export function collectFilterRemovals(
  ctx: PlanContext,
  methodOf: (name: string) => TensorMethod,
  notes: Map<string, string[]>,
): {
  removed: FilterRemoval & Record<string, number[]>;
  channelMasks: Map<string, Uint8Array>;
  followers: Set<string>;
} {
  const removed: Record<string, number[]> = {};
  const channelMasks = new Map<string, Uint8Array>();
  const followers = new Set<string>();
  const isStructured = (name: string, group: StructureGroup) => {
    const m = methodOf(name);
    return m.kind === 'structured' && m.group === group;
  };
  const depthwise = (t: PrunableTensor) => t.role === 'depthwise';
  const filterTensors = ctx.tensors.filter((t) => isStructured(t.name, 'filters') && !depthwise(t));
  const channelTensors = ctx.tensors.filter((t) => isStructured(t.name, 'channels'));
  const dwTensors = ctx.tensors.filter(
    (t) => depthwise(t) && (isStructured(t.name, 'filters') || isStructured(t.name, 'depthwise')),
  );
  const wrongDw = ctx.tensors.find((t) => isStructured(t.name, 'depthwise') && !depthwise(t));
  if (wrongDw)
    throw new PlanError(
      `${wrongDw.name}: 'depthwise' ranks the channels of a depthwise kernel; '${wrongDw.layerName}' is a ` +
        `${wrongDw.layerClass}`,
    );
  if (!filterTensors.length && !channelTensors.length && !dwTensors.length) return { removed, channelMasks, followers };

  const done = new Set<string>();
  for (const t of filterTensors) {
    if (done.has(t.name)) continue;
    const graph = needGraph(ctx, t.name, 'filters');
    const p = producerOfKernel(graph, t.name);
    if (!p)
      throw new PlanError(
        `${t.name}: filter pruning applies to Conv2D and Dense kernels; '${t.layerName}' is a ${t.layerClass}`,
      );
    const m = methodOf(t.name) as Structured;
    const members = [p, ...p.coupledWith.map((n) => graph.producers.find((q) => q.layerName === n)!)];
    for (const q of members.slice(1)) {
      if (!sameMethod(methodOf(q.kernelName), m)) {
        throw new PlanError(
          `${t.name} is coupled with ${q.kernelName} through ${p.coupledVia.join(', ')}: prune them together (give ` +
            `every coupled layer the same filter method)`,
        );
      }
    }
    if (!p.prunable) throw new PlanError(`${t.name}: cannot remove filters of '${p.layerName}': ${p.reason}`);
    const limits = limitsFor(ctx.options, t.name);
    const s = capped(m.sparsity, limits, notes.get(t.name)!);
    // Leader ranking: a coupled group is ranked by the sum of its members' scores.
    const total = new Float64Array(p.outChannels);
    for (const q of members) {
      const qt = ctx.tensors.find((x) => x.name === q.kernelName)!;
      const scores = scoresOf(ctx.cache, qt, ctx.dense(qt.name), 'filters', m);
      for (let j = 0; j < total.length; j++) total[j] += scores[j];
    }
    const picked = pickStructures(total, s, m, false, notes.get(t.name)!);
    for (const q of members) {
      done.add(q.kernelName);
      if (picked.length) removed[q.layerName] = picked;
      // the group's selection, not each member's own ranking, is what its mask must hold
      const qt = ctx.tensors.find((x) => x.name === q.kernelName)!;
      channelMasks.set(q.kernelName, maskFromStructures(qt, 'filters', picked));
      if (members.length > 1)
        notes
          .get(q.kernelName)!
          .push(
            `ranked with ${quoted(members.filter((x) => x !== q).map((x) => x.kernelName))} (coupled through ` +
              `${p.coupledVia.join(', ')})`,
          );
    }
  }

  for (const t of dwTensors) {
    const graph = needGraph(ctx, t.name, 'depthwise');
    followers.add(t.name);
    const n = notes.get(t.name)!;
    const source = depthwiseSource(graph, t.name);
    if (isStructured(t.name, 'filters')) {
      // a depthwise conv has no filters of its own: its channels are its producer's filters
      n.push(
        source
          ? `depthwise: its channels leave with the filters removed from '${source.layerName}'`
          : 'depthwise: its channels are not the filters of one prunable layer, so they stay',
      );
      continue;
    }
    if (!source)
      throw new PlanError(
        `${t.name}: its channels are not the filters of one prunable layer (they come from the input, a ` +
          `concatenation or a layer that cannot lose filters), so they cannot be removed`,
      );
    const group = [source.layerName, ...source.coupledWith];
    const clash = group
      .map((l) => graph.producers.find((q) => q.layerName === l)!)
      .find((q) => isStructured(q.kernelName, 'filters') || isStructured(q.kernelName, 'channels'));
    if (clash)
      throw new PlanError(
        `${t.name}: its channels are the filters of ${clash.kernelName}, which the plan also prunes: prune one ` +
          `of them`,
      );
    const m = methodOf(t.name) as Structured;
    const s = capped(m.sparsity, limitsFor(ctx.options, t.name), n);
    const picked = pickStructures(scoresOf(ctx.cache, t, ctx.dense(t.name), 'channels', m), s, m, false, n);
    const selection = selectionForGroup(graph, source.layerName, picked);
    const earlier = removed[source.layerName];
    if (earlier && JSON.stringify(earlier) !== JSON.stringify(selection[source.layerName]))
      throw new PlanError(
        `${t.name}: another depthwise kernel reading ${quoted(group)} picked other channels; give one of them ` +
          `'depthwise'`,
      );
    if (picked.length) Object.assign(removed, selection);
    n.push(`removes the matching filters of ${quoted(group)} (ranked by this kernel's channel norms)`);
  }

  for (const t of channelTensors) {
    const graph = needGraph(ctx, t.name, 'channels');
    const m = methodOf(t.name) as Structured;
    const n = notes.get(t.name)!;
    const limits = limitsFor(ctx.options, t.name);
    const s = capped(m.sparsity, limits, n);
    const scores = scoresOf(ctx.cache, t, ctx.dense(t.name), 'channels', m);
    const source = soleProducerOf(graph, t.name);
    const picked = pickStructures(scores, s, m, source ? false : (limits.allowEmpty ?? false), n);
    if (source) {
      const clash = [source.layerName, ...source.coupledWith]
        .map((l) => graph.producers.find((q) => q.layerName === l)!)
        .find((q) => isStructured(q.kernelName, 'filters'));
      if (clash)
        throw new PlanError(
          `${t.name}: its input channels are the filters of ${clash.kernelName}, which the plan also prunes by ` +
            `filters: prune one of them`,
        );
      if (picked.length) Object.assign(removed, selectionForGroup(graph, source.layerName, picked));
      n.push(`removes the matching filters of ${quoted([source.layerName, ...source.coupledWith])}`);
    } else {
      if (picked.length) channelMasks.set(t.name, maskFromStructures(t, 'channels', picked));
      n.push(
        'masks only: these input channels are not the whole output of one prunable layer read by this layer alone, ' +
          'so thinning cannot remove them',
      );
    }
  }
  return { removed, channelMasks, followers };
}

/** The prunable producer whose filters are exactly a depthwise kernel's input channels, else null. */
export function depthwiseSource(graph: ChannelGraph, kernelName: string): ProducerInfo | null {
  const feeding = graph.producers.filter((p) => p.consumers.some((c) => c.kernelName === kernelName));
  if (feeding.length !== 1 || !feeding[0].prunable) return null;
  const p = feeding[0];
  const c = p.consumers.find((x) => x.kernelName === kernelName)!;
  return c.offset === 0 && (c.width ?? 1) === 1 && c.inChannels === p.outChannels ? p : null;
}

/**
 * The producer whose filters are exactly the input channels of `kernelName`, when that layer is
 * their only reader (no Flatten in between); else null.
 */
function soleProducerOf(graph: ChannelGraph, kernelName: string): ProducerInfo | null {
  const feeding = graph.producers.filter((p) => p.consumers.some((c) => c.kernelName === kernelName));
  if (feeding.length !== 1) return null;
  const p = feeding[0];
  if (!p.prunable) return null;
  const readers = new Set(p.consumers.map((c) => c.kernelName));
  const c = p.consumers.find((x) => x.kernelName === kernelName)!;
  if (readers.size !== 1 || c.offset !== 0 || c.inChannels !== p.outChannels || c.spatial) return null;
  return p;
}

function producerOfKernel(graph: ChannelGraph, kernelName: string): ProducerInfo | undefined {
  return graph.producers.find((p) => p.kernelName === kernelName);
}

function sameMethod(a: TensorMethod, b: TensorMethod): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(m: TensorMethod): unknown {
  return Object.fromEntries(Object.entries(m).sort(([x], [y]) => x.localeCompare(y)));
}
