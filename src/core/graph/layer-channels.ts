// How each Keras layer class treats channels, and the small tools the channel analysis walks with.
import type * as tf from '@tensorflow/tfjs';
import type { TopologyLayer } from './model-topology';

export const PASS_THROUGH = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'MaxPooling2D',
  'AveragePooling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
]);
export const GLOBAL_POOLING = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D']);
export const ELEMENTWISE_MERGE = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
export const PRODUCERS = new Set(['Conv2D', 'Dense']);

/**
 * A run of channels of one tensor; space = producer whose filters they are (null: none). Producer
 * channel j (j < size) is channels offset + j * width .. + width - 1: a depthwise conv with depth
 * multiplier m makes m channels of each of its input channels (width absent = 1).
 */
export interface Segment {
  space: string | null;
  offset: number;
  size: number;
  width?: number;
}

/** The tensor channels of producer channels `filters` in a run at `offset` of `width` channels each. */
export function channelIndices(offset: number, width: number | undefined, filters: readonly number[]): number[] {
  const w = width ?? 1;
  return filters.flatMap((j) => Array.from({ length: w }, (_, k) => offset + j * w + k));
}

/** What the channels of one layer's output are made of; null = nothing a producer owns. */
export interface ChannelValue {
  segments: Segment[];
  total: number;
  /** After Flatten: features are (y * w + x) * total + channel. */
  flat?: { h: number; w: number };
}

export function layerLabel(layer: TopologyLayer): string {
  return `'${layer.name}' (${layer.className})`;
}

export function lastDim(shape: unknown): number | null {
  const s = Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape;
  if (!Array.isArray(s) || s.length === 0) return null;
  const d = s[s.length - 1];
  return typeof d === 'number' ? d : null;
}

export function rankOf(shape: unknown): number {
  return Array.isArray(shape) ? shape.length : 0;
}

export class UnionFind {
  private parent = new Map<string, string>();
  add(x: string) {
    if (!this.parent.has(x)) this.parent.set(x, x);
  }
  find(x: string): string {
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string) {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export interface LiveLayerInfo {
  weights: Map<string, { name: string; shape: number[] }>;
  outputShape: unknown;
}

export function liveLayer(model: tf.LayersModel, name: string): LiveLayerInfo | null {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(name);
  } catch {
    return null;
  }
  const weights = new Map<string, { name: string; shape: number[] }>();
  for (const w of layer.weights) {
    const suffix = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    weights.set(suffix, { name: w.originalName, shape: w.shape.map((d) => d as number) });
  }
  const safe = (get: () => unknown) => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  return { weights, outputShape: safe(() => layer.outputShape) };
}

export function isChannelsLast(layer: TopologyLayer): boolean {
  const f = layer.config.data_format;
  return f === undefined || f === null || f === 'channels_last';
}

/** BatchNormalization normalises the last axis only when axis is -1 or rank - 1. */
export function batchNormOnLastAxis(layer: TopologyLayer, rank: number): boolean {
  const raw = layer.config.axis;
  const axes = Array.isArray(raw) ? raw : [raw ?? -1];
  return axes.length === 1 && (axes[0] === -1 || axes[0] === rank - 1);
}
