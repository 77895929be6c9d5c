// A depthwise conv passes channels through: output channels c * m .. c * m + m - 1 (depth multiplier m)
// are computed from input channel c alone. Removing a producer's filter j therefore removes input
// channel j of the depthwise kernel (the whole group of its m outputs) and those entries of its bias,
// and the channels travel on to the layers after it, m wide.
import type { ChannelConsumer, PerChannelSlice } from './channel-graph-types';
import { isChannelsLast, type ChannelValue, type LiveLayerInfo } from './layer-channels';
import type { TopologyLayer } from './model-topology';

export interface DepthwiseSinks {
  consumers: Map<string, ChannelConsumer[]>;
  perChannel: Map<string, PerChannelSlice[]>;
  blockValue(v: ChannelValue | null, reason: string): void;
  notFollowed(layer: TopologyLayer, why: string): string;
}

/** Records what a DepthwiseConv2D slices with each producer and returns the channels it outputs. */
export function passDepthwise(
  layer: TopologyLayer,
  v: ChannelValue | null,
  info: LiveLayerInfo | null,
  sinks: DepthwiseSinks,
): ChannelValue | null {
  if (v === null) return null;
  const kernel = info?.weights.get('depthwise_kernel');
  const bias = info?.weights.get('bias');
  const m = Number(layer.config.depth_multiplier ?? 1);
  const refuse = (why: string) => {
    sinks.blockValue(v, sinks.notFollowed(layer, why));
    return null;
  };
  if (v.flat) return refuse('after a Flatten');
  if (!isChannelsLast(layer)) return refuse('which is channels_first');
  if (!kernel) return refuse('which has no depthwise kernel weight');
  if (!Number.isInteger(m) || m < 1) return refuse(`whose depth multiplier ${String(m)} is not a positive integer`);
  if (layer.config.activation === 'softmax') return refuse('a softmax that mixes channels');
  for (const seg of v.segments) {
    if (seg.space === null) continue;
    sinks.consumers.get(seg.space)!.push({
      layerName: layer.name,
      kernelName: kernel.name,
      kernelShape: kernel.shape,
      kind: 'conv-in',
      offset: seg.offset,
      ...(seg.width ? { width: seg.width } : {}),
      inChannels: v.total,
    });
    if (bias) {
      const width = (seg.width ?? 1) * m;
      sinks.perChannel.get(seg.space)!.push({
        layerName: layer.name,
        tensorName: bias.name,
        offset: seg.offset * m,
        ...(width > 1 ? { width } : {}),
      });
    }
  }
  return {
    segments: v.segments.map((s) => {
      const width = (s.width ?? 1) * m;
      return { space: s.space, offset: s.offset * m, size: s.size, ...(width > 1 ? { width } : {}) };
    }),
    total: v.total * m,
  };
}
