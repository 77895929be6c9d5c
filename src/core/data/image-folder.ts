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

/** 512 MiB of decoded pixels: 50,000 32×32 RGB images fit (150 MiB), 224×224 RGB ones about 3,500. */
export const FOLDER_MAX_BYTES = 512 * 2 ** 20;
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
  const decoded: (DecodedImage & { label: number; path: string })[] = [];
  const corrupt: string[] = [];
  let capped = false;
  const maxBytes = opts.maxBytes ?? FOLDER_MAX_BYTES;
  for (let k = 0; k < pick.length; k++) {
    if (opts.signal?.aborted) throw new DOMException('decoding was cancelled', 'AbortError');
    const e = all[pick[k]];
    try {
      const img = await decode(e.bytes, e.path);
      decoded.push({ ...img, label: labels[pick[k]], path: e.path });
    } catch {
      corrupt.push(e.path);
    }
    if (decoded.length === 1 && !capped) {
      const per = decoded[0].width * decoded[0].height * 3;
      const fit = Math.floor(maxBytes / per);
      if (fit < pick.length) {
        capped = true;
        const rest = pick.slice(k + 1);
        const keep = stratifiedSubset(
          Uint8Array.from(rest, (i) => labels[i]),
          Math.max(0, fit - 1),
        );
        pick = [...pick.slice(0, k + 1), ...Array.from(keep, (j) => rest[j])];
        notices.push(
          `${all.length} images do not fit the ${Math.round(maxBytes / 2 ** 20)} MiB decoded-image budget: ` +
            `a class-balanced subset of ${pick.length} is used`,
        );
      }
    }
    opts.onProgress?.(k + 1, pick.length);
  }
  if (corrupt.length) notices.push(`${corrupt.length} unreadable image(s) skipped: ${named(corrupt)}`);
  if (decoded.length === 0) throw new DataFormatError(`${folderName}: none of the ${pick.length} images could be read`);
  const { width, height } = decoded[0];
  const channels = decoded.some((d) => d.channels >= 3) ? 3 : 1;
  const per = width * height * channels;
  const pixels = new Uint8Array(decoded.length * per);
  const resized: string[] = [];
  decoded.forEach((d, i) => {
    if (d.width !== width || d.height !== height) resized.push(d.path);
    pixels.set(
      d.width === width && d.height === height && d.channels === channels
        ? d.pixels
        : resizeTo(d, height, width, channels),
      i * per,
    );
  });
  if (resized.length)
    notices.push(`${resized.length} image(s) of another size resized to ${width}×${height}: ${named(resized)}`);
  return {
    pixels,
    labels: Uint8Array.from(decoded, (d) => d.label),
    n: decoded.length,
    rows: height,
    cols: width,
    channels,
    numClasses: labelled ? classNames.length : 1,
    classNames: classNames ?? undefined,
    labelled,
    notices,
  };
}
