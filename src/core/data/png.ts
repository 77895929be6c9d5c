// A small PNG decoder for where no image decoder exists (Node: the CLI and the tests); the page
// decodes every format with createImageBitmap in the worker. 8- and 16-bit gray, RGB, palette,
// gray+alpha and RGBA, not interlaced; alpha is dropped.
import { unzlibSync } from 'fflate';
import { DataFormatError } from './idx';

export interface DecodedImage {
  width: number;
  height: number;
  /** 1 (gray) or 3 (RGB) */
  channels: number;
  /** height * width * channels, row-major, interleaved */
  pixels: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

export function decodePng(bytes: Uint8Array, name: string): DecodedImage {
  const fail = (why: string): never => {
    throw new DataFormatError(`${name}: ${why}`);
  };
  if (!isPng(bytes)) fail('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colour = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (data.length !== len) fail(`truncated ${JSON.stringify(type)} chunk`);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      depth = data[8];
      colour = data[9];
      if (data[12] !== 0) fail('interlaced PNGs are not supported here; save it without interlacing');
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const samples = SAMPLES[colour];
  if (!width || !height || samples === undefined) fail('missing or invalid IHDR chunk');
  if (depth !== 8 && depth !== 16) fail(`bit depth ${depth} is not supported here (8 or 16)`);
  if (colour === 3 && !palette) fail('palette image without a PLTE chunk');
  if (idat.length === 0) fail('no image data (IDAT)');
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of idat) joined.set(d, (at += d.length) - d.length);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(joined);
  } catch (e) {
    return fail(`corrupt image data (${(e as Error).message})`);
  }
  const bpp = (samples * depth) / 8;
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) fail('truncated image data');
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? rows[out + x - bpp] : 0;
      const b = y > 0 ? rows[out - stride + x] : 0;
      const c = x >= bpp && y > 0 ? rows[out - stride + x - bpp] : 0;
      const v = line[x];
      let r: number;
      if (filter === 0) r = v;
      else if (filter === 1) r = v + a;
      else if (filter === 2) r = v + b;
      else if (filter === 3) r = v + ((a + b) >> 1);
      else if (filter === 4) r = v + paeth(a, b, c);
      else return fail(`unknown row filter ${filter}`);
      rows[out + x] = r & 0xff;
    }
  }
  const channels = colour === 0 || colour === 4 ? 1 : 3;
  const pixels = new Uint8Array(width * height * channels);
  const step = depth / 8;
  for (let p = 0; p < width * height; p++) {
    const s = p * samples * step;
    if (colour === 3) {
      const k = rows[s] * 3;
      pixels.set((palette as Uint8Array).subarray(k, k + 3), p * 3);
    } else for (let c = 0; c < channels; c++) pixels[p * channels + c] = rows[s + c * step];
  }
  return { width, height, channels, pixels };
}
