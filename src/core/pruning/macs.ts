// Compute cost (multiply-accumulates) as Distiller's model_performance_summary counts it.
import { PruningInputError } from './errors';

export interface ConvGeometry {
  kh: number;
  kw: number;
  cin: number;
  cout: number;
  /** Output feature map height and width. */
  outH: number;
  outW: number;
  groups?: number;
}

/** Conv MACs = OFM volume (outH * outW * cout) * (cin / groups) * kh * kw. */
export function convMacs(g: ConvGeometry): number {
  const groups = g.groups ?? 1;
  if (g.cin % groups !== 0)
    throw new PruningInputError(`Input channels (${g.cin}) must be divisible by groups (${groups}).`);
  return g.outH * g.outW * g.cout * (g.cin / groups) * g.kh * g.kw;
}

/** Dense MACs = numel(W) = in * out. */
export function denseMacs(inputs: number, outputs: number): number {
  return inputs * outputs;
}

/**
 * Effective MACs under a mask: dense MACs x density, i.e. each kept weight costs one MAC per output
 * position (outPositions = outH * outW for a conv, 1 for a dense layer). For structured masks this is
 * exact: a zeroed filter or input channel removes all of its kh*kw*... weights, so the count equals the
 * thinned layer's MACs. The consumer of a removed filter only gets cheaper once its matching input
 * channel is masked (or thinned) too.
 */
export function effectiveMacs(mask: Uint8Array, outPositions = 1): number {
  let kept = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) kept++;
  return kept * outPositions;
}

/** MACs of a conv after thinning: removed filters shrink cout, removed input channels shrink cin. */
export function thinnedConvMacs(g: ConvGeometry, removedFilters: number, removedInputChannels: number): number {
  return convMacs({ ...g, cout: g.cout - removedFilters, cin: g.cin - removedInputChannels });
}
