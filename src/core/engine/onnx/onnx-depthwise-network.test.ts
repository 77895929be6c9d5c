// Depthwise-separable networks exported by PyTorch (scripts/make_depthwise_onnx_fixtures.py): a depth
// multiplier > 1 removes its group of outputs with each input channel, a grouped conv is refused with
// the reason, and the MobileNetV2-style net of the TF.js tests prunes and thins as it does there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallMobileNetMacs } from '../../graph/test-mobilenet';
import { LabService } from '../../lab/lab-service';
import { EMPTY_PLAN } from '../../plan/plan';
import { withMethodForAll } from '../../plan/prune-all';
import { useBackend } from '../../test-backends';
import { analyzeOnnxChannels } from './onnx-channel-graph';
import { onnxChannelMasks } from './onnx-channel-masks';
import { checkModel } from './onnx-checks';
import { attrInt, decodeModel, encodeModel, type ModelProto } from './onnx-model';
import { onnxPrunableTensors } from './onnx-prunable';
import { OnnxWeightSession } from './onnx-session';
import { readFloat32, tensorDims } from './onnx-tensor-data';
import { thinOnnxModel } from './onnx-thin';
import { fixtureBytes, maxAbsDiff } from './test-fixtures';
import { weightsAsInputs } from './weights-as-inputs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const reference = JSON.parse(readFileSync(path.join(HERE, 'fixtures', 'depthwise-reference.json'), 'utf8')) as {
  batch: number[];
  input: number[];
  logits: Record<string, number[]>;
};
const input = Float32Array.from(reference.input);
const load = (name: string) => decodeModel(fixtureBytes(`${name}.onnx`), `${name}.onnx`);

async function logits(model: ModelProto, masks = new Map<string, Uint8Array>()): Promise<Float32Array> {
  const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
  const weights = onnxPrunableTensors(model).map((t) => {
    const values = readFloat32(inits.get(t.name)!);
    const mask = masks.get(t.name);
    return { name: t.name, dims: t.shape, values: mask ? values.map((v, i) => v * mask[i]) : values };
  });
  const bytes = masks.size ? weightsAsInputs(model, [...weights.map((w) => w.name)]) : encodeModel(model);
  const session = await OnnxWeightSession.create(bytes, checkModel(model), masks.size ? weights : []);
  const out = (await session.run(input, reference.batch[0])).data.slice();
  await session.release();
  return out;
}

function initializer(model: ModelProto, name: string): { values: number[]; dims: number[] } {
  const t = model.graph!.initializer.find((x) => x.name === name)!;
  return { values: [...readFloat32(t)], dims: tensorDims(t) };
}

/** The values of `name` in `model` without the entries of `drop` on axis 0 (or axis 1: `axis1`). */
function without(model: ModelProto, name: string, drop: number[], axis1 = false): number[] {
  const { values, dims } = initializer(model, name);
  const inner = dims.slice(axis1 ? 2 : 1).reduce((a, b) => a * b, 1);
  const n = dims[axis1 ? 1 : 0];
  return values.filter((_, i) => !drop.includes(Math.floor(i / inner) % n));
}

const BN = ['weight', 'bias', 'running_mean', 'running_var'];

