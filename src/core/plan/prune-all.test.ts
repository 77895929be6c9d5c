import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannels } from '../graph/channel-graph';
import { demoModelExists, loadDemoModel } from '../graph/test-models';
import { describeLayers, prunableTensors } from '../model-introspect';
import { expectNoLeak, useBackend } from '../test-backends';
import type { PrunableTensor } from '../types';
import { methodFor } from './method-info';
import { EMPTY_PLAN, withLimits, withMethod, type PrunePlan, type TensorMethod } from './plan';
import { computePlanMasks, createMaskCache } from './plan-masks';
import { outputTensors, pruneAllScope, withMethodForAll } from './prune-all';

const tensor = (name: string, shape: number[]): PrunableTensor => ({
  name: `${name}/kernel`,
  layerName: name,
  layerClass: shape.length === 4 ? 'Conv2D' : 'Dense',
  kind: shape.length === 4 ? 'conv2d' : 'dense',
  shape,
  size: shape.reduce((a, b) => a * b, 1),
});

// LeNet-5 as ModelSummary describes it: conv1 → pool → conv2 → pool → flatten → fc1 → fc2
const LENET5 = [tensor('conv1', [5, 5, 1, 6]), tensor('conv2', [5, 5, 6, 16]), tensor('fc1', [256, 84])];
LENET5.push(tensor('fc2', [84, 10]));
const chain = (names: string[]) => names.map((name, i) => ({ name, inbound: i ? [names[i - 1]] : ['input'] }));
const LENET5_LAYERS = chain(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'fc1', 'fc2']);

const filters = (sparsity: number): TensorMethod => ({ kind: 'structured', group: 'filters', sparsity, norm: 'l1' });

describe('Prune all', () => {
  it('a method for one rank changes only those tensors, keeps the limits, the others and the skip list dense', () => {
    const start: PrunePlan = withLimits(withMethod(EMPTY_PLAN, 'fc1/kernel', { kind: 'level', sparsity: 0.3 }), {
      maxSparsity: 0.6,
    });
    const kernels = methodFor('kernels', 0.5);
    const plan = withMethodForAll(start, LENET5, kernels, { skip: ['conv1/kernel'] });
    expect(plan).toEqual({
      version: 1,
      tensors: { 'fc1/kernel': { kind: 'level', sparsity: 0.3 }, 'conv2/kernel': kernels },
      limits: { maxSparsity: 0.6 },
    });
    const rows = methodFor('rows', 0.4);
    const withRows = withMethodForAll(plan, LENET5, rows, { skip: ['fc2/kernel'] });
    expect(withRows.tensors).toEqual({ 'fc1/kernel': rows, 'conv2/kernel': kernels });
    expect(withRows.limits).toEqual({ maxSparsity: 0.6 });
    // a skipped tensor that had a method goes dense, as the skip list says
    const skipped = withMethodForAll(withRows, LENET5, { kind: 'level', sparsity: 0.5 }, { skip: ['fc1/kernel'] });
    expect(Object.keys(skipped.tensors).sort()).toEqual(['conv1/kernel', 'conv2/kernel', 'fc2/kernel']);
  });

  it("the output layer is found from the layers' inbound lists, behind parameter-free layers", () => {
    expect(outputTensors(LENET5, LENET5_LAYERS)).toEqual(new Set(['fc2/kernel']));
    const withSoftmax = [...LENET5_LAYERS, { name: 'softmax', inbound: ['fc2'] }];
    expect(outputTensors(LENET5, withSoftmax)).toEqual(new Set(['fc2/kernel']));
    // a residual output: both branches of the Add produce the output
    const residual = [
      { name: 'a', inbound: ['input'] },
      { name: 'b', inbound: ['a'] },
      { name: 'add', inbound: ['a', 'b'] },
    ];
    expect(outputTensors([tensor('a', [4, 4]), tensor('b', [4, 4])], residual)).toEqual(
      new Set(['a/kernel', 'b/kernel']),
    );
    expect(outputTensors(LENET5, [])).toEqual(new Set());
  });

  it('structured methods that remove output units leave the output layer out; other methods do not', () => {
    const outputs = outputTensors(LENET5, LENET5_LAYERS);
    const scope = pruneAllScope(LENET5, filters(0.5), { outputs, skip: ['conv1/kernel'] });
    expect(scope.applies).toEqual(['conv2/kernel', 'fc1/kernel']);
    expect(scope.leftOut).toEqual([
      { name: 'conv1/kernel', why: 'skip' },
      { name: 'fc2/kernel', why: 'output' },
    ]);
    expect(pruneAllScope(LENET5, methodFor('cols', 0.5), { outputs }).applies).toEqual(['fc1/kernel']);
    expect(pruneAllScope(LENET5, methodFor('channels', 0.5), { outputs }).leftOut).toEqual([]);
    expect(pruneAllScope(LENET5, { kind: 'level', sparsity: 0.5 }, { outputs }).leftOut).toEqual([]);
  });

  it('a global method set on one tensor sets every global tensor to its target, keeping the limits', () => {
    let plan = withLimits(EMPTY_PLAN, { minSparsity: 0.1 });
    plan = withMethod(plan, 'a', { kind: 'global', sparsity: 0.5 });
    plan = withMethod(plan, 'b', { kind: 'global', sparsity: 0.7, convention: 'torch' });
    expect(plan.tensors.a).toEqual({ kind: 'global', sparsity: 0.7, convention: 'torch' });
    expect(plan.limits).toEqual({ minSparsity: 0.1 });
  });
});

describe.skipIf(!demoModelExists('lenet5'))('Prune all on the LeNet-5 demo', () => {
  beforeAll(() => useBackend('cpu'));

  it('filters at 50% prune the conv and hidden dense layers and leave the classifier whole', async () => {
    const model = await loadDemoModel('lenet5');
    const tensors = prunableTensors(model);
    const outputs = outputTensors(tensors, describeLayers(model));
    expect([...outputs]).toEqual([tensors.at(-1)!.name]);
    const dense = new Map(tensors.map((t) => [t.name, model.getLayer(t.layerName).getWeights()[0].dataSync()]));
    const plan = withMethodForAll(EMPTY_PLAN, tensors, filters(0.5), { outputs });
    const result = await expectNoLeak(() =>
      computePlanMasks(plan, {
        tensors,
        dense: (n) => dense.get(n) as Float32Array,
        graph: analyzeChannels(model),
        cache: createMaskCache(),
      }),
    );
    const classifier = tensors.at(-1)!.layerName;
    // every class keeps its unit; only the inputs from fc1's removed units are masked
    const [inputs, classes] = tensors.at(-1)!.shape;
    const mask = result.masks.get(tensors.at(-1)!.name)!;
    const keptPerClass = Array.from({ length: classes }, (_, j) => {
      let kept = 0;
      for (let i = 0; i < inputs; i++) kept += mask[i * classes + j];
      return kept;
    });
    expect(keptPerClass).toEqual(Array(classes).fill(inputs - Math.floor(inputs / 2)));
    expect(result.removedFilters[classifier]).toBeUndefined();
    for (const t of tensors.slice(0, -1)) {
      expect(result.removedFilters[t.layerName]?.length, t.name).toBe(Math.floor(0.5 * (t.shape.at(-1) as number)));
    }
    model.dispose();
  });
});
