import { describe, expect, it } from 'vitest';
import { toInputTensor } from './dataset-tensors';
import {
  detectLayout,
  IMAGENET_MEAN,
  IMAGENET_STD,
  inputGeometry,
  mapBatch,
  mapLabels,
  DEFAULT_MAPPING,
  MappingError,
  type InputMapping,
} from './input-mapping';
import type { LabelledImages } from '../types';

const base: InputMapping = DEFAULT_MAPPING;

// 2 RGB images of 2x2: pixel value = 100*i + 10*p + c
function rgb(): LabelledImages {
  const pixels = Uint8Array.from({ length: 2 * 4 * 3 }, (_, k) => {
    const i = Math.floor(k / 12);
    const p = Math.floor((k % 12) / 3);
    return 100 * i + 10 * p + (k % 3);
  });
  return { pixels, labels: Uint8Array.from([1, 0]), n: 2, rows: 2, cols: 2, channels: 3, numClasses: 2 };
}

describe('input mapping', () => {
  it('detects NCHW from a leading channel count and NHWC otherwise', () => {
    expect(detectLayout([3, 32, 32])).toBe('nchw');
    expect(detectLayout([1, 28, 28])).toBe('nchw');
    expect(detectLayout([32, 32, 3])).toBe('nhwc');
    expect(detectLayout([28, 28, 1])).toBe('nhwc');
    expect(detectLayout([28, 28])).toBe('hw');
    expect(detectLayout([784])).toBe('flat');
  });

  it('gives the model geometry per layout, and a flat input the data size that matches', () => {
    const data = { rows: 28, cols: 28, channels: 1 };
    expect(inputGeometry([3, 32, 24], 'nchw', data)).toEqual({ height: 32, width: 24, channels: 3 });
    expect(inputGeometry([32, 24, 3], 'nhwc', data)).toEqual({ height: 32, width: 24, channels: 3 });
    expect(inputGeometry([784], 'flat', data)).toEqual({ height: 28, width: 28, channels: 1 });
    expect(() => inputGeometry([null, 32, 3], 'nhwc', data)).toThrow(MappingError);
  });

  it('feeds gray images exactly as the idx path does when nothing changes but the scaling', async () => {
    const images: LabelledImages = {
      pixels: Uint8Array.from({ length: 3 * 6 }, (_, k) => (k * 37) % 256),
      labels: new Uint8Array(3),
      n: 3,
      rows: 2,
      cols: 3,
      numClasses: 10,
    };
    const t = toInputTensor(images, 'image', { kind: 'symmetric' });
    const mapped = mapBatch(
      images,
      [0, 1, 2],
      { ...base, scaling: { kind: 'symmetric' } },
      { height: 2, width: 3, channels: 1 },
    );
    expect(mapped.shape).toEqual([3, 2, 3, 1]);
    expect(Array.from(mapped.values)).toEqual(Array.from(await t.data()));
    t.dispose();
  });

  it('reorders NHWC to NCHW and picks examples by index', () => {
    const { values, shape } = mapBatch(
      rgb(),
      [1],
      { ...base, layout: 'nchw', scaling: { kind: 'none' } },
      {
        height: 2,
        width: 2,
        channels: 3,
      },
    );
    expect(shape).toEqual([1, 3, 2, 2]);
    expect(Array.from(values)).toEqual([100, 110, 120, 130, 101, 111, 121, 131, 102, 112, 122, 132]);
  });

  it('converts RGB to gray with ITU-R 601 luma and gray to RGB by repeating', () => {
    const g = mapBatch(rgb(), [0], { ...base, scaling: { kind: 'none' } }, { height: 2, width: 2, channels: 1 });
    expect(g.values[1]).toBeCloseTo(0.299 * 10 + 0.587 * 11 + 0.114 * 12, 4);
    const gray: LabelledImages = {
      pixels: Uint8Array.from([7, 8, 9, 10]),
      labels: new Uint8Array(1),
      n: 1,
      rows: 2,
      cols: 2,
      numClasses: 1,
    };
    const c = mapBatch(gray, [0], { ...base, scaling: { kind: 'none' } }, { height: 2, width: 2, channels: 3 });
    expect(Array.from(c.values)).toEqual([7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10]);
  });

  it('centre-crops without resampling when the crop has the model size, and resizes bilinearly', () => {
    // 4x4 gray, value = 10 * row + col
    const img: LabelledImages = {
      pixels: Uint8Array.from({ length: 16 }, (_, k) => 10 * Math.floor(k / 4) + (k % 4)),
      labels: new Uint8Array(1),
      n: 1,
      rows: 4,
      cols: 4,
      numClasses: 1,
    };
    const crop = mapBatch(
      img,
      [0],
      { ...base, crop: 2, scaling: { kind: 'none' } },
      { height: 2, width: 2, channels: 1 },
    );
    expect(Array.from(crop.values)).toEqual([11, 12, 21, 22]);
    // 4x4 → 2x2: each output pixel centre falls between 4 source pixels: their mean
    const half = mapBatch(img, [0], { ...base, scaling: { kind: 'none' } }, { height: 2, width: 2, channels: 1 });
    expect(Array.from(half.values)).toEqual([5.5, 7.5, 25.5, 27.5]);
    // resize the short side to 8 then crop 4: the source's centre 2x2 (from 1 to 3) upsampled to 4x4,
    // so output pixel 0 samples source position 1 + 0.5 * 2 / 4 - 0.5 = 0.75 on both axes
    const zoom = mapBatch(
      img,
      [0],
      { ...base, resize: 8, crop: 4, scaling: { kind: 'none' } },
      { height: 4, width: 4, channels: 1 },
    );
    expect(zoom.values[0]).toBeCloseTo(10 * 0.75 + 0.75, 4);
  });

  it('scales per channel: ImageNet mean/std and custom values', () => {
    const geometry = { height: 2, width: 2, channels: 3 };
    const v = mapBatch(rgb(), [1], { ...base, scaling: { kind: 'imagenet' } }, geometry).values;
    for (let c = 0; c < 3; c++) expect(v[c]).toBeCloseTo(((100 + c) / 255 - IMAGENET_MEAN[c]) / IMAGENET_STD[c], 5);
    const w = mapBatch(
      rgb(),
      [1],
      { ...base, scaling: { kind: 'custom', mean: [0.5, 0, 0], std: [0.5, 1, 2] } },
      geometry,
    );
    expect(w.values[0]).toBeCloseTo((100 / 255 - 0.5) / 0.5, 5);
    expect(w.values[2]).toBeCloseTo(102 / 255 / 2, 5);
    expect(() =>
      mapBatch(rgb(), [0], { ...base, scaling: { kind: 'custom', mean: [0, 0], std: [1, 1] } }, geometry),
    ).toThrow(/has 2 values; the model takes 3/);
  });

  it('maps labels to model outputs and names a label out of the model range', () => {
    const images = { ...rgb(), classNames: ['cat', 'dog'] };
    expect(Array.from(mapLabels(images, [0, 1], { ...base, labelMap: [3, 5] }, 10))).toEqual([5, 3]);
    expect(() => mapLabels(images, [0], { ...base, labelMap: [0, 12] }, 10)).toThrow(
      /label 12 \(data class 1 "dog"\) is out of the model's range: it scores 10 classes/,
    );
  });

  it('gives the same numbers for the same mapping', () => {
    const m: InputMapping = { ...base, resize: 5, crop: 3, layout: 'nchw', scaling: { kind: 'imagenet' } };
    const g = { height: 3, width: 3, channels: 3 };
    expect(mapBatch(rgb(), [0, 1], m, g).values).toEqual(
      mapBatch(rgb(), [0, 1], JSON.parse(JSON.stringify(m)), g).values,
    );
  });
});
