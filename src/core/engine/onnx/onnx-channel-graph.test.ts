import { describe, expect, it } from 'vitest';
import { analyzeOnnxChannels } from './onnx-channel-graph';
import { onnxChannelMasks } from './onnx-channel-masks';
import { checkModel } from './onnx-checks';
import { decodeModel, encodeModel, type ModelProto } from './onnx-model';
import { onnxPrunableTensors } from './onnx-prunable';
import { OnnxWeightSession } from './onnx-session';
import { readFloat32 } from './onnx-tensor-data';
import { thinOnnxModel } from './onnx-thin';
import { fixtureBatch, fixtureBytes, maxAbsDiff } from './test-fixtures';
import { weightsAsInputs } from './weights-as-inputs';

const load = (name: string) => decodeModel(fixtureBytes(name), name);
const producer = (g: ReturnType<typeof analyzeOnnxChannels>, name: string) =>
  g.producers.find((p) => p.layerName === name)!;

async function logits(model: ModelProto, masks = new Map<string, Uint8Array>()): Promise<Float32Array> {
  const tensors = onnxPrunableTensors(model);
  const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
  const weights = tensors.map((t) => {
    const values = readFloat32(inits.get(t.name)!);
    const mask = masks.get(t.name);
    return { name: t.name, dims: t.shape, values: mask ? values.map((v, i) => v * mask[i]) : values };
  });
  const names = tensors.map((t) => t.name);
  const session = await OnnxWeightSession.create(weightsAsInputs(model, names), checkModel(model), weights);
  const out = (await session.run(fixtureBatch(), 8)).data.slice();
  await session.release();
  return out;
}

async function thinnedAgrees(file: string, removed: Record<string, number[]>) {
  const model = load(file);
  const graph = analyzeOnnxChannels(model);
  const masked = await logits(model, onnxChannelMasks(graph, removed));
  const thinned = thinOnnxModel(model, graph, removed);
  const bytes = encodeModel(thinned);
  const direct = await OnnxWeightSession.create(bytes, checkModel(thinned), []); // loads as a plain model
  const plain = (await direct.run(fixtureBatch(), 8)).data;
  await direct.release();
  return { diff: maxAbsDiff(masked, plain), size: bytes.byteLength, dense: fixtureBytes(file).byteLength, thinned };
}

