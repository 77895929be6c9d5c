// What the plan engine is given (tensors, dense values, graph, limits) and what it returns, with the
// small rules every method shares: per-tensor limits, caps, picking structures, naming tensors.
import type { ChannelGraph } from '../graph/channel-graph';
import { capSparsity, structuresToPrune, type SparsityCaps } from '../pruning';
import type { PrunableTensor } from '../types';
import type { MaskCache } from './mask-cache';
import type { TensorMethod } from './plan';

/** A plan this model cannot carry out; the message names the tensors and what to change. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Bounds for one tensor. Caps clamp the targets of level, random and structured methods. */
export interface TensorLimits extends SparsityCaps {
  /** Allow a mask that keeps nothing (default false: the largest |w| is kept). */
  allowEmpty?: boolean;
}

/** Limits for every tensor, overridden per tensor name. */
export interface PlanOptions extends TensorLimits {
  perTensor?: Record<string, TensorLimits>;
}

export interface PlanContext {
  /** Every prunable tensor of the model (prunableTensors(model)). */
  tensors: readonly PrunableTensor[];
  /** The DENSE values of a tensor (never the masked ones). Return the same array each time for caching. */
  dense: (name: string) => Float32Array;
  /** analyzeChannels(model); needed only by 'filters' and 'channels'. */
  graph?: ChannelGraph | null;
  cache: MaskCache;
  options?: PlanOptions;
}

export interface TensorOutcome {
  name: string;
  method: TensorMethod;
  /** Share of the tensor's elements masked (0 where the mask is null). */
  sparsity: number;
  /** Why the result differs from what a reader would assume (masks only, capped, guarded...). */
  note?: string;
}

export interface PlanMasks {
  /** Final mask per prunable tensor, 1 = keep; null = dense. */
  masks: Map<string, Uint8Array | null>;
  /** Filters the plan removes per producer layer: what thinModel can take out, masked == thinned. */
  removedFilters: Record<string, number[]>;
  perTensor: TensorOutcome[];
}

export type Structured = Extract<TensorMethod, { kind: 'structured' }>;

export function limitsFor(options: PlanOptions | undefined, name: string): TensorLimits {
  const { perTensor, ...all } = options ?? {};
  return { ...all, ...(perTensor?.[name] ?? {}) };
}

export function capped(s: number, limits: TensorLimits, notes: string[]): number {
  const c = capSparsity(s, limits);
  if (c !== s) notes.push(`target ${s} capped to ${c}`);
  return c;
}

export function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/** Structures to prune, never all of them unless allowed (thinning can never remove all). */
export function pickStructures(
  scores: ArrayLike<number>,
  s: number,
  m: Structured,
  allowAll: boolean,
  notes: string[],
): number[] {
  const picked = structuresToPrune(scores, s, m.convention ?? 'distiller');
  if (!allowAll && picked.length >= scores.length && scores.length > 0) {
    // keep the best-scored structure (highest index among equals)
    let best = 0;
    for (let j = 1; j < scores.length; j++) if (scores[j] >= scores[best]) best = j;
    notes.push('one structure kept: a layer is never emptied');
    return picked.filter((j) => j !== best);
  }
  return picked;
}

export function needGraph(ctx: PlanContext, name: string, what: string): ChannelGraph {
  if (!ctx.graph)
    throw new PlanError(
      `${name}: '${what}' pruning needs the model's channel graph (analyzeChannels), which was not given`,
    );
  return ctx.graph;
}
