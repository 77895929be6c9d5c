// Follows every producer's channels (Conv, Gemm, MatMul with an initializer weight) through an
// ONNX graph in NCHW: BatchNormalization, activations and pooling pass them through, a depthwise
// Conv passes them through and is sliced with them, Add-like ops couple producers, Concat offsets
// them, Flatten/Reshape turns them into Gemm rows. An op not understood here still evaluates; only
// structured pruning across it is refused, naming it.
import { assembleGroups, UnionFind, type ProducerBase } from './onnx-channel-groups';
import type { ChannelSlice, OnnxChannelConsumer, OnnxChannelGraph, OnnxProducerInfo } from './onnx-channel-types';
import { checkModel } from './onnx-checks';
import { attrInt, int64, nodeLabel, type ModelProto, type NodeProto } from './onnx-model';
import { ELEMENTWISE, SAME_SHAPE, graphConstants, inferShape, type Shape } from './onnx-shapes';

interface Segment {
  space: string | null;
  offset: number;
  size: number;
  /** producer channel j is channels offset + j * width .. + width - 1 (a depth multiplier widens it) */
  width?: number;
}

interface ChannelValue {
  segments: Segment[];
  total: number;
  flat?: { h: number; w: number };
}

const PASS = new Set([...SAME_SHAPE, 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool']);
PASS.delete('BatchNormalization');
PASS.delete('Softmax');
PASS.delete('LogSoftmax');

const whole = (x: ChannelValue | null) =>
  x !== null &&
  x.segments.length === 1 &&
  x.segments[0].space !== null &&
  x.segments[0].size * (x.segments[0].width ?? 1) === x.total;
const widthOf = (seg: Segment, m = 1) => ((seg.width ?? 1) * m > 1 ? { width: (seg.width ?? 1) * m } : {});

export function analyzeOnnxChannels(model: ModelProto): OnnxChannelGraph {
  const graph = model.graph!;
  const input = checkModel(model);
  const constants = graphConstants(graph);
  const isConstant = (name: string) => name === '' || constants.has(name);
  const shapes = new Map<string, Shape>([[input.name, input.shape.map((d) => d ?? 1)]]);
  for (const v of graph.valueInfo) {
    const dims = v.type?.tensorType?.shape?.dim;
    if (dims && dims.every((d) => !d.dimParam))
      shapes.set(
        v.name,
        dims.map((d) => int64(d.dimValue)),
      );
  }
  const values = new Map<string, ChannelValue | null>();
  const uf = new UnionFind();
  const blocked = new Map<string, string>();
  const consumers = new Map<string, OnnxChannelConsumer[]>();
  const slices = new Map<string, ChannelSlice[]>();
  const batchNorms = new Map<string, string[]>();
  const mergedVia = new Map<string, string[]>();
  const producers: ProducerBase[] = [];
  const producedBy = new Map<string, string>();

  const block = (space: string, reason: string) => void (blocked.has(space) || blocked.set(space, reason));
  const blockValue = (v: ChannelValue | null | undefined, reason: string) => {
    for (const seg of v?.segments ?? []) if (seg.space !== null) block(seg.space, reason);
  };
  const notFollowed = (node: NodeProto, why: string) => `its channels pass through ${nodeLabel(node)}, ${why}`;
  /** m: entries per channel of v in this tensor (a depthwise kernel with depth multiplier m). */
  const slice = (v: ChannelValue, node: NodeProto, kind: ChannelSlice['kind'], tensor: string, axis: number, m = 1) => {
    const dims = constants.get(tensor)?.dims ?? [];
    for (const seg of v.segments)
      if (seg.space !== null)
        slices.get(seg.space)!.push({
          layerName: node.name,
          kind,
          tensorName: tensor,
          tensorShape: dims,
          axis,
          offset: seg.offset * m,
          ...widthOf(seg, m),
        });
  };
  const addConsumer = (v: ChannelValue, c: Omit<OnnxChannelConsumer, 'offset' | 'inChannels' | 'spatial'>) => {
    for (const seg of v.segments)
      if (seg.space !== null)
        consumers.get(seg.space)!.push({
          ...c,
          offset: seg.offset,
          ...widthOf(seg),
          inChannels: v.total,
          ...(v.flat ? { spatial: { ...v.flat } } : {}),
        });
  };

  for (const node of graph.node) {
    const label = node.name || node.output[0];
    const op = node.opType;
    const inputs = node.input.map((n) => (isConstant(n) ? null : (values.get(n) ?? null)));
    const v = inputs[0];
    const x = shapes.get(node.input[0]) ?? null;
    const weight = constants.get(node.input[1] ?? '');
    let out: ChannelValue | null = null;
    const startProducer = (layerClass: OnnxProducerInfo['layerClass'], outAxis: number, biasName?: string) => {
      const dims = weight!.dims;
      producers.push({
        layerName: label,
        layerClass,
        kernelName: node.input[1],
        kernelShape: dims,
        outAxis,
        outChannels: dims[outAxis],
        ...(biasName ? { biasName } : {}),
      });
      for (const m of [consumers, slices, batchNorms]) m.set(label, []);
      uf.add(label);
      producedBy.set(node.output[0], label);
      return { segments: [{ space: label, offset: 0, size: dims[outAxis] }], total: dims[outAxis] };
    };

    if (op === 'Conv' && weight && node.input[1] && constants.has(node.input[1]) && weight.dims.length === 4) {
      const group = attrInt(node, 'group', 1);
      // depthwise: one input channel per group; m = C_out / C_in outputs each (the depth multiplier)
      const m = weight.dims[0] / group;
      const depthwise = group > 1 && Number.isInteger(m) && weight.dims[1] === 1;
      if (depthwise && v && v.total === group && !v.flat) {
        slice(v, node, 'depthwise', node.input[1], 0, m);
        if (node.input[2]) slice(v, node, 'depthwise', node.input[2], 0, m);
        out = {
          segments: v.segments.map((seg) => ({ ...seg, offset: seg.offset * m, ...widthOf(seg, m) })),
          total: v.total * m,
        };
      } else if (group === 1) {
        if (v && !v.flat)
          addConsumer(v, {
            layerName: label,
            kernelName: node.input[1],
            kernelShape: weight.dims,
            kind: 'conv-in',
            inAxis: 1,
          });
        else if (v) blockValue(v, notFollowed(node, 'after a Flatten'));
        out = startProducer('Conv', 0, node.input[2] || undefined);
      } else {
        // each group reads its own slice of inputs: channels could leave only in whole groups
        const why = `a grouped convolution (group ${group}) whose channels leave only in whole groups`;
        blockValue(v, notFollowed(node, `${why}, which is not done`));
        out = startProducer('Conv', 0, node.input[2] || undefined);
        block(label, `${nodeLabel(node)} is ${why}; its filters are not removed`);
      }
    } else if ((op === 'Gemm' || op === 'MatMul') && weight?.dims.length === 2 && attrInt(node, 'transA', 0) === 0) {
      const transB = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
      const inAxis = transB ? 1 : 0;
      if (v && x && x.length === 2)
        addConsumer(v, {
          layerName: label,
          kernelName: node.input[1],
          kernelShape: weight.dims,
          kind: 'dense-rows',
          inAxis,
        });
      else if (v) blockValue(v, notFollowed(node, 'which reads a tensor of rank other than 2'));
      const bias = op === 'Gemm' ? node.input[2] : undefined;
      out = startProducer(op, 1 - inAxis, bias || undefined);
      if (bias && constants.get(bias)?.dims.length !== 1)
        block(label, `${nodeLabel(node)} has a bias that is not one value per output`);
    } else if (op === 'BatchNormalization') {
      if (v && !v.flat) {
        for (const t of node.input.slice(1, 5)) slice(v, node, 'batchnorm', t, 0);
        for (const seg of v.segments) if (seg.space) batchNorms.get(seg.space)!.push(label);
        out = v;
      } else blockValue(v, notFollowed(node, 'which does not normalise the channels of a conv output'));
    } else if (PASS.has(op)) {
      if (v?.flat && op.includes('Pool')) blockValue(v, notFollowed(node, 'after a Flatten'));
      else out = v;
    } else if (op === 'Flatten' || op === 'Reshape' || op === 'Squeeze') {
      const y = inferShape(node, [x, shapes.get(node.input[1] ?? '') ?? null], constants);
      if (v && x && y && y.length === 2 && y[0] === x[0]) {
        const [h, w] = x.length === 4 ? [x[2], x[3]] : [1, 1];
        out = h * w === 1 || v.flat ? v : { ...v, flat: { h, w } };
      } else if (v)
        blockValue(
          v,
          notFollowed(
            node,
            `which does not flatten [N, C, H, W] to [N, C·H·W] ` +
              `(shapes ${JSON.stringify(x)} → ${JSON.stringify(y)})`,
          ),
        );
    } else if (ELEMENTWISE.has(op)) {
      const live = inputs.map((val, i) => ({ val, name: node.input[i] })).filter((e) => !isConstant(e.name));
      if (live.length >= 2) {
        const plain = live.every((e) => whole(e.val));
        const same =
          plain &&
          live.every(
            (e) =>
              e.val!.total === live[0].val!.total &&
              e.val!.segments[0].width === live[0].val!.segments[0].width &&
              JSON.stringify(e.val!.flat) === JSON.stringify(live[0].val!.flat),
          );
        if (!same) {
          for (const e of live)
            blockValue(
              e.val,
              notFollowed(node, 'whose inputs are not whole outputs of prunable layers lined up channel for channel'),
            );
        } else {
          const spaces = live.map((e) => e.val!.segments[0].space!);
          for (const s of spaces.slice(1)) uf.union(spaces[0], s);
          for (const s of spaces) mergedVia.set(s, [...(mergedVia.get(s) ?? []), label]);
          out = live[0].val;
        }
      } else if (v && live.length === 1) {
        const channelAxis = v.flat ? -1 : 1;
        let ok = true;
        for (const name of node.input.filter(isConstant)) {
          const dims = constants.get(name)?.dims ?? [];
          const n = dims.reduce((a, b) => a * b, 1);
          if (n === 1) continue;
          const rank = x?.length ?? 0;
          const aligned = [...Array(rank - dims.length).fill(1), ...dims];
          const axis = channelAxis < 0 ? rank - 1 : channelAxis;
          if (!v.flat && aligned.length === rank && aligned[axis] === v.total && n === v.total)
            slice(v, node, 'per-channel', name, dims.length - (rank - axis));
          else ok = false;
        }
        if (ok) out = v;
        else blockValue(v, notFollowed(node, 'with a constant that is neither a scalar nor one value per channel'));
      }
    } else if (op === 'Concat') {
      const axis = attrInt(node, 'axis', 1);
      const rank = x?.length ?? 4;
      if ((axis === 1 || axis === 1 - rank) && !inputs.some((i) => i?.flat)) {
        const segments: Segment[] = [];
        let offset = 0;
        let known = true;
        node.input.forEach((name, i) => {
          const val = inputs[i];
          const size = val?.total ?? shapes.get(name)?.[1];
          if (size === undefined) known = false;
          for (const seg of val?.segments ?? [{ space: null, offset: 0, size: size ?? 0 }])
            segments.push({ ...seg, offset: offset + seg.offset });
          offset += size ?? 0;
        });
        if (known) out = { segments, total: offset };
        else for (const val of inputs) blockValue(val, notFollowed(node, 'with an input of unknown channel count'));
      } else for (const val of inputs) blockValue(val, notFollowed(node, 'which does not join along the channel axis'));
    } else if ((op === 'Softmax' || op === 'LogSoftmax') && graph.output.some((o) => o.name === node.output[0])) {
      out = v;
    } else {
      for (const val of inputs) blockValue(val, notFollowed(node, 'which the channel analysis does not follow'));
    }
    values.set(node.output[0], out);
    if (!shapes.has(node.output[0]))
      shapes.set(
        node.output[0],
        inferShape(
          node,
          node.input.map((n) => shapes.get(n) ?? constantShape(n)),
          constants,
        ),
      );
  }

  function constantShape(name: string): Shape {
    return constants.get(name)?.dims ?? null;
  }

  for (const o of graph.output) {
    for (const seg of values.get(o.name)?.segments ?? [])
      if (seg.space !== null)
        block(
          seg.space,
          `'${seg.space}' feeds the model output '${o.name}': ` +
            'removing its channels would remove model outputs (classes)',
        );
  }
  return assembleGroups(producers, { uf, blocked, consumers, slices, batchNorms, mergedVia });
}
