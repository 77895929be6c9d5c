import { describe, expect, it } from 'vitest';
import { convMacs, denseMacs, effectiveMacs, levelMask, maskFromStructures, thinnedConvMacs } from './index';

describe('MACs', () => {
  const conv1 = { kh: 5, kw: 5, cin: 1, cout: 6, outH: 24, outW: 24 };
  it('conv = OFM volume * (C_in / groups) * kh * kw; dense = numel', () => {
    expect(convMacs(conv1)).toBe(24 * 24 * 6 * 25);
    expect(convMacs({ kh: 3, kw: 3, cin: 8, cout: 8, outH: 4, outW: 4, groups: 4 })).toBe(16 * 8 * 2 * 9);
    expect(denseMacs(400, 120)).toBe(48000);
    expect(() => convMacs({ ...conv1, cin: 3, groups: 2 })).toThrow(/divisible/);
  });
  it('effective MACs of a filter mask equal the thinned layer', () => {
    const mask = maskFromStructures([5, 5, 1, 6], 'filters', [0, 1, 2]);
    expect(effectiveMacs(mask, 24 * 24)).toBe(thinnedConvMacs(conv1, 3, 0));
    const chMask = maskFromStructures([3, 3, 4, 2], 'channels', [1]);
    expect(effectiveMacs(chMask, 10 * 10)).toBe(
      thinnedConvMacs({ kh: 3, kw: 3, cin: 4, cout: 2, outH: 10, outW: 10 }, 0, 1),
    );
  });
  it('element sparsity scales dense MACs by density', () => {
    const w = new Float32Array(400 * 120).map((_, i) => (i % 97) - 48.5);
    expect(effectiveMacs(levelMask(w, 0.75, 'torch'))).toBe(12000);
  });
});
