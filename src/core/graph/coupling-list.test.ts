import { beforeAll, describe, expect, it } from 'vitest';
import { prunableTensors } from '../engine/tfjs-layers/model-introspect';
import { useBackend } from '../test-backends';
import { analyzeChannels } from './channel-graph';
import { couplingRows, rowLayers } from './coupling-list';
import { mobileNetLike, smallMobileNetSpec } from './test-mobilenet';

describe('couplingRows', () => {
  beforeAll(() => useBackend('cpu'));

  it('lists Add-coupled producers and each expand conv with the depthwise conv and project conv it reaches', () => {
    const model = mobileNetLike(smallMobileNetSpec());
    const dw = new Set(
      prunableTensors(model)
        .filter((t) => t.role === 'depthwise')
        .map((t) => t.layerName),
    );
    const rows = couplingRows(analyzeChannels(model), dw);
    expect(rows.map((r) => r.producers)).toEqual([
      ['Conv1', 'expanded_conv_project'],
      ['expanded_conv_expand'],
      ['block_1_expand'],
      ['block_1_project', 'block_2_project'],
      ['block_2_expand'],
    ]);
    const b1 = rows[2];
    expect(b1).toMatchObject({
      depthwise: ['block_1_depthwise'],
      batchNorms: ['block_1_expand_BN', 'block_1_depthwise_BN'],
      readers: ['block_1_project'],
      prunable: true,
    });
    expect(rows[0].via).toEqual(['expanded_conv_add']);
    expect(rowLayers(b1)).toContain('block_1_depthwise');
    expect(b1.tensors).toEqual({
      producers: ['block_1_expand/kernel'],
      depthwise: ['block_1_depthwise/depthwise_kernel'],
      readers: ['block_1_project/kernel'],
    });
    expect(rows[0].tensors.producers).toEqual(['Conv1/kernel', 'expanded_conv_project/kernel']);
    model.dispose();
  });
});
