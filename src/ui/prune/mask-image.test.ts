import { describe, expect, it } from 'vitest';
import { GAP_RGB, KEPT_HIGH_RGB, KEPT_LOW_RGB, PRUNED_RGB, keptRgb, maskImage } from './mask-image';

const pixel = (img: { width: number; rgba: Uint8ClampedArray }, x: number, y: number) => {
  const p = 4 * (y * img.width + x);
  return [img.rgba[p], img.rgba[p + 1], img.rgba[p + 2], img.rgba[p + 3]];
};
const rgba = (c: readonly number[]) => [c[0], c[1], c[2], 255];

describe('keptRgb', () => {
  it('runs from the light blue at 0 to the deep blue at 255', () => {
    expect(keptRgb(0)).toEqual([...KEPT_LOW_RGB]);
    expect(keptRgb(255)).toEqual([...KEPT_HIGH_RGB]);
    const mid = keptRgb(51); // t = 0.2
    expect(mid[0]).toBe(Math.round(176 + 0.2 * (22 - 176)));
  });
});

describe('maskImage, conv [kh, kw, in, out]', () => {
  // kh=1, kw=2, in=2, out=3: flat index (x * 2 + c) * 3 + o
  const shape = [1, 2, 2, 3];
  const idx = (x: number, c: number, o: number) => (x * 2 + c) * 3 + o;

  it('draws out columns x in rows of kh x kw tiles with 1-px gaps; a pruned filter is an empty column', () => {
    const mask = new Uint8Array(12).fill(1);
    const magnitude = new Uint8Array(12);
    for (const x of [0, 1]) for (const c of [0, 1]) mask[idx(x, c, 1)] = 0; // filter 1 pruned
    magnitude[idx(1, 0, 2)] = 255; // filter 2, channel 0, kernel column 1
    const img = maskImage(mask, magnitude, shape);
    // width = 3 tiles of 2 px + 2 gaps, height = 2 tiles of 1 px + 1 gap
    expect([img.width, img.height, img.layout, img.columns, img.rows]).toEqual([8, 3, 'tiles', 3, 2]);
    expect(img.kept).toBe(8);
    expect(img.total).toBe(12);
    // filter 1 occupies x = 3, 4 in rows y = 0 (channel 0) and y = 2 (channel 1)
    for (const x of [3, 4]) for (const y of [0, 2]) expect(pixel(img, x, y)).toEqual(rgba(PRUNED_RGB));
    // gaps: column x = 2 and x = 5, row y = 1
    expect(pixel(img, 2, 0)).toEqual(rgba(GAP_RGB));
    expect(pixel(img, 5, 2)).toEqual(rgba(GAP_RGB));
    for (let x = 0; x < 8; x++) expect(pixel(img, x, 1)).toEqual(rgba(GAP_RGB));
    // filter 2 channel 0 kernel column 1 -> pixel (2 * 3 + 1, 0), at full magnitude
    expect(pixel(img, 7, 0)).toEqual(rgba(KEPT_HIGH_RGB));
    expect(pixel(img, 6, 0)).toEqual(rgba(KEPT_LOW_RGB));
    expect(pixel(img, 0, 2)).toEqual(rgba(KEPT_LOW_RGB));
  });

  it('shows a pruned input channel as an empty row', () => {
    const mask = new Uint8Array(12).fill(1);
    for (const x of [0, 1]) for (const o of [0, 1, 2]) mask[idx(x, 1, o)] = 0;
    const img = maskImage(mask, new Uint8Array(12).fill(128), shape);
    for (const x of [0, 1, 3, 4, 6, 7]) {
      expect(pixel(img, x, 2)).toEqual(rgba(PRUNED_RGB));
      expect(pixel(img, x, 0)).toEqual(rgba(keptRgb(128)));
    }
  });

  it('collapses kernels to one pixel each when the tile grid is too large', () => {
    // 1x1 kernels, in 2, out 700: the tile grid would be 1399 px wide
    const n = 2 * 700;
    const mask = new Uint8Array(n).fill(1);
    mask[0 * 700 + 5] = 0;
    const img = maskImage(mask, new Uint8Array(n), [1, 1, 2, 700], 1000);
    expect([img.layout, img.width, img.height]).toEqual(['matrix', 700, 2]);
    expect(pixel(img, 5, 0)).toEqual(rgba(PRUNED_RGB));
    expect(pixel(img, 5, 1)).toEqual(rgba(KEPT_LOW_RGB));
  });
});

describe('maskImage, dense [in, out]', () => {
  it('draws in rows x out columns, one pixel per weight', () => {
    // [3, 2]: flat i * 2 + o
    const mask = Uint8Array.from([1, 0, 1, 0, 1, 0]); // output neuron 1 pruned entirely
    const magnitude = Uint8Array.from([0, 0, 255, 0, 51, 0]);
    const img = maskImage(mask, magnitude, [3, 2]);
    expect([img.width, img.height, img.layout, img.kept]).toEqual([2, 3, 'matrix', 3]);
    for (const y of [0, 1, 2]) expect(pixel(img, 1, y)).toEqual(rgba(PRUNED_RGB));
    expect(pixel(img, 0, 0)).toEqual(rgba(KEPT_LOW_RGB));
    expect(pixel(img, 0, 1)).toEqual(rgba(KEPT_HIGH_RGB));
    expect(pixel(img, 0, 2)).toEqual(rgba(keptRgb(51)));
  });

  it('treats a null mask as dense', () => {
    const img = maskImage(null, new Uint8Array(4).fill(255), [2, 2]);
    expect(img.kept).toBe(4);
    for (let p = 0; p < 4; p++) expect(pixel(img, p % 2, Math.floor(p / 2))).toEqual(rgba(KEPT_HIGH_RGB));
  });

  it('max-pools kept values into blocks when a side is larger than the limit', () => {
    // [4, 4] with a limit of 2 -> 2 x 2 blocks of 2 x 2 weights
    const mask = new Uint8Array(16).fill(0);
    const magnitude = new Uint8Array(16).fill(200);
    mask[0 * 4 + 1] = 1; // block (0, 0): one kept weight with magnitude 10
    magnitude[0 * 4 + 1] = 10;
    mask[3 * 4 + 3] = 1; // block (1, 1): one kept at 255, one pruned at 200 that must not count
    magnitude[3 * 4 + 3] = 255;
    const img = maskImage(mask, magnitude, [4, 4], 2);
    expect([img.width, img.height, img.pool]).toEqual([2, 2, [2, 2]]);
    expect(pixel(img, 0, 0)).toEqual(rgba(keptRgb(10)));
    expect(pixel(img, 1, 1)).toEqual(rgba(KEPT_HIGH_RGB));
    expect(pixel(img, 1, 0)).toEqual(rgba(PRUNED_RGB));
    expect(pixel(img, 0, 1)).toEqual(rgba(PRUNED_RGB));
  });

  it('rejects other ranks and mismatched lengths with a clear message', () => {
    expect(() => maskImage(null, new Uint8Array(3), [3])).toThrow(/rank-2 \[in, out\] or rank-4/);
    expect(() => maskImage(new Uint8Array(5), new Uint8Array(6), [2, 3])).toThrow(/5 values for shape \[2, 3\]/);
  });
});
