import { describe, expect, it } from 'vitest';
import { buildOutline, MAX_LOOSE_RUN } from './outline';
import { modulePath } from './name-path';
import type { LayerLink } from './graph-blocks';
import { mobilenetTensors, tensor } from './test-tensors';

const shape = [3, 3, 8, 8];
const summary = (names: string[], layers: LayerLink[] = []) =>
  buildOutline(
    names.map((n) => tensor(n, shape)),
    layers,
  ).groups.map((g) => [g.label, g.members.length, g.source]);

describe('modulePath', () => {
  it('reads dotted, slashed and Keras block names', () => {
    expect(modulePath('layer2.0.conv1.weight')).toEqual(['layer2', '0', 'conv1']);
    expect(modulePath('/layer1/layer1.0/conv1/Conv')).toEqual(['layer1', 'layer1.0', 'conv1']);
    expect(modulePath('block_3_expand/kernel')).toEqual(['block_3', 'expand']);
    expect(modulePath('conv2_block1_1_conv/kernel')).toEqual(['conv2', 'block1', '1_conv']);
    expect(modulePath('block2a_expand_conv/kernel')).toEqual(['block2a', 'expand_conv']);
    expect(modulePath('expanded_conv_depthwise/depthwise_kernel')).toEqual(['expanded_conv', 'depthwise']);
    expect(modulePath('conv_dw_3/depthwise_kernel')).toEqual(['block_3', 'dw']);
    expect(modulePath('conv2d_5/kernel')).toEqual(['conv2d_5']);
    expect(modulePath('fc')).toEqual(['fc']);
  });
});

describe('buildOutline', () => {
  it('groups Keras MobileNetV2 by block, in network order, leaving the stem and head single', () => {
    const tensors = mobilenetTensors(16);
    const o = buildOutline(tensors);
    expect(o.groups.map((g) => g.label)).toEqual([
      'Conv1/kernel',
      'expanded_conv',
      ...Array.from({ length: 16 }, (_, i) => `block_${i + 1}`),
      'Conv_1/kernel',
      'Logits/kernel',
    ]);
    expect(o.groups[2].members).toEqual([
      'block_1_expand/kernel',
      'block_1_depthwise/depthwise_kernel',
      'block_1_project/kernel',
    ]);
    expect(o.groups.flatMap((g) => g.members)).toEqual(tensors.map((t) => t.name));
    expect(o.groupOf.get('block_7_project/kernel')).toBe('block_7');
    expect(o.order.get('Logits/kernel')).toBe(tensors.length - 1);
  });

  it('groups a PyTorch ResNet by its bottleneck blocks, not its stages or the downsample branch', () => {
    const names = ['conv1.weight'];
    for (const [stage, blocks] of [
      [1, 3],
      [2, 4],
    ])
      for (let b = 0; b < blocks; b++) {
        names.push(
          `layer${stage}.${b}.conv1.weight`,
          `layer${stage}.${b}.conv2.weight`,
          `layer${stage}.${b}.conv3.weight`,
        );
        if (b === 0) names.push(`layer${stage}.${b}.downsample.0.weight`);
      }
    names.push('fc.weight');
    expect(summary(names)).toEqual([
      ['conv1.weight', 1, 'single'],
      ['0', 4, 'name'],
      ['1', 3, 'name'],
      ['2', 3, 'name'],
      ['0', 4, 'name'],
      ['1', 3, 'name'],
      ['2', 3, 'name'],
      ['3', 3, 'name'],
      ['fc.weight', 1, 'single'],
    ]);
    const ids = buildOutline(names.map((n) => tensor(n, shape))).groups.map((g) => g.id);
    expect(ids[1]).toBe('layer1/0');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('groups ONNX node paths by their block', () => {
    const block = (b: number) => [1, 2, 3].map((c) => `/layer1/layer1.${b}/conv${c}/Conv`);
    expect(summary(['/conv1/Conv', ...block(0), ...block(1), '/fc/Gemm'])).toEqual([
      ['/conv1/Conv', 1, 'single'],
      ['layer1.0', 3, 'name'],
      ['layer1.1', 3, 'name'],
      ['/fc/Gemm', 1, 'single'],
    ]);
  });

  it('finds residual blocks in the graph when the names are flat', () => {
    const names = [
      'conv2d/kernel',
      'conv2d_1/kernel',
      'conv2d_2/kernel',
      'conv2d_3/kernel',
      'conv2d_4/kernel',
      'dense/kernel',
    ];
    const layers = [
      { name: 'input', inbound: [] },
      { name: 'conv2d', inbound: ['input'] },
      { name: 'relu', inbound: ['conv2d'] },
      { name: 'conv2d_1', inbound: ['relu'] },
      { name: 'bn', inbound: ['conv2d_1'] },
      { name: 'conv2d_2', inbound: ['bn'] },
      { name: 'add', inbound: ['relu', 'conv2d_2'] },
      { name: 'conv2d_3', inbound: ['add'] },
      { name: 'conv2d_4', inbound: ['add'] },
      { name: 'add_1', inbound: ['conv2d_3', 'conv2d_4'] },
      { name: 'dense', inbound: ['add_1'] },
    ];
    expect(summary(names, layers)).toEqual([
      ['conv2d/kernel', 1, 'single'],
      ['block → add', 2, 'graph'],
      ['block → add_1', 2, 'graph'],
      ['dense/kernel', 1, 'single'],
    ]);
  });

  it('cuts a long run of loose tensors into spans, and leaves a short one alone', () => {
    const many = Array.from({ length: 20 }, (_, i) => `conv2d_${i}/kernel`);
    expect(summary(many)).toEqual([
      ['tensors 1–8', 8, 'span'],
      ['tensors 9–16', 8, 'span'],
      ['tensors 17–20', 4, 'span'],
    ]);
    const few = many.slice(0, MAX_LOOSE_RUN);
    expect(summary(few).every(([, n, source]) => n === 1 && source === 'single')).toBe(true);
  });
});
