import { describe, expect, it } from 'vitest';
import { groupCheck, withNames } from './selection';
import { groupDensity, sparsityByName } from './group-density';
import { tensorsOfKind } from './tensor-kinds';
import { searchTensors } from './tensor-search';
import { mobilenetTensors, tensor } from './test-tensors';

const model = mobilenetTensors(2);

describe('searchTensors', () => {
  it('matches names, ops and shapes; every word must match', () => {
    expect(searchTensors(model, 'block_2')).toEqual([
      'block_2_expand/kernel',
      'block_2_depthwise/depthwise_kernel',
      'block_2_project/kernel',
    ]);
    expect(searchTensors(model, 'depthwise')).toEqual([
      'expanded_conv_depthwise/depthwise_kernel',
      'block_1_depthwise/depthwise_kernel',
      'block_2_depthwise/depthwise_kernel',
    ]);
    expect(searchTensors(model, '1×1 block_1')).toEqual(['block_1_expand/kernel', 'block_1_project/kernel']);
    expect(searchTensors(model, 'shape:3x3x3')).toEqual(['Conv1/kernel']);
    expect(searchTensors(model, '[1280, 1000]')).toEqual(['Logits/kernel']);
    expect(searchTensors(model, 'op:dense')).toEqual(['Logits/kernel']);
    expect(searchTensors(model, 'name:conv')).toEqual([
      'Conv1/kernel',
      'expanded_conv_depthwise/depthwise_kernel',
      'expanded_conv_project/kernel',
      'Conv_1/kernel',
    ]);
    expect(searchTensors(model, '  ')).toHaveLength(model.length);
    expect(searchTensors(model, 'nothing-like-this')).toEqual([]);
  });
});

describe('tensorsOfKind', () => {
  it('selects depthwise, 1×1, k×k conv, dense, first and last', () => {
    expect(tensorsOfKind(model, 'depthwise')).toHaveLength(3);
    expect(tensorsOfKind(model, 'pointwise')).toEqual([
      'expanded_conv_project/kernel',
      'block_1_expand/kernel',
      'block_1_project/kernel',
      'block_2_expand/kernel',
      'block_2_project/kernel',
      'Conv_1/kernel',
    ]);
    expect(tensorsOfKind(model, 'conv')).toEqual(['Conv1/kernel']);
    expect(tensorsOfKind(model, 'dense')).toEqual(['Logits/kernel']);
    expect(tensorsOfKind(model, 'first')).toEqual(['Conv1/kernel']);
    expect(tensorsOfKind(model, 'last')).toEqual(['Logits/kernel']);
    expect(tensorsOfKind([], 'first')).toEqual([]);
  });

  it('reads a 1×1 kernel on canonical [out, in, kh, kw] axes', () => {
    const onnx = { ...tensor('pw.weight', [16, 8, 1, 1]), axes: { out: 0, in: 1, spatial: [2, 3] } };
    expect(tensorsOfKind([onnx], 'pointwise')).toEqual(['pw.weight']);
  });
});

describe('groupDensity', () => {
  it('weights each member by its size; a tensor not in the report is dense', () => {
    const a = tensor('a', [10, 10]);
    const b = tensor('b', [30, 10]);
    const report = {
      perTensor: [{ name: 'a', numel: 100, nnz: 20, sparsity: 0.8 }],
      total: { numel: 100, nnz: 20, sparsity: 0.8 },
    };
    const sizes = new Map([a, b].map((t) => [t.name, t]));
    expect(groupDensity(['a', 'b'], sizes, sparsityByName(report))).toEqual({ numel: 400, nnz: 320, density: 0.8 });
    expect(groupDensity([], sizes, sparsityByName(null)).density).toBe(1);
  });
});

describe('selection', () => {
  it('adds and removes many names, in network order', () => {
    const order = new Map(['a', 'b', 'c', 'd'].map((n, i) => [n, i]));
    expect(withNames(['c'], ['d', 'a'], true, order)).toEqual(['a', 'c', 'd']);
    expect(withNames(['a', 'c', 'd'], ['c', 'x'], false, order)).toEqual(['a', 'd']);
  });

  it('tells whether a block is all, some or none selected', () => {
    const sel = new Set(['a', 'b']);
    expect(groupCheck(['a', 'b'], sel)).toBe('all');
    expect(groupCheck(['a', 'c'], sel)).toBe('some');
    expect(groupCheck(['c'], sel)).toBe('none');
  });
});
