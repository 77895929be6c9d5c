// An image folder: class subfolders give the labels (class order: labels.txt/classes.txt beside them,
// else the sorted folder names); images straight in the folder are unlabelled. Decoding is given
// (createImageBitmap in the worker, the PNG decoder in Node), so this file has no platform code.
import { stratifiedSubset } from './dataset-tensors';
import { DataFormatError } from './idx';
import type { DecodedImage } from './png';
import type { LabelledImages } from '../types';

/** A file with its path inside the dropped or picked folder ("cats/001.png"). */
export interface PathBytes {
  path: string;
  bytes: ArrayBuffer;
}

export type ImageDecoder = (bytes: ArrayBuffer, name: string) => Promise<DecodedImage>;

export interface FolderOptions {
  /** decoded images kept at most (bytes of uint8 pixels); more files → a class-balanced subset */
  maxBytes?: number;
  /** decode at most this many images (a class-balanced subset), e.g. the evaluation subset */
  limit?: number | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** 1 GiB of decoded pixels: 50,000 32×32 RGB images take 147 MiB, 5,000 224×224 RGB ones 718 MiB. */
export const FOLDER_MAX_BYTES = 2 ** 30;
export const IMAGE_FILE = /\.(png|jpe?g|webp|bmp|gif)$/i;
const CLASS_LIST = /^(labels|classes)\.txt$/i;
const NOTICE_NAMES = 5;

/** Path parts without a common leading folder (the dropped folder's own name). */
function relativeParts(files: PathBytes[]): string[][] {
  const parts = files.map((f) => f.path.split(/[\\/]/).filter((p) => p !== '' && p !== '.'));
  while (parts.length > 0 && parts.every((p) => p.length > 1 && p[0] === parts[0][0])) {
    for (const p of parts) p.shift();
  }
  return parts;
}

export interface FolderListing {
  /** image files with their class index (-1 = unlabelled) */
  images: { path: string; bytes: ArrayBuffer; label: number }[];
  classNames: string[] | null;
  notices: string[];
}

/** Which images there are and their labels, before anything is decoded. */
export function listImageFolder(files: PathBytes[], folderName: string, dirs: string[] = []): FolderListing {
  const parts = relativeParts(files);
  const notices: string[] = [];
  const listFile = files.find((_, i) => parts[i].length === 1 && CLASS_LIST.test(parts[i][0]));
  const entries = files
    .map((f, i) => ({ f, p: parts[i] }))
    .filter(({ p }) => IMAGE_FILE.test(p[p.length - 1]) && !p.some((s) => s.startsWith('.') || s === '__MACOSX'));
  if (entries.length === 0)
    throw new DataFormatError(`${folderName}: no images found (PNG, JPEG, WebP, BMP or GIF files)`);
  const inFolders = entries.filter(({ p }) => p.length >= 2);
  if (inFolders.length === 0) {
    return {
      images: entries.map(({ f, p }) => ({ path: p.join('/'), bytes: f.bytes, label: -1 })),
      classNames: null,
      notices: [`${folderName} has no class subfolders: it is measured by agreement with the dense model`],
    };
  }
  if (inFolders.length < entries.length)
    notices.push(`${entries.length - inFolders.length} image(s) outside the class folders were left out`);
  const folders = new Set(inFolders.map(({ p }) => p[0]));
  for (const d of dirs) {
    const top = d.split(/[\\/]/).filter(Boolean);
    if (top.length) folders.add(top[top.length - 1]);
  }
  let classNames = [...folders].sort((a, b) => a.localeCompare(b, 'en'));
  if (listFile) {
    const listed = new TextDecoder()
      .decode(listFile.bytes)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const missing = [...folders].filter((f) => !listed.includes(f));
    if (missing.length)
      throw new DataFormatError(
        `${folderName}: ${listFile.path.split(/[\\/]/).pop()} does not name the class folder(s) ${missing.join(', ')}`,
      );
    classNames = listed;
  }
  if (classNames.length > 256)
    throw new DataFormatError(`${folderName}: ${classNames.length} classes; PruneLab takes at most 256`);
  const counts = new Map<string, number>();
  for (const { p } of inFolders) counts.set(p[0], (counts.get(p[0]) ?? 0) + 1);
  const empty = classNames.filter((c) => !counts.get(c));
  if (empty.length) notices.push(`empty class folder(s): ${empty.join(', ')} (their labels are kept, with no images)`);
  const images = inFolders
    .map(({ f, p }) => ({ path: p.join('/'), bytes: f.bytes, label: classNames.indexOf(p[0]) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { images, classNames, notices };
}

function resizeTo(img: DecodedImage, height: number, width: number, channels: number): Uint8Array {
  const out = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, ((y + 0.5) * img.height) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, ((x + 0.5) * img.width) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      for (let c = 0; c < channels; c++) {
        const sc = Math.min(c, img.channels - 1);
        const at = (yy: number, xx: number) => img.pixels[(yy * img.width + xx) * img.channels + sc];
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * (sx - x0);
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * (sx - x0);
        out[(y * width + x) * channels + c] = Math.round(top + (bottom - top) * (sy - y0));
      }
    }
  }
  return out;
}

/**
 * Decoded images written straight into one buffer of the set's size (no second copy of the set):
 * other sizes resized to the first image's, gray made RGB (the whole buffer once) when a colour one comes.
 */
class PixelStore {
  pixels: Uint8Array;
  n = 0;
  readonly resized: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    public channels: number,
    private readonly capacity: number,
  ) {
    this.pixels = new Uint8Array(capacity * width * height * channels);
  }

  add(img: DecodedImage, path: string): void {
    if (img.channels >= 3 && this.channels === 1) this.toRgb();
    const sameSize = img.width === this.width && img.height === this.height;
    if (!sameSize) this.resized.push(path);
    const per = this.width * this.height * this.channels;
    this.pixels.set(
      sameSize && img.channels === this.channels ? img.pixels : resizeTo(img, this.height, this.width, this.channels),
      this.n * per,
    );
    this.n++;
  }

  /** The pixels of the images kept (a copy only when some failed to decode). */
  pixelsKept(): Uint8Array {
    const used = this.n * this.width * this.height * this.channels;
    return used === this.pixels.length ? this.pixels : this.pixels.slice(0, used);
  }

  private toRgb(): void {
    const rgb = new Uint8Array(this.capacity * this.width * this.height * 3);
    const count = this.n * this.width * this.height;
    for (let i = 0; i < count; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = this.pixels[i];
    this.pixels = rgb;
    this.channels = 3;
  }
}

function named(list: string[]): string {
  const shown = list.slice(0, NOTICE_NAMES).join(', ');
  return list.length > NOTICE_NAMES ? `${shown} and ${list.length - NOTICE_NAMES} more` : shown;
}

/**
 * Decodes a folder listing into one dataset. Corrupt images are skipped and named in a notice;
 * images of another size than the first are resized to it (bilinear), gray ones become RGB when
 * the folder has colour images. More images than `maxBytes` holds → a class-balanced subset.
 */
export async function decodeImageFolder(
  listing: FolderListing,
  folderName: string,
  decode: ImageDecoder,
  opts: FolderOptions = {},
): Promise<LabelledImages> {
  const { images: all, classNames } = listing;
  const notices = [...listing.notices];
  const labelled = classNames !== null;
  const labels = Uint8Array.from(all, (e) => Math.max(0, e.label));
  let pick = all.map((_, i) => i);
  const limit = opts.limit ?? null;
  if (limit !== null && limit < all.length) pick = [...stratifiedSubset(labels, limit)];
  const kept: number[] = [];
  const corrupt: string[] = [];
  let store: PixelStore | null = null;
  const maxBytes = opts.maxBytes ?? FOLDER_MAX_BYTES;
  for (let k = 0; k < pick.length; k++) {
    if (opts.signal?.aborted) throw new DOMException('decoding was cancelled', 'AbortError');
    const e = all[pick[k]];
    let img: DecodedImage;
    try {
      img = await decode(e.bytes, e.path);
    } catch {
      corrupt.push(e.path);
      opts.onProgress?.(k + 1, pick.length);
      continue;
    }
    if (!store) {
      // the first image sets the size; the set is capped to the budget once, then decoded in place
      const fit = Math.floor(maxBytes / (img.width * img.height * 3));
      if (fit < pick.length - k) {
        const rest = pick.slice(k + 1);
        const keep = stratifiedSubset(
          Uint8Array.from(rest, (i) => labels[i]),
          Math.max(0, fit - 1),
        );
        pick = [...pick.slice(0, k + 1), ...Array.from(keep, (j) => rest[j])];
        notices.push(
          `${all.length} images do not fit the ${Math.round(maxBytes / 2 ** 20)} MiB decoded-image budget: ` +
            `a class-balanced subset of ${pick.length - k} is used`,
        );
      }
      store = new PixelStore(img.width, img.height, img.channels >= 3 ? 3 : 1, pick.length - k);
    }
    store.add(img, e.path);
    kept.push(labels[pick[k]]);
    opts.onProgress?.(k + 1, pick.length);
  }
  if (corrupt.length) notices.push(`${corrupt.length} unreadable image(s) skipped: ${named(corrupt)}`);
  if (!store) throw new DataFormatError(`${folderName}: none of the ${pick.length} images could be read`);
  const { width, height, channels, resized } = store;
  const pixels = store.pixelsKept();
  if (resized.length)
    notices.push(`${resized.length} image(s) of another size resized to ${width}×${height}: ${named(resized)}`);
  return {
    pixels,
    labels: Uint8Array.from(kept),
    n: kept.length,
    rows: height,
    cols: width,
    channels,
    numClasses: labelled ? classNames.length : 1,
    classNames: classNames ?? undefined,
    labelled,
    notices,
  };
}