describe('ONNX channel graph', () => {
  it('residual net with BatchNorm: Add-coupled groups with a leader, projection shortcut, BN slices', () => {
    const g = analyzeOnnxChannels(load('resnet-bn.onnx'));
    expect(g.groups.map((x) => x.members)).toEqual([
      ['/conv1/Conv', '/layer1/layer1.0/conv2/Conv'],
      ['/layer2/layer2.0/conv2/Conv', '/layer2/layer2.0/shortcut/shortcut.0/Conv'],
    ]);
    expect(g.groups[0].via).toEqual(['/layer1/layer1.0/Add']);
    const stem = producer(g, '/conv1/Conv');
    expect(stem).toMatchObject({ prunable: true, outAxis: 0, outChannels: 8 });
    expect(stem.consumers.map((c) => [c.layerName, c.inAxis])).toEqual([
      ['/layer1/layer1.0/conv1/Conv', 1],
      ['/layer2/layer2.0/conv1/Conv', 1],
      ['/layer2/layer2.0/shortcut/shortcut.0/Conv', 1],
    ]);
    expect(stem.batchNorms).toEqual(['/bn1/BatchNormalization', '/layer1/layer1.0/bn2/BatchNormalization']);
    const last = producer(g, '/layer2/layer2.0/conv2/Conv');
    expect(last.consumers).toEqual([expect.objectContaining({ layerName: '/fc/Gemm', kind: 'dense-rows', inAxis: 1 })]);
    expect(producer(g, '/fc/Gemm')).toMatchObject({ prunable: false, reason: expect.stringMatching(/model output/) });
  });

  it('MobileNet-style net: depthwise convs pass channels through and are sliced with their producer', () => {
    const g = analyzeOnnxChannels(load('mobilenet-bn.onnx'));
    const expand = producer(g, '/blocks/blocks.0/expand/expand.0/Conv');
    expect(expand.prunable).toBe(true);
    expect(expand.consumers.map((c) => c.layerName)).toEqual(['/blocks/blocks.0/project/project.0/Conv']);
    expect(expand.slices.filter((s) => s.kind === 'depthwise').map((s) => s.tensorName)).toEqual([
      'blocks.0.depthwise.0.weight',
    ]);
    expect(g.groups.map((x) => x.members)).toEqual([['/stem/stem.0/Conv', '/blocks/blocks.0/project/project.0/Conv']]);
    const masks = onnxChannelMasks(g, { '/blocks/blocks.0/expand/expand.0/Conv': [1, 5] });
    const dw = masks.get('blocks.0.depthwise.0.weight')!;
    expect([...dw].filter((m) => m === 0).length).toBe(2 * 9);
    expect([...dw.slice(9, 18)]).toEqual(new Array(9).fill(0));
    expect([...masks.keys()].sort()).toEqual([
      'blocks.0.depthwise.0.weight',
      'blocks.0.expand.0.weight',
      'blocks.0.project.0.weight',
    ]);
  });

  it('an op it does not follow evaluates, refuses structured pruning by name, element masks still apply', async () => {
    const model = load('resnet-bn.onnx');
    model.graph!.node.find((n) => n.name === '/layer1/layer1.0/Relu')!.opType = 'Softsign';
    const g = analyzeOnnxChannels(model);
    expect(producer(g, '/layer1/layer1.0/conv1/Conv').reason).toMatch(
      /pass through '\/layer1\/layer1.0\/Relu' \(Softsign\), which the channel analysis does not follow/,
    );
    expect(() => onnxChannelMasks(g, { '/layer1/layer1.0/conv1/Conv': [0] })).toThrow(/Softsign/);
    expect((await logits(model)).every(Number.isFinite)).toBe(true);
  });

  it('Coupled members given different selections are refused', () => {
    const g = analyzeOnnxChannels(load('resnet.onnx'));
    expect(() => onnxChannelMasks(g, { '/conv1/Conv': [0] })).toThrow(/prune them together/);
  });
});

describe('ONNX thinning', () => {
  it('residual net (BN folded and kept): thinned file loads, agrees with the masked model, is smaller', async () => {
    for (const file of ['resnet.onnx', 'resnet-bn.onnx']) {
      const removed = {
        '/conv1/Conv': [1, 4],
        '/layer1/layer1.0/conv2/Conv': [1, 4],
        '/layer1/layer1.0/conv1/Conv': [0, 2, 3],
        '/layer2/layer2.0/conv1/Conv': [5, 6, 7, 8],
        '/layer2/layer2.0/conv2/Conv': [0, 15],
        '/layer2/layer2.0/shortcut/shortcut.0/Conv': [0, 15],
      };
      const r = await thinnedAgrees(file, removed);
      expect(r.diff, file).toBeLessThanOrEqual(1e-5);
      expect(r.size).toBeLessThan(r.dense * 0.8);
      const fc = r.thinned.graph!.initializer.find((t) => t.name === 'fc.weight')!;
      expect(fc.dims.map(Number)).toEqual([10, 14]);
    }
  });

  it('MobileNet-style net: depthwise group count follows the channels', async () => {
    const removed = {
      '/blocks/blocks.0/expand/expand.0/Conv': [0, 3, 9],
      '/blocks/blocks.1/expand/expand.0/Conv': [2],
      '/blocks/blocks.1/project/project.0/Conv': [4, 5],
    };
    for (const file of ['mobilenet.onnx', 'mobilenet-bn.onnx']) {
      const r = await thinnedAgrees(file, removed);
      expect(r.diff, file).toBeLessThanOrEqual(1e-5);
      const dw = r.thinned.graph!.node.find((n) => n.name === '/blocks/blocks.0/depthwise/depthwise.0/Conv')!;
      expect(Number(dw.attribute.find((a) => a.name === 'group')!.i)).toBe(13);
    }
  });

  it('MLP: Flatten → Gemm rows', async () => {
    const r = await thinnedAgrees('mlp.onnx', { '/fc1/Gemm': [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(r.diff).toBeLessThanOrEqual(1e-5);
    expect(r.thinned.graph!.initializer.find((t) => t.name === 'fc2.weight')!.dims.map(Number)).toEqual([10, 24]);
  });
});
