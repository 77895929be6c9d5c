// Thinning a PyTorch export whose BatchNorm biases are shared through Identity nodes (the exporter
// emits one initializer and an Identity for equal parameters): the demo resnet8.onnx. Coupled filters
// leave every member of an Add group together and the thinned file computes what the masked model does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeOnnxChannels } from './onnx-channel-graph';
import { onnxChannelMasks } from './onnx-channel-masks';
import { decodeModel, encodeModel } from './onnx-model';
import { OnnxEngine } from './onnx-engine';
import { fixtureBatch, maskFilters, maxAbsDiff } from './test-fixtures';

const FILE = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../../public/models/resnet8/model.onnx',
);

describe('thinning with BatchNorm parameters shared through Identity', () => {
  it('resnet8.onnx: Add groups coupled, thinned == masked within 1e-5, smaller file that loads', async () => {
    const bytes = readFileSync(FILE);
    const model = decodeModel(new Uint8Array(bytes));
    expect(model.graph!.node.filter((n) => n.opType === 'Identity').length).toBeGreaterThan(0);
    const graph = analyzeOnnxChannels(model);
    const group = graph.groups.find((g) => g.members.includes('/block1/shortcut/shortcut.0/Conv'))!;
    expect(group.members).toContain('/block1/conv2/conv2.0/Conv');
    // one removal per group member (the group's filters), plus a plain producer
    const removed: Record<string, number[]> = { '/block1/conv1/conv1.0/Conv': [0, 5] };
    for (const m of group.members) removed[m] = [1, 2, 30];
    // members of an Add group that would lose different filters are refused, naming the group
    const [leader, other] = group.members;
    expect(() => onnxChannelMasks(graph, { [leader]: [1], [other]: [2] })).toThrow(/Add|coupled|group/i);
    const engine = await OnnxEngine.open([{ name: 'resnet8.onnx', bytes: bytes.slice().buffer }]);
    await maskFilters(engine, removed);
    const masked = await engine.forward(fixtureBatch(), 8);
    const thinned = await engine.thin(removed);
    const out = await thinned.forward(fixtureBatch(), 8);
    expect(maxAbsDiff(out, masked)).toBeLessThanOrEqual(1e-5);
    const file = encodeModel(thinned.model);
    expect(file.byteLength).toBeLessThan(bytes.byteLength);
    const reopened = await OnnxEngine.open([{ name: 'thin.onnx', bytes: file.slice().buffer }]);
    expect(maxAbsDiff(await reopened.forward(fixtureBatch(), 8), masked)).toBeLessThanOrEqual(1e-5);
    await Promise.all([engine.dispose(), thinned.dispose(), reopened.dispose()]);
  });
});
