// From "remove filters J of layer L" to the element masks that make the masked model compute exactly
// what the thinned model computes: zero L's filters J and every consumer's input channels J.
// The producer's bias and BatchNormalization entries are left alone: once no consumer reads
// channel j, the constant they put there is never seen (the thinned model simply lacks it).
import type { ChannelConsumer, ChannelGraph, ProducerInfo } from './channel-graph';
import { StructureError } from './errors';
import { channelIndices } from './layer-channels';

/** Filter indices to remove, per producer layer name. */
export type FilterRemoval = Record<string, readonly number[]>;

export type ShapeLookup = Map<string, readonly number[]> | Record<string, readonly number[]>;

function shapeFrom(shapes: ShapeLookup | undefined, name: string, fallback: readonly number[]): readonly number[] {
  if (shapes === undefined) return fallback;
  const s = shapes instanceof Map ? shapes.get(name) : shapes[name];
  return s ?? fallback;
}

function sameSelection(a: readonly number[], b: readonly number[]): boolean {
  const sa = [...new Set(a)].sort((x, y) => x - y);
  const sb = [...new Set(b)].sort((x, y) => x - y);
  return sa.length === sb.length && sa.every((v, i) => v === sb[i]);
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/**
 * Throws StructureError when some member of a coupled group is given a selection that differs from
 * another member's (a member left out counts as removing nothing).
 */
export function checkCoupling(
  graph: ChannelGraph,
  removed: FilterRemoval,
  makeError: (m: string) => Error = (m) => new StructureError(m),
): void {
  for (const group of graph.groups) {
    const given = group.members.filter((m) => (removed[m]?.length ?? 0) > 0);
    if (given.length === 0) continue;
    const reference = removed[given[0]];
    const differing = group.members.filter((m) => !sameSelection(removed[m] ?? [], reference));
    if (differing.length === 0) continue;
    throw makeError(
      `${quoted(group.members)} feed the same ${quoted(group.via)}: prune them together with the same filters ` +
        `(${quoted(differing)} ${differing.length === 1 ? 'was' : 'were'} given a different selection than ` +
        `'${given[0]}').`,
    );
  }
}

/**
 * Checks a removal against the graph and returns it with sorted, unique indices. Refuses unknown
 * and non-prunable layers, bad indices, emptying a layer and broken coupling.
 */
export function validateRemoval(
  graph: ChannelGraph,
  removed: FilterRemoval,
  makeError: (m: string) => Error = (m) => new StructureError(m),
): Record<string, number[]> {
  const normalized: Record<string, number[]> = {};
  for (const [layerName, indices] of Object.entries(removed)) {
    const p = graph.producers.find((x) => x.layerName === layerName);
    if (!p) {
      const known = graph.producers.filter((x) => x.prunable).map((x) => x.layerName);
      throw makeError(
        `'${layerName}' is not a Conv2D or Dense layer of this model; filter-prunable layers: ` +
          `${known.length ? quoted(known) : 'none'}.`,
      );
    }
    const unique = [...new Set(indices)].sort((a, b) => a - b);
    if (unique.length === 0) continue;
    if (!p.prunable) throw makeError(`Cannot remove filters of '${layerName}': ${p.reason}.`);
    for (const j of unique) {
      if (!Number.isInteger(j) || j < 0 || j >= p.outChannels) {
        throw makeError(
          `Filter index ${j} of '${layerName}' is out of range: the layer has ${p.outChannels} filters ` +
            `(0..${p.outChannels - 1}).`,
        );
      }
    }
    if (unique.length >= p.outChannels) {
      throw makeError(
        `Removing all ${p.outChannels} filters of '${layerName}' would empty the layer; at least one must remain.`,
      );
    }
    normalized[layerName] = unique;
  }
  checkCoupling(graph, normalized, makeError);
  return normalized;
}

/** Input-channel (conv) or row (dense) indices of a consumer's kernel that read the given producer channels. */
export function consumerInputIndices(consumer: ChannelConsumer, channels: readonly number[]): number[] {
  const shifted = channelIndices(consumer.offset, consumer.width, channels);
  if (consumer.kind === 'conv-in' || !consumer.spatial) return shifted;
  const { h, w } = consumer.spatial;
  if (consumer.spatial.channelsFirst)
    return shifted.flatMap((c) => Array.from({ length: h * w }, (_, p) => c * h * w + p)).sort((a, b) => a - b);
  const rows: number[] = [];
  for (let p = 0; p < h * w; p++) for (const c of shifted) rows.push(p * consumer.inChannels + c);
  return rows.sort((a, b) => a - b);
}

function ones(n: number): Uint8Array {
  return new Uint8Array(n).fill(1);
}

/** Zeroes, in a mask of a TF.js kernel, every element whose index on `axis` is in `indices`. */
export function zeroAlongAxis(
  mask: Uint8Array,
  shape: readonly number[],
  axis: number,
  indices: readonly number[],
): void {
  const dim = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  for (const k of indices) {
    if (k < 0 || k >= dim)
      throw new StructureError(`Index ${k} is out of range for axis ${axis} of shape [${shape.join(', ')}].`);
    for (let o = 0; o < outer; o++) {
      const base = (o * dim + k) * inner;
      mask.fill(0, base, base + inner);
    }
  }
}

/**
 * One mask (1 = keep) per affected kernel, to AND into the element masks: the producers' filters and
 * the consumers' matching input channels/rows. Biases and BatchNormalization tensors get none.
 * `shapes` overrides the kernel shapes recorded in the graph (keyed by tensor name).
 */
export function channelMasksFor(
  graph: ChannelGraph,
  removed: FilterRemoval,
  shapes?: ShapeLookup,
): Map<string, Uint8Array> {
  const selection = validateRemoval(graph, removed);
  const masks = new Map<string, Uint8Array>();
  const maskOf = (name: string, shape: readonly number[]) => {
    let m = masks.get(name);
    if (!m) {
      m = ones(shape.reduce((a, b) => a * b, 1));
      masks.set(name, m);
    }
    return m;
  };
  for (const [layerName, filters] of Object.entries(selection)) {
    const p = graph.producers.find((x) => x.layerName === layerName) as ProducerInfo;
    const pShape = shapeFrom(shapes, p.kernelName, p.kernelShape);
    zeroAlongAxis(maskOf(p.kernelName, pShape), pShape, pShape.length - 1, filters);
  }
  // Coupled members list the same consumers: visit each consumer once per group.
  const seenGroups = new Set<string>();
  for (const [layerName, filters] of Object.entries(selection)) {
    const p = graph.producers.find((x) => x.layerName === layerName) as ProducerInfo;
    const key = [p.layerName, ...p.coupledWith].sort().join('|');
    if (seenGroups.has(key)) continue;
    seenGroups.add(key);
    for (const c of p.consumers) {
      const shape = shapeFrom(shapes, c.kernelName, c.kernelShape);
      const axis = c.kind === 'conv-in' ? 2 : 0;
      zeroAlongAxis(maskOf(c.kernelName, shape), shape, axis, consumerInputIndices(c, filters));
    }
  }
  return masks;
}

export interface GroupRanking {
  /** The first member in model order. */
  leader: string;
  members: string[];
  /** Per filter: the sum of the members' scores (higher = more important). */
  scores: Float64Array;
}

/**
 * One ranking per producer group touched by `scores` (per-layer filter scores, e.g. from
 * structureScores(w, shape, 'filters', 'l1')): a coupled group is ranked by the sum of its members'
 * scores, so one selection applies to all of them; a lone layer keeps its own scores.
 */
export function groupLeaderRanking(graph: ChannelGraph, scores: Record<string, ArrayLike<number>>): GroupRanking[] {
  const rankings: GroupRanking[] = [];
  const done = new Set<string>();
  for (const p of graph.producers) {
    if (done.has(p.layerName)) continue;
    const members = graph.producers
      .filter((q) => q.layerName === p.layerName || p.coupledWith.includes(q.layerName))
      .map((q) => q.layerName);
    if (!members.some((m) => scores[m] !== undefined)) continue;
    members.forEach((m) => done.add(m));
    const missing = members.filter((m) => scores[m] === undefined);
    if (missing.length) {
      throw new StructureError(
        `${quoted(members)} are coupled by ${quoted(p.coupledVia)} and ranked together; scores are missing ` +
          `for ${quoted(missing)}.`,
      );
    }
    const total = new Float64Array(p.outChannels);
    for (const m of members) {
      const s = scores[m];
      if (s.length !== p.outChannels)
        throw new StructureError(`'${m}' has ${p.outChannels} filters but ${s.length} scores were given.`);
      for (let j = 0; j < s.length; j++) total[j] += s[j];
    }
    rankings.push({ leader: members[0], members, scores: total });
  }
  return rankings;
}

/** The same filter selection for a layer and every layer coupled with it. */
export function selectionForGroup(
  graph: ChannelGraph,
  layerName: string,
  filters: readonly number[],
): Record<string, number[]> {
  const p = graph.producers.find((x) => x.layerName === layerName);
  if (!p) throw new StructureError(`'${layerName}' is not a Conv2D or Dense layer of this model.`);
  const out: Record<string, number[]> = {};
  for (const m of [p.layerName, ...p.coupledWith]) out[m] = [...filters];
  return out;
}