describe('ONNX depthwise-separable networks from PyTorch', () => {
  beforeAll(() => useBackend('cpu'));

  it('each fixture computes what PyTorch computed', async () => {
    for (const name of ['mobilenetv2-small', 'depth-multiplier', 'grouped-conv'])
      expect(maxAbsDiff(await logits(load(name)), reference.logits[name])).toBeLessThan(1e-4);
  });

  it('depth multiplier 2: a removed filter takes its two depthwise outputs, their BN entries and project inputs', async () => {
    const model = load('depth-multiplier');
    const graph = analyzeOnnxChannels(model);
    const stem = graph.producers.find((p) => p.layerName === '/stem/stem.0/Conv')!;
    expect(stem.prunable, stem.reason).toBe(true);
    expect(stem.consumers.map((c) => [c.kernelName, c.width])).toEqual([['project.0.weight', 2]]);
    const dw = stem.slices.find((s) => s.tensorName === 'depthwise.0.weight')!;
    expect([dw.kind, dw.offset, dw.width]).toEqual(['depthwise', 0, 2]);
    const removed = { '/stem/stem.0/Conv': [1, 5] };
    const outputs = [2, 3, 10, 11];
    const thinned = thinOnnxModel(model, graph, removed);
    expect(initializer(thinned, 'depthwise.0.weight').dims).toEqual([12, 1, 3, 3]);
    expect(
      attrInt(
        thinned.graph!.node.find((n) => n.name === '/depthwise/depthwise.0/Conv')!,
        'group',
        0,
      ),
    ).toBe(6);
    expect(initializer(thinned, 'depthwise.0.weight').values).toEqual(without(model, 'depthwise.0.weight', outputs));
    for (const w of BN) {
      expect(initializer(thinned, `stem.1.${w}`).values).toEqual(without(model, `stem.1.${w}`, [1, 5]));
      expect(initializer(thinned, `depthwise.1.${w}`).values).toEqual(without(model, `depthwise.1.${w}`, outputs));
    }
    expect(initializer(thinned, 'project.0.weight').dims).toEqual([12, 12, 1, 1]);
    expect(initializer(thinned, 'project.0.weight').values).toEqual(without(model, 'project.0.weight', outputs, true));
    const masked = await logits(model, onnxChannelMasks(graph, removed));
    expect(maxAbsDiff(masked, await logits(thinned))).toBeLessThanOrEqual(1e-5);
  });

  it('a grouped convolution (group 2 of 8 channels) is refused with the reason, and so is the layer feeding it', () => {
    const graph = analyzeOnnxChannels(load('grouped-conv'));
    const grouped = graph.producers.find((p) => p.layerName === '/depthwise/depthwise.0/Conv')!;
    expect(grouped.prunable).toBe(false);
    expect(grouped.reason).toMatch(
      /'\/depthwise\/depthwise.0\/Conv' \(Conv\) is a grouped convolution \(group 2\) whose channels leave only in whole groups/,
    );
    const stem = graph.producers.find((p) => p.layerName === '/stem/stem.0/Conv')!;
    expect(stem.prunable).toBe(false);
    expect(stem.reason).toMatch(/grouped convolution \(group 2\)/);
  });

  it('MobileNetV2-style: removing expand filters removes exactly those depthwise channels, BN entries and project inputs', async () => {
    const model = load('mobilenetv2-small');
    const graph = analyzeOnnxChannels(model);
    const drop = [0, 5, 6, 23];
    const removed = { '/blocks/blocks.1/expand/expand.0/Conv': drop };
    const thinned = thinOnnxModel(model, graph, removed);
    const b = 'blocks.1';
    expect(initializer(thinned, `${b}.expand.0.weight`).values).toEqual(without(model, `${b}.expand.0.weight`, drop));
    expect(initializer(thinned, `${b}.depthwise.0.weight`).dims).toEqual([20, 1, 3, 3]);
    expect(initializer(thinned, `${b}.depthwise.0.weight`).values).toEqual(
      without(model, `${b}.depthwise.0.weight`, drop),
    );
    for (const part of ['expand.1', 'depthwise.1'])
      for (const w of BN)
        expect(initializer(thinned, `${b}.${part}.${w}`).values).toEqual(without(model, `${b}.${part}.${w}`, drop));
    expect(initializer(thinned, `${b}.project.0.weight`).dims).toEqual([12, 20, 1, 1]);
    expect(initializer(thinned, `${b}.project.0.weight`).values).toEqual(
      without(model, `${b}.project.0.weight`, drop, true),
    );
    const masked = await logits(model, onnxChannelMasks(graph, removed));
    expect(maxAbsDiff(masked, await logits(thinned))).toBeLessThanOrEqual(1e-5);
  });

  it('MobileNetV2-style: filters at 30% prune every expand conv; thinned = masked; MACs fall as counted by hand', async () => {
    const lab = new LabService();
    const bytes = fixtureBytes('mobilenetv2-small.onnx');
    const info = await lab.loadModel([{ name: 'mobilenetv2-small.onnx', bytes: bytes.slice().buffer }], {
      source: 'files',
    });
    const filters = { kind: 'structured', group: 'filters', sparsity: 0.3, norm: 'l1' } as const;
    expect((await lab.applyPlan(withMethodForAll(EMPTY_PLAN, info.tensors, filters))).status).toBe('done');
    const thin = await lab.thin({ latencyRuns: 1, latencyWarmup: 0 });
    if (thin.status !== 'done') throw new Error(JSON.stringify(thin));
    const report = thin.result!;
    const kept = (layer: string, n: number) => {
      expect(report.removed[layer]).toBe(Math.floor(0.3 * n));
      return n - Math.floor(0.3 * n);
    };
    const expand = (i: number, n: number) => kept(`/blocks/blocks.${i}/expand/expand.0/Conv`, n);
    const [e0, e1, e2] = [expand(0, 24), expand(1, 24), expand(2, 36)];
    const c1 = kept('/stem/stem.0/Conv', 8);
    const p12 = kept('/blocks/blocks.1/project/project.0/Conv', 12);
    const h = kept('/head/head.0/Conv', 24);
    expect(report.removed['/blocks/blocks.0/project/project.0/Conv']).toBe(8 - c1);
    expect(report.removed['/blocks/blocks.2/project/project.0/Conv']).toBe(12 - p12);
    expect(report.maxDiff).toBeLessThanOrEqual(1e-5);
    expect(report.macsBefore).toBe(smallMobileNetMacs(8, 24, 24, 12, 36, 24));
    expect(report.macsAfter).toBe(smallMobileNetMacs(c1, e0, e1, p12, e2, h));
    lab.dispose();
  });
});
