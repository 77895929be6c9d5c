// Prunable tensors for the outline's tests, described by name and TF.js shape alone.
import type { PrunableTensor, TensorRole } from '../types';

export function tensor(name: string, shape: number[], role?: TensorRole, layerName?: string): PrunableTensor {
  const conv = shape.length === 4;
  return {
    name,
    layerName: layerName ?? name.split('/')[0],
    layerClass: role === 'depthwise' ? 'DepthwiseConv2D' : conv ? 'Conv2D' : 'Dense',
    kind: conv ? 'conv2d' : 'dense',
    shape,
    size: shape.reduce((a, b) => a * b, 1),
    role: role ?? (conv ? 'conv' : 'dense'),
    axes: conv ? { out: 3, in: 2, spatial: [0, 1] } : { out: 1, in: 0, spatial: [] },
    feedsOutput: false,
  };
}

/** Keras MobileNetV2 names: Conv1, expanded_conv, block_1..block_n, Conv_1, Logits. */
export function mobilenetTensors(blocks: number): PrunableTensor[] {
  const t = [
    tensor('Conv1/kernel', [3, 3, 3, 32]),
    tensor('expanded_conv_depthwise/depthwise_kernel', [3, 3, 32, 1], 'depthwise'),
    tensor('expanded_conv_project/kernel', [1, 1, 32, 16]),
  ];
  for (let b = 1; b <= blocks; b++)
    t.push(
      tensor(`block_${b}_expand/kernel`, [1, 1, 16, 96]),
      tensor(`block_${b}_depthwise/depthwise_kernel`, [3, 3, 96, 1], 'depthwise'),
      tensor(`block_${b}_project/kernel`, [1, 1, 96, 16]),
    );
  t.push(tensor('Conv_1/kernel', [1, 1, 16, 1280]), tensor('Logits/kernel', [1280, 1000]));
  return t;
}
