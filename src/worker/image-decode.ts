// Decoding an image file in the worker: createImageBitmap reads PNG, JPEG, WebP, BMP and GIF, an
// OffscreenCanvas gives its pixels. Gray images (R = G = B everywhere) stay one channel.
import type { DecodedImage } from '../core/data/png';

export async function decodeImageInWorker(bytes: ArrayBuffer, name: string): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(new Blob([bytes]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error(`${name}: no 2D canvas to decode into`);
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    let gray = true;
    for (let i = 0; i < rgba.length && gray; i += 4) gray = rgba[i] === rgba[i + 1] && rgba[i] === rgba[i + 2];
    const channels = gray ? 1 : 3;
    const pixels = new Uint8Array(width * height * channels);
    for (let p = 0; p < width * height; p++)
      for (let c = 0; c < channels; c++) pixels[p * channels + c] = rgba[p * 4 + c];
    return { width, height, channels, pixels };
  } finally {
    bitmap.close();
  }
}
