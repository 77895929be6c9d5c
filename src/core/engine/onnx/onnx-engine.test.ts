import { describe, expect, it } from 'vitest';
import { levelMask } from '../../pruning/element-masks';
import { decodeModel } from './onnx-model';
import type { NamedBytes } from '../../types';
import { OnnxEngine } from './onnx-engine';
import { readFloat32 } from './onnx-tensor-data';
import { argmaxRows, fixtureBatch, fixtureBytes, maskFilters, maxAbsDiff, torchReference } from './test-fixtures';

const file = (name: string): NamedBytes => ({ name, bytes: fixtureBytes(name).slice().buffer });

describe('OnnxEngine', () => {
  it('opens an .onnx with its external .data and evaluates as PyTorch does', async () => {
    const engine = await OnnxEngine.open([file('mlp-external.onnx'), file('mlp-external.data')]);
    expect(engine.inputShape).toEqual([1, 28, 28]);
    expect(engine.classes).toBe(10);
    expect(engine.params).toBe(784 * 32 + 32 + 32 * 10 + 10);
    const out = await engine.forward(fixtureBatch(), 8, 3); // three passes
    expect(maxAbsDiff(out, torchReference.logits.mlp)).toBeLessThan(1e-4);
    await engine.dispose();
    await expect(OnnxEngine.open([file('mlp-external.onnx')])).rejects.toThrow(/'mlp-external.data'/);
  });

  it('element-pruned export keeps the graph with zeros; dense weights stay in the model', async () => {
    const engine = await OnnxEngine.open([file('resnet-bn.onnx')]);
    const name = 'layer1.0.conv1.weight';
    const dense = await engine.readWeights(name);
    const mask = levelMask(dense, 0.5, 'torch');
    engine.writeWeights(
      name,
      dense.map((v, i) => v * mask[i]),
    );
    const masked = await engine.forward(fixtureBatch(), 8);
    expect(maxAbsDiff(masked, torchReference.logits.resnet)).toBeGreaterThan(1e-4);
    const exported = decodeModel(new Uint8Array(engine.exportFiles()[0].bytes));
    expect(exported.graph!.node.length).toBe(engine.model.graph!.node.length);
    const w = readFloat32(exported.graph!.initializer.find((t) => t.name === name)!);
    expect(w.filter((v) => v === 0).length).toBe(dense.length - mask.reduce((a, b) => a + b, 0));
    expect(readFloat32(engine.model.graph!.initializer.find((t) => t.name === name)!)).toEqual(dense);
    await engine.dispose();
  });

  it('thins with the current weights into an engine that agrees with the masked one', async () => {
    const engine = await OnnxEngine.open([file('resnet.onnx')]);
    const removed = { '/conv1/Conv': [2, 3], '/layer1/layer1.0/conv2/Conv': [2, 3] };
    await maskFilters(engine, removed);
    const masked = await engine.forward(fixtureBatch(), 8);
    const thinned = await engine.thin(removed);
    expect(thinned.tensors[0].shape).toEqual([6, 1, 3, 3]);
    const out = await thinned.forward(fixtureBatch(), 8);
    expect(maxAbsDiff(out, masked)).toBeLessThanOrEqual(1e-5);
    expect(argmaxRows(out, 10)).toEqual(argmaxRows(masked, 10));
    await Promise.all([engine.dispose(), thinned.dispose()]);
  });
});
