// Builds the smaller model in which removed filters no longer exist: fewer filters/units in the
// layer configs, and every weight that indexes those channels sliced (producer kernel and bias,
// BatchNormalization entries, consumer input channels / Dense rows). The source is only read.
import * as tf from '@tensorflow/tfjs';
import { analyzeChannels, type ChannelGraph } from '../graph/channel-graph';
import { channelIndices } from '../graph/layer-channels';
import type { JsonDict } from '../graph/model-topology';
import { consumerInputIndices, validateRemoval, type FilterRemoval } from '../graph/propagate';
import { ThinningError } from './errors';
import { sliceAxes, type AxisRemoval } from './slice-axes';

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured)
    throw new ThinningError('the model could not be serialised for thinning (model.save handed over nothing)');
  return captured;
}

/** Calls fn with each layer config of a Sequential or functional topology (mutable). */
function forEachLayerConfig(topology: JsonDict, fn: (name: string, config: JsonDict) => void): void {
  const config = topology.config;
  const list = (Array.isArray(config) ? config : ((config as JsonDict).layers as unknown[])) ?? [];
  for (const entry of list as JsonDict[]) {
    const layerConfig = entry.config as JsonDict;
    fn(String(entry.name ?? layerConfig.name), layerConfig);
  }
}

/** Per weight name: the indices to drop on each axis. */
function slicingPlan(
  model: tf.LayersModel,
  graph: ChannelGraph,
  selection: Record<string, number[]>,
): Map<string, AxisRemoval> {
  const plan = new Map<string, AxisRemoval>();
  const drop = (tensor: string, axis: number, indices: Iterable<number>) => {
    let axes = plan.get(tensor);
    if (!axes) plan.set(tensor, (axes = new Map()));
    const set = new Set(axes.get(axis) ?? []);
    for (const k of indices) set.add(k);
    axes.set(axis, set);
  };
  const weightsOf = (layerName: string) =>
    model.getLayer(layerName).weights.map((w) => ({ name: w.originalName, rank: w.shape.length }));
  for (const [layerName, filters] of Object.entries(selection)) {
    const p = graph.producers.find((x) => x.layerName === layerName)!;
    drop(p.kernelName, p.kernelShape.length - 1, filters);
    if (p.biasName) drop(p.biasName, 0, filters);
    for (const c of p.consumers) drop(c.kernelName, c.kind === 'conv-in' ? 2 : 0, consumerInputIndices(c, filters));
    for (const bn of p.batchNormSlices) {
      for (const w of weightsOf(bn.layerName))
        if (w.rank === 1) drop(w.name, 0, channelIndices(bn.offset, bn.width, filters));
    }
    for (const s of p.perChannel ?? []) drop(s.tensorName, 0, channelIndices(s.offset, s.width, filters));
  }
  return plan;
}

/** The weights thinModel slices for a removal (by weight name), with the indices dropped on each axis. */
export function thinningSlices(model: tf.LayersModel, removed: FilterRemoval): Map<string, AxisRemoval> {
  const graph = analyzeChannels(model);
  return slicingPlan(
    model,
    graph,
    validateRemoval(graph, removed, (m) => new ThinningError(m)),
  );
}

/**
 * A new model without the given filters (per producer layer name, e.g. { conv2: [0, 5] }).
 * Throws ThinningError when a layer is unknown or not filter-prunable (the reason names the
 * layer at fault), when a removal would empty a layer, or when coupled layers get different filters.
 */
export async function thinModel(model: tf.LayersModel, removed: FilterRemoval): Promise<tf.LayersModel> {
  const graph = analyzeChannels(model);
  const selection = validateRemoval(graph, removed, (m) => new ThinningError(m));
  const artifacts = await captureArtifacts(model);
  if (!artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new ThinningError('the model has no JSON topology; only TF.js layers models can be thinned');
  }
  const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as JsonDict;
  forEachLayerConfig(topology, (name, config) => {
    const filters = selection[name];
    if (!filters) return;
    if (typeof config.filters === 'number') config.filters -= filters.length;
    else if (typeof config.units === 'number') config.units -= filters.length;
    else throw new ThinningError(`layer '${name}' has neither 'filters' nor 'units' in its config; cannot shrink it`);
  });

  const plan = slicingPlan(model, graph, selection);
  const specs = artifacts.weightSpecs ?? [];
  const source =
    artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const parts: Uint8Array[] = [];
  const newSpecs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const bytesPer = BYTES_PER_ELEMENT[spec.dtype];
    if (bytesPer === undefined || spec.quantization) {
      throw new ThinningError(
        `weight '${spec.name}' is stored as ${spec.quantization ? 'quantized ' : ''}${spec.dtype}; thinning ` +
          `reads float32, int32 and bool weights`,
      );
    }
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = new Uint8Array(source, offset, count * bytesPer);
    offset += count * bytesPer;
    const axes = plan.get(spec.name);
    if (!axes) {
      parts.push(bytes);
      newSpecs.push({ ...spec, shape: [...spec.shape] });
      continue;
    }
    if (spec.dtype !== 'float32')
      throw new ThinningError(`weight '${spec.name}' is ${spec.dtype}; only float32 weights can be sliced`);
    const values = new Float32Array(bytes.slice().buffer);
    const sliced = sliceAxes(values, spec.shape, axes);
    parts.push(new Uint8Array(sliced.data.buffer));
    newSpecs.push({ ...spec, shape: sliced.shape });
  }
  const missing = [...plan.keys()].filter((name) => !specs.some((s) => s.name === name));
  if (missing.length)
    throw new ThinningError(`weights ${missing.map((n) => `'${n}'`).join(', ')} were not found in the saved model`);
  const weightData = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.byteLength;
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: topology,
      weightSpecs: newSpecs,
      weightData: weightData.buffer,
      ...(artifacts.format ? { format: artifacts.format } : {}),
    }),
  );
}
