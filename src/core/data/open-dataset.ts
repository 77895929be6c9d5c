// One entry for every dataset a user brings: the files (with their paths inside a dropped folder)
// are recognised by name and content, then read by the reader of their format.
import { cifarPickleMessage, looksLikeCifar, readCifar } from './cifar';
import { readCsvTable, type CsvOptions } from './csv-table';
import { decodeImageFolder, IMAGE_FILE, listImageFolder, type FolderOptions, type ImageDecoder } from './image-folder';
import { DataFormatError, readIdx, toLabelledImages } from './idx';
import { readNumpy, type NumpyOptions } from './numpy';
import { readZip } from './zip';
import type { LabelledImages } from '../types';

export interface DatasetFile {
  /** path inside the dropped folder or zip, or the file name */
  path: string;
  bytes: ArrayBuffer;
}

export type DatasetFormat = 'idx' | 'image-folder' | 'cifar' | 'numpy' | 'csv';

export interface OpenDatasetOptions extends FolderOptions {
  numpy?: NumpyOptions;
  csv?: CsvOptions;
  /** decodes one image; without it an image folder is refused with `noDecoder` as the reason */
  decode?: ImageDecoder;
  noDecoder?: string;
  /** directories seen while reading a dropped folder (finds empty class folders) */
  dirs?: string[];
}

const base = (p: string) => p.split(/[\\/]/).pop() as string;
const IDX = /(idx\d?-?ubyte|\.idx\d?)(\.gz)?$|ubyte(\.gz)?$/i;

/** The format of these files, or null when they are none PruneLab reads as data. */
export function datasetFormat(paths: string[]): DatasetFormat | null {
  const names = paths.map(base);
  if (names.length === 1 && /\.(npy|npz)$/i.test(names[0])) return 'numpy';
  if (names.length === 1 && /\.csv$/i.test(names[0])) return 'csv';
  if (names.length === 1 && /\.zip$/i.test(names[0])) return 'image-folder';
  if (looksLikeCifar(names) || cifarPickleMessage(names)) return 'cifar';
  if (names.length === 2 && names.every((n) => IDX.test(n))) return 'idx';
  if (names.some((n) => IMAGE_FILE.test(n))) return 'image-folder';
  return null;
}

/** A name for the set shown to the user: the dropped folder, or the file(s). */
function setName(files: DatasetFile[]): string {
  const first = files[0].path.split(/[\\/]/).filter(Boolean);
  if (files.length > 1 && first.length > 1 && files.every((f) => f.path.split(/[\\/]/).filter(Boolean)[0] === first[0]))
    return first[0];
  return files.length <= 2 ? files.map((f) => base(f.path)).join(' + ') : `${files.length} files`;
}

async function readIdxPair(files: DatasetFile[]): Promise<LabelledImages> {
  const parsed = await Promise.all(
    files.map(async (f) => ({ name: base(f.path), idx: await readIdx(new Uint8Array(f.bytes), base(f.path)) })),
  );
  const images = parsed.find((p) => p.idx.dims.length === 3);
  const labels = parsed.find((p) => p.idx.dims.length === 1);
  if (!images || !labels)
    throw new DataFormatError(
      `expected one 3-D idx images file and one 1-D idx labels file; got ${parsed.map((p) => `${p.name} [${p.idx.dims.join('x')}]`).join(' and ')}`,
    );
  let max = 0;
  for (const l of labels.idx.data) max = Math.max(max, l);
  return toLabelledImages(images.idx, labels.idx, Math.max(10, max + 1));
}

/** Reads a dataset from its files; `which` picks the CIFAR training batches instead of the test batch. */
export async function openDataset(
  files: DatasetFile[],
  opts: OpenDatasetOptions = {},
  which: 'test' | 'train' = 'test',
): Promise<{ name: string; format: DatasetFormat; images: LabelledImages }> {
  if (files.length === 0) throw new DataFormatError('no data files were given');
  const format = datasetFormat(files.map((f) => f.path));
  const name = setName(files);
  if (format === null)
    throw new DataFormatError(
      `${name}: not a dataset PruneLab reads (an image folder or .zip of one, CIFAR binary batches, ` +
        '.npy/.npz, .csv, or an idx images + labels pair)',
    );
  if (format === 'numpy') return { name, format, images: readNumpy(files[0].bytes, base(files[0].path), opts.numpy) };
  if (format === 'csv') return { name, format, images: readCsvTable(files[0].bytes, base(files[0].path), opts.csv) };
  if (format === 'idx') return { name, format, images: await readIdxPair(files) };
  if (format === 'cifar')
    return {
      name,
      format,
      images: readCifar(
        files.map((f) => ({ name: base(f.path), bytes: f.bytes })),
        which,
      ),
    };
  const zipped = files.length === 1 && /\.zip$/i.test(files[0].path);
  const entries = zipped ? readZip(new Uint8Array(files[0].bytes), base(files[0].path)) : files;
  if (zipped) {
    const inner = datasetFormat(entries.map((e) => e.path));
    if (inner && inner !== 'image-folder') return { ...(await openDataset(entries, opts, which)), name };
  }
  if (!opts.decode) throw new DataFormatError(`${name}: ${opts.noDecoder ?? 'no image decoder is available here'}`);
  const listing = listImageFolder(entries, name, opts.dirs);
  return { name, format, images: await decodeImageFolder(listing, name, opts.decode, opts) };
}
