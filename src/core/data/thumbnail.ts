// A small RGBA picture of one example, for the sample grid of the input-mapping step: the data as
// stored (before any mapping), shrunk by nearest neighbour to at most `maxSide` pixels a side.
import type { LabelledImages } from '../types';

export interface Thumbnail {
  width: number;
  height: number;
  /** width * height RGBA bytes */
  rgba: Uint8ClampedArray;
}

/** Example `index` of `images` as RGBA; float values are stretched from their min..max to 0..255. */
export function thumbnailOf(images: LabelledImages, index: number, maxSide = 48): Thumbnail {
  const { rows, cols } = images;
  const channels = images.channels ?? 1;
  const per = rows * cols * channels;
  const scale = Math.max(1, Math.max(rows, cols) / maxSide);
  const width = Math.max(1, Math.round(cols / scale));
  const height = Math.max(1, Math.round(rows / scale));
  let read: (i: number) => number;
  if (images.values) {
    const v = images.values.subarray(index * per, (index + 1) * per);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    const span = hi > lo ? hi - lo : 1;
    read = (i) => ((v[i] - lo) / span) * 255;
  } else {
    const p = images.pixels.subarray(index * per, (index + 1) * per);
    read = (i) => p[i];
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(rows - 1, Math.floor(y * scale));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(cols - 1, Math.floor(x * scale));
      const src = (sy * cols + sx) * channels;
      const dst = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) rgba[dst + c] = read(src + (channels >= 3 ? c : 0));
      rgba[dst + 3] = 255;
    }
  }
  return { width, height, rgba };
}
