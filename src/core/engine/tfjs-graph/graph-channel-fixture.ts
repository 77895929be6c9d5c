// Test fixture: a TF.js layers model of the MobileNetV2 family written out as a graph model the way
// tfjs-converter writes one. 'fused': BatchNorm folded into _FusedConv2D / FusedDepthwiseConv2dNative
// (BiasAdd, Relu6), Pad, AddV2, Mean, _FusedMatMul, Softmax. 'raw': Conv2D, FusedBatchNormV3, Relu6,
// DepthwiseConv2dNative, AddV2, Mean keeping dims, Reshape, MatMul, BiasAdd, Softmax. Kernels keep
// their Keras names (block_1_expand/kernel), so both channel graphs can be compared name for name.
import type * as tf from '@tensorflow/tfjs';
import { modelTopologyJson, readTopology } from '../../graph';
import type { NamedBytes } from '../../types';

type Attr = Record<string, unknown>;
interface Node {
  name: string;
  op: string;
  input: string[];
  attr: Attr;
}

const b64 = (s: string) => btoa(s);
const ints = (...v: number[]) => ({ list: { i: v.map(String) } });
const F32 = { type: 'DT_FLOAT' };

export function graphModelOf(model: tf.LayersModel, style: 'fused' | 'raw'): NamedBytes[] {
  const topology = readTopology(modelTopologyJson(model));
  const values = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice() as Float32Array]));
  const nodes: Node[] = [];
  const weights: { name: string; shape: number[]; dtype: string; data: Float32Array | Int32Array }[] = [];
  const out = new Map<string, string>(); // layer name -> node whose output it is
  const fusedNode = new Map<string, Node>();
  const constant = (name: string, shape: number[], data: Float32Array | Int32Array) => {
    const int = data instanceof Int32Array;
    nodes.push({ name, op: 'Const', input: [], attr: { dtype: { type: int ? 'DT_INT32' : 'DT_FLOAT' } } });
    weights.push({ name, shape, dtype: int ? 'int32' : 'float32', data });
    return name;
  };
  const add = (name: string, op: string, input: string[], attr: Attr = {}) => {
    const node = { name, op, input, attr: { T: F32, ...attr } };
    nodes.push(node);
    return node;
  };
  const layerOf = (name: string) => model.getLayer(name);

  for (const l of topology.layers) {
    const input = l.inputs.map((i) => out.get(i)!);
    const cfg = l.config as Record<string, unknown>;
    const shapeOf = (w: string) => layerOf(l.name).weights.find((x) => x.originalName === w)!.shape as number[];
    if (l.className === 'InputLayer') {
      const dims = [-1, ...(layerOf(l.name).batchInputShape ?? []).slice(1)] as number[];
      add(l.name, 'Placeholder', [], { dtype: F32, shape: { shape: { dim: dims.map((d) => ({ size: String(d) })) } } });
      out.set(l.name, l.name);
    } else if (l.className === 'Conv2D' || l.className === 'DepthwiseConv2D') {
      const dw = l.className === 'DepthwiseConv2D';
      const kName = `${l.name}/${dw ? 'depthwise_kernel' : 'kernel'}`;
      const kernel = values.get(kName)!.slice();
      const kShape = shapeOf(kName);
      const s = Number((cfg.strides as number[])[0]);
      const attr = {
        strides: ints(1, s, s, 1),
        padding: { s: b64(String(cfg.padding).toUpperCase()) },
        data_format: { s: b64('NHWC') },
        dilations: ints(1, 1, 1, 1),
      };
      const bn = topology.layers.find((x) => x.className === 'BatchNormalization' && x.inputs[0] === l.name);
      if (style === 'fused' && bn) {
        // fold the BatchNorm that follows: scale each output channel, its shift becomes the bias
        const g = (w: string) => values.get(`${bn.name}/${w}`)!;
        const eps = Number(bn.config.epsilon);
        const outs = dw ? kShape[2] * kShape[3] : kShape[3]; // output channel = index % outs
        const scale = Float32Array.from(g('gamma'), (v, c) => v / Math.sqrt(g('moving_variance')[c] + eps));
        const bias = Float32Array.from(scale, (v, c) => g('beta')[c] - g('moving_mean')[c] * v);
        kernel.forEach((v, i) => (kernel[i] = v * scale[i % outs]));
        constant(kName, kShape, kernel);
        constant(`${l.name}/bias`, [bias.length], bias);
        const node = add(l.name, dw ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D', [
          input[0],
          kName,
          `${l.name}/bias`,
        ]);
        Object.assign(node.attr, attr, { num_args: { i: '1' }, fused_ops: { list: { s: [b64('BiasAdd')] } } });
        fusedNode.set(bn.name, node);
        out.set(l.name, l.name);
        out.set(bn.name, l.name);
      } else {
        constant(kName, kShape, kernel);
        add(l.name, dw ? 'DepthwiseConv2dNative' : 'Conv2D', [input[0], kName], attr);
        out.set(l.name, l.name);
      }
    } else if (l.className === 'BatchNormalization') {
      if (fusedNode.has(l.name)) continue;
      const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => {
        const v = values.get(`${l.name}/${w}`)!;
        return constant(`${l.name}/${w}`, [v.length], v);
      });
      add(l.name, 'FusedBatchNormV3', [input[0], ...names], {
        epsilon: { f: Number(cfg.epsilon) },
        data_format: { s: b64('NHWC') },
        U: F32,
      });
      out.set(l.name, l.name);
    } else if (l.className === 'ReLU') {
      const fused = nodes.find((n) => n.name === input[0] && n.attr.fused_ops);
      if (fused) {
        (fused.attr.fused_ops as { list: { s: string[] } }).list.s.push(b64('Relu6'));
        out.set(l.name, fused.name);
      } else out.set(l.name, add(l.name, 'Relu6', [input[0]]).name);
    } else if (l.className === 'ZeroPadding2D') {
      const p = constant(`${l.name}/paddings`, [4, 2], new Int32Array([0, 0, 0, 1, 0, 1, 0, 0]));
      out.set(l.name, add(l.name, 'Pad', [input[0], p], { Tpaddings: { type: 'DT_INT32' } }).name);
    } else if (l.className === 'Add') {
      out.set(l.name, add(l.name, 'AddV2', input).name);
    } else if (l.className === 'GlobalAveragePooling2D') {
      const axes = constant(`${l.name}/axes`, [2], new Int32Array([1, 2]));
      const keep = style === 'raw';
      add(l.name, 'Mean', [input[0], axes], { keep_dims: { b: keep }, Tidx: { type: 'DT_INT32' } });
      out.set(l.name, l.name);
      if (keep) {
        const c = (layerOf(l.name).outputShape as number[])[1];
        const shape = constant(`${l.name}/flat_shape`, [2], new Int32Array([-1, c]));
        out.set(l.name, add(`${l.name}/flat`, 'Reshape', [l.name, shape], { Tshape: { type: 'DT_INT32' } }).name);
      }
    } else if (l.className === 'Dense') {
      const kName = `${l.name}/kernel`;
      constant(kName, shapeOf(kName), values.get(kName)!);
      const bias = constant(`${l.name}/bias`, [values.get(`${l.name}/bias`)!.length], values.get(`${l.name}/bias`)!);
      const mm = { transpose_a: { b: false }, transpose_b: { b: false } };
      let node: Node;
      if (style === 'fused') {
        node = add(l.name, '_FusedMatMul', [input[0], kName, bias], {
          ...mm,
          num_args: { i: '1' },
          fused_ops: { list: { s: [b64('BiasAdd')] } },
        });
      } else {
        add(`${l.name}/MatMul`, 'MatMul', [input[0], kName], mm);
        node = add(l.name, 'BiasAdd', [`${l.name}/MatMul`, bias], { data_format: { s: b64('NHWC') } });
      }
      if (cfg.activation === 'softmax') node = add(`${l.name}/Softmax`, 'Softmax', [node.name]);
      out.set(l.name, add(`${l.name}/out`, 'Identity', [node.name]).name);
    } else throw new Error(`graphModelOf: ${l.className} is not written by this fixture`);
  }
  const bin = new Uint8Array(weights.reduce((n, w) => n + w.data.byteLength, 0));
  weights.reduce(
    (o, w) => (bin.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), o), o + w.data.byteLength),
    0,
  );
  const json = {
    format: 'graph-model',
    modelTopology: { node: nodes, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map(({ data: _, ...w }) => w) }],
  };
  return [
    { name: 'net/model.json', bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer },
    { name: 'net/group1-shard1of1.bin', bytes: bin.buffer },
  ];
}
