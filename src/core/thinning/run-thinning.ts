// Distiller's thinning extensions (remove_filters / remove_channels) inside a schedule run: the
// structures that are zero in the weights are physically removed, the masks follow the new shapes,
// and the thinned model is checked against the masked one before the run continues on it.
import * as tf from '@tensorflow/tfjs';
import { analyzeChannels, channelMasksFor, consumerInputIndices, type ChannelGraph } from '../graph';
import { ThinningError } from './errors';
import { removedFiltersFromMasks } from './removed-filters';
import { sliceAxes } from './slice-axes';
import { thinModel, thinningSlices } from './thin-model';
import { thinnedAgreement } from './thinned-agreement';

export type RemovedStructure = 'filters' | 'channels';

export const RUN_THINNING_TOLERANCE = 1e-5;

export interface RunThinning {
  /** The new, smaller model (the caller owns it). */
  model: tf.LayersModel;
  /** Filters removed per producer layer. */
  removed: Record<string, number[]>;
  /** The masks in force, cut to the thinned model's shapes. */
  masks: Map<string, Uint8Array>;
  /** max |masked - thinned| over the probe inputs (<= RUN_THINNING_TOLERANCE). */
  maxDiff: number;
}

/** Every value at `index` of `axis` is zero. */
export function allZeroAlong(values: Float32Array, shape: readonly number[], axis: number, index: number): boolean {
  const dim = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    const base = (o * dim + index) * inner;
    for (let i = base; i < base + inner; i++) if (values[i] !== 0) return false;
  }
  return true;
}

/**
 * 'filters' (remove_filters): the filters whose whole kernel slice is zero. 'channels'
 * (remove_channels): the producer channels every reader reads with zero weights; as in Distiller the
 * producer's filters go with them. Coupled layers remove only what all members agree on; a layer is
 * never emptied.
 */
export function zeroStructures(
  graph: ChannelGraph,
  values: ReadonlyMap<string, Float32Array>,
  removes: RemovedStructure,
): Record<string, number[]> {
  if (removes === 'filters') {
    const nonZero = new Map<string, Uint8Array>();
    for (const p of graph.producers) {
      const w = values.get(p.kernelName);
      if (w)
        nonZero.set(
          p.kernelName,
          Uint8Array.from(w, (x) => (x !== 0 ? 1 : 0)),
        );
    }
    return removedFiltersFromMasks(graph, nonZero);
  }
  const unread = new Map<string, Set<number>>();
  for (const p of graph.producers) {
    const set = new Set<number>();
    if (p.consumers.length > 0)
      for (let j = 0; j < p.outChannels; j++) {
        const zero = p.consumers.every((c) => {
          const w = values.get(c.kernelName);
          const axis = c.kind === 'conv-in' ? 2 : 0;
          return !!w && consumerInputIndices(c, [j]).every((k) => allZeroAlong(w, c.kernelShape, axis, k));
        });
        if (zero) set.add(j);
      }
    unread.set(p.layerName, set);
  }
  const result: Record<string, number[]> = {};
  for (const p of graph.producers) {
    if (!p.prunable) continue;
    let common = [...(unread.get(p.layerName) as Set<number>)];
    for (const m of p.coupledWith) common = common.filter((j) => unread.get(m)?.has(j));
    common.sort((a, b) => a - b);
    if (common.length >= p.outChannels) common = common.slice(0, p.outChannels - 1);
    if (common.length) result[p.layerName] = common;
  }
  return result;
}

/**
 * Thins `model` (not changed, not disposed) by its zero structures. The removed channels' readers are
 * masked first, so that the masked model computes exactly what the thinned one does (a removed
 * filter's bias or BatchNorm shift no longer reaches the next layer, as in Distiller's thinned
 * model); `model`'s weights get those zeros. Returns null when nothing is zero.
 */
export async function thinZeroStructures(
  model: tf.LayersModel,
  removes: RemovedStructure,
  masks: ReadonlyMap<string, Uint8Array>,
  probe: tf.Tensor,
): Promise<RunThinning | null> {
  const graph = analyzeChannels(model);
  const variables = new Map(model.weights.map((w) => [w.originalName, w.read() as tf.Variable]));
  const shapes = new Map(model.weights.map((w) => [w.originalName, w.shape as number[]]));
  const values = new Map<string, Float32Array>();
  for (const name of new Set(graph.producers.flatMap((p) => [p.kernelName, ...p.consumers.map((c) => c.kernelName)]))) {
    const v = variables.get(name);
    if (v) values.set(name, (await v.data()) as Float32Array);
  }
  const removed = zeroStructures(graph, values, removes);
  if (Object.keys(removed).length === 0) return null;
  const merged = new Map<string, Uint8Array>([...masks].map(([k, m]) => [k, m.slice()]));
  for (const [name, cut] of channelMasksFor(graph, removed)) {
    const old = merged.get(name);
    merged.set(name, old ? old.map((b, i) => b & cut[i]) : cut);
    const v = variables.get(name) as tf.Variable;
    tf.tidy(() => v.assign(tf.mul(v, tf.tensor(cut, v.shape, 'float32'))));
  }
  const slices = thinningSlices(model, removed);
  const thinned = await thinModel(model, removed);
  try {
    const maxDiff = await thinnedAgreement(model, thinned, probe);
    if (!(maxDiff <= RUN_THINNING_TOLERANCE))
      throw new ThinningError(
        `the thinned model disagrees with the masked one (max |diff| = ${maxDiff.toExponential(2)} > ` +
          `${RUN_THINNING_TOLERANCE}); the run stops before continuing on it`,
      );
    const cutMasks = new Map<string, Uint8Array>();
    for (const [name, m] of merged) {
      const axes = slices.get(name);
      const shape = shapes.get(name);
      if (!axes || !shape) cutMasks.set(name, m);
      else cutMasks.set(name, Uint8Array.from(sliceAxes(Float32Array.from(m), shape, axes).data));
    }
    return { model: thinned, removed, masks: cutMasks, maxDiff };
  } catch (e) {
    thinned.dispose();
    throw e;
  }
}
