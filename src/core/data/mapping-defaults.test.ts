import { describe, expect, it } from 'vitest';
import { mappingDefaults, modelGeometry } from './mapping-defaults';

describe('mapping form defaults from the model engine', () => {
  it('takes NCHW and the size of a PyTorch-style input: resize 96×128 photos to 32, crop to 32×32', () => {
    const m = mappingDefaults([3, 32, 32], { rows: 96, cols: 128, channels: 3 });
    expect(m).toEqual({
      resize: 32,
      crop: 32,
      layout: 'nchw',
      channels: null,
      scaling: { kind: 'unit' },
      labelMap: null,
    });
  });

  it('takes NHWC and the channel count of a TF.js input: gray 28×28 data for an RGB 28×28 model', () => {
    const m = mappingDefaults([28, 28, 3], { rows: 28, cols: 28, channels: 1 });
    expect([m.layout, m.resize, m.crop, m.channels]).toEqual(['nhwc', null, null, 3]);
  });

  it('resizes square data to a square model without a crop, and keeps float data unscaled', () => {
    const m = mappingDefaults([224, 224, 3], { rows: 32, cols: 32, channels: 3, float: true });
    expect([m.layout, m.resize, m.crop, m.scaling]).toEqual(['nhwc', 224, null, { kind: 'none' }]);
  });

  it('a flat input takes the data as it is when the sizes match, and a free size leaves the size alone', () => {
    expect(mappingDefaults([784], { rows: 28, cols: 28 })).toMatchObject({ layout: 'flat', resize: null });
    expect(modelGeometry([784], { rows: 28, cols: 28 })).toEqual({ height: 28, width: 28, channels: 1 });
    expect(mappingDefaults([null, null, 3], { rows: 50, cols: 40, channels: 3 })).toMatchObject({
      layout: 'nhwc',
      resize: null,
      crop: null,
    });
  });
});
