import { describe, expect, it } from 'vitest';
import { structuredMask } from '../../pruning/structures';
import { levelMask } from '../../pruning/element-masks';
import { checkModel } from './onnx-checks';
import { decodeModel, encodeModel } from './onnx-model';
import { fromTfjsLayout, modulePath, onnxPrunableTensors, toTfjsLayout } from './onnx-prunable';
import { OnnxWeightSession } from './onnx-session';
import { readFloat32 } from './onnx-tensor-data';
import { argmaxRows, fixtureBatch, fixtureBytes, maxAbsDiff, torchReference } from './test-fixtures';
import { weightsAsInputs } from './weights-as-inputs';

async function openSession(file: string) {
  const model = decodeModel(fixtureBytes(file), file);
  const input = checkModel(model, file);
  const tensors = onnxPrunableTensors(model);
  const inits = new Map(model.graph!.initializer.map((t) => [t.name, t]));
  const weights = tensors.map((t) => ({ name: t.name, dims: t.shape, values: readFloat32(inits.get(t.name)!) }));
  const session = await OnnxWeightSession.create(
    weightsAsInputs(
      model,
      tensors.map((t) => t.name),
    ),
    input,
    weights,
  );
  return { model, input, tensors, weights, session };
}

describe('ONNX evaluation with weights as inputs', () => {
  for (const [file, ref] of [
    ['resnet.onnx', 'resnet'],
    ['resnet-bn.onnx', 'resnet'],
    ['mobilenet.onnx', 'mobilenet'],
    ['mobilenet-bn.onnx', 'mobilenet'],
    ['mlp.onnx', 'mlp'],
  ]) {
    it(`${file}: PyTorch's logits within 1e-4, top-1 equal`, async () => {
      const { session } = await openSession(file);
      const out = await session.run(fixtureBatch(), 8);
      expect(out.dims).toEqual([8, 10]);
      expect(maxAbsDiff(out.data, torchReference.logits[ref])).toBeLessThan(1e-4);
      expect(argmaxRows(out.data, 10)).toEqual(argmaxRows(torchReference.logits[ref], 10));
      await session.release();
    });
  }

  it('one session takes new weights on every run and matches a session with constant weights', async () => {
    const { model, input, tensors, weights, session } = await openSession('resnet-bn.onnx');
    const target = tensors.find((t) => t.name === 'layer1.0.conv1.weight')!;
    const dense = weights.find((w) => w.name === target.name)!.values;
    const mask = levelMask(dense, 0.6, 'torch');
    const masked = dense.map((v, i) => v * mask[i]);
    const before = (await session.run(fixtureBatch(), 8)).data.slice();
    session.setWeights(target.name, masked);
    const after = (await session.run(fixtureBatch(), 8)).data.slice();
    expect(maxAbsDiff(before, after)).toBeGreaterThan(1e-3);
    // the same weights as constants in a plain session
    const copy = decodeModel(encodeModel(model));
    const init = copy.graph!.initializer.find((t) => t.name === target.name)!;
    init.rawData = new Uint8Array(masked.buffer.slice(0));
    const constant = await OnnxWeightSession.create(encodeModel(copy), input, []);
    expect(maxAbsDiff((await constant.run(fixtureBatch(), 8)).data, after)).toBeLessThan(1e-5);
    await Promise.all([session.release(), constant.release()]);
  });
});

describe('ONNX prunable tensors', () => {
  it('roles, canonical axes, initializer names with the module path as alias', () => {
    const folded = onnxPrunableTensors(decodeModel(fixtureBytes('resnet.onnx')));
    expect(folded.map((t) => t.alias ?? t.name)).toEqual([
      'conv1.weight',
      'layer1.0.conv1.weight',
      'layer1.0.conv2.weight',
      'layer2.0.conv1.weight',
      'layer2.0.conv2.weight',
      'layer2.0.shortcut.0.weight',
      'fc.weight',
    ]);
    expect(folded[0].name).toMatch(/^onnx::Conv_/);
    expect(folded[0].layerName).toBe('/conv1/Conv');
    expect(folded.at(-1)).toMatchObject({ role: 'dense', axes: { out: 0, in: 1 }, feedsOutput: true });
    const mobile = onnxPrunableTensors(decodeModel(fixtureBytes('mobilenet-bn.onnx')));
    const dw = mobile.find((t) => t.name === 'blocks.0.depthwise.0.weight')!;
    expect(dw).toMatchObject({ role: 'depthwise', shape: [16, 1, 3, 3], axes: { out: 0, in: 1, spatial: [2, 3] } });
    expect(dw.alias).toBeUndefined();
    expect(modulePath('/layer2/layer2.0/shortcut/shortcut.0/Conv')).toBe('layer2.0.shortcut.0');
  });

  it('masks equal torch.nn.utils.prune on the same state_dict, one to one', () => {
    for (const file of ['resnet-bn', 'mlp']) {
      const model = decodeModel(fixtureBytes(`${file}.onnx`));
      const tensors = onnxPrunableTensors(model);
      for (const [name, ref] of Object.entries(torchReference.masks[file])) {
        const t = tensors.find((x) => x.name === name)!;
        expect(t.shape).toEqual(ref.shape);
        const w = readFloat32(model.graph!.initializer.find((x) => x.name === name)!);
        let mask: Uint8Array;
        if (ref.kind === 'l1_unstructured') mask = levelMask(w, ref.amount, 'torch');
        else {
          const tf = toTfjsLayout(w, t.shape, t.axes);
          const tfShape = [...t.axes.spatial, t.axes.in, t.axes.out].map((a) => t.shape[a]);
          const r = structuredMask(tf, tfShape, 'filters', ref.amount, { convention: 'torch', normalize: 'raw' });
          mask = fromTfjsLayout(r.mask, t.shape, t.axes);
        }
        expect([...mask], `${file} ${name}`).toEqual(ref.mask);
      }
    }
  });
});
