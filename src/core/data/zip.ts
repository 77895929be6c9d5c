// Reading a .zip (an image folder, an .npz) with a guard against zip bombs: the sizes the archive
// declares are checked before anything is inflated, and the inflated total again after.
import { unzipSync } from 'fflate';
import { DataFormatError } from './idx';

/** 1 GiB inflated at most; a larger set is better dropped as a folder (read file by file). */
export const ZIP_MAX_BYTES = 2 ** 30;
const ZIP_MAX_RATIO = 1000;

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** The files of a zip (directories left out), path → bytes. */
export function readZip(
  bytes: Uint8Array,
  name: string,
  maxBytes = ZIP_MAX_BYTES,
): { path: string; bytes: ArrayBuffer }[] {
  if (!isZip(bytes)) throw new DataFormatError(`${name}: not a zip file`);
  let declared = 0;
  let files: Record<string, Uint8Array>;
  const refuse = (total: number) =>
    new DataFormatError(
      `${name}: the archive inflates to ${total} bytes, over the ${maxBytes}-byte cap ` +
        `(or over ${ZIP_MAX_RATIO}× its own size): refused as a possible zip bomb`,
    );
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        declared += f.originalSize;
        if (declared > maxBytes || declared > ZIP_MAX_RATIO * Math.max(bytes.length, 1024)) throw refuse(declared);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(`${name}: the zip cannot be read (${(e as Error).message})`);
  }
  const out = Object.entries(files).map(([path, data]) => ({
    path,
    bytes: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  }));
  const total = out.reduce((n, f) => n + f.bytes.byteLength, 0);
  if (total > maxBytes) throw refuse(total);
  return out;
}
