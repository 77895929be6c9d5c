// The layer graph as a layers model serialises it (model.toJSON / model.json "modelTopology"):
// the same description thinning edits and rebuilds from, so analysis and rebuild cannot disagree.
import type * as tf from '@tensorflow/tfjs';

export type JsonDict = Record<string, unknown>;

export interface TopologyLayer {
  name: string;
  className: string;
  /** The layer's own config (filters, units, activation, axis, ...). */
  config: JsonDict;
  /** Names of the layers whose outputs feed this one, in call order; empty for inputs. */
  inputs: string[];
  /** Why the graph cannot be followed through this layer (shared layer, multi-output input), if so. */
  unsupported?: string;
}

export interface ModelTopology {
  /** Layers in a topological order (each after every layer it reads). */
  layers: TopologyLayer[];
  /** Names of the layers whose outputs are the model's outputs. */
  outputs: string[];
}

function asDict(v: unknown): JsonDict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonDict) : {};
}

/** The model's own JSON topology ({class_name, config, ...}), as model.save would write it. */
export function modelTopologyJson(model: tf.LayersModel): JsonDict {
  return model.toJSON(null, false) as unknown as JsonDict;
}

function sequentialTopology(layerConfigs: unknown[]): ModelTopology {
  const layers: TopologyLayer[] = [];
  let previous: string | null = null;
  for (const raw of layerConfigs) {
    const entry = asDict(raw);
    const className = String(entry.class_name);
    const config = asDict(entry.config);
    const name = String(config.name ?? entry.name);
    // A Sequential may list its InputLayer first (Keras >= 2.4 writes it); it carries no weights.
    if (className === 'InputLayer') {
      layers.push({ name, className, config, inputs: [] });
      previous = name;
      continue;
    }
    layers.push({ name, className, config, inputs: previous === null ? [] : [previous] });
    previous = name;
  }
  return { layers, outputs: previous === null ? [] : [previous] };
}

function functionalTopology(config: JsonDict): ModelTopology {
  const layers: TopologyLayer[] = [];
  for (const raw of (config.layers as unknown[]) ?? []) {
    const entry = asDict(raw);
    const layerConfig = asDict(entry.config);
    const name = String(entry.name ?? layerConfig.name);
    const className = String(entry.class_name);
    const nodes = Array.isArray(entry.inbound_nodes) ? (entry.inbound_nodes as unknown[]) : [];
    const layer: TopologyLayer = { name, className, config: layerConfig, inputs: [] };
    if (nodes.length > 1) {
      layer.unsupported = `layer '${name}' is called ${nodes.length} times (a shared layer)`;
    }
    const first = Array.isArray(nodes[0]) ? (nodes[0] as unknown[]) : [];
    for (const ref of first) {
      if (!Array.isArray(ref)) {
        layer.unsupported = `layer '${name}' has an inbound node format this version does not read`;
        continue;
      }
      const [inbound, nodeIndex, tensorIndex] = ref as [string, number, number];
      layer.inputs.push(String(inbound));
      if (nodeIndex !== 0 || tensorIndex !== 0) {
        layer.unsupported ??=
          `layer '${name}' reads output ${tensorIndex} of call ${nodeIndex} of ` +
          `'${inbound}' (shared or multi-output layer)`;
      }
    }
    layers.push(layer);
  }
  const outputs = ((config.output_layers as unknown[]) ?? []).map((o) => String((o as unknown[])[0]));
  return { layers: topologicalOrder(layers), outputs };
}

/** Keras writes functional layers in depth order already; sorting again guards hand-edited files. */
function topologicalOrder(layers: TopologyLayer[]): TopologyLayer[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const done = new Set<string>();
  const ordered: TopologyLayer[] = [];
  const visit = (layer: TopologyLayer, stack: Set<string>) => {
    if (done.has(layer.name)) return;
    if (stack.has(layer.name)) throw new Error(`model topology has a cycle through layer '${layer.name}'`);
    stack.add(layer.name);
    for (const input of layer.inputs) {
      const dep = byName.get(input);
      if (dep) visit(dep, stack);
    }
    stack.delete(layer.name);
    done.add(layer.name);
    ordered.push(layer);
  };
  for (const layer of layers) visit(layer, new Set());
  return ordered;
}

/** Reads a Sequential or functional ("Model"/"Functional") topology into one layer list. */
export function readTopology(json: JsonDict): ModelTopology {
  const className = String(json.class_name);
  const config = json.config;
  if (className === 'Sequential') {
    // Old Keras wrote a Sequential config as the bare list of layers.
    return sequentialTopology(Array.isArray(config) ? config : ((asDict(config).layers as unknown[]) ?? []));
  }
  return functionalTopology(asDict(config));
}
