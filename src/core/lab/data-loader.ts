// Where the lab's images come from. The service never fetches or reads files itself: the worker
// gives it a loader over fetch, the CLI one over the file system, tests one over bytes in memory.
import { readIdx, toLabelledImages } from '../idx';
import type { LabelledImages, NamedBytes } from '../types';

export interface LabelledSet {
  /** shown to the user, e.g. "Fashion-MNIST test set" */
  name: string;
  images: LabelledImages;
}

export interface DataLoader {
  /** the labelled images the lab evaluates on */
  test(): Promise<LabelledSet>;
  /** the images fine-tuning trains on (read only when a run needs them) */
  train(): Promise<LabelledImages>;
}

/** A labelled set from two idx files in either order: images (n x rows x cols) and labels (n), plain or gzipped. */
export async function idxPairFromFiles(files: NamedBytes[]): Promise<LabelledSet> {
  if (files.length !== 2) {
    throw new Error(
      `drop two idx files together (images and labels); got ${files.length}: ${files.map((f) => f.name).join(', ')}`,
    );
  }
  const parsed = await Promise.all(
    files.map(async (f) => ({ name: f.name, idx: await readIdx(new Uint8Array(f.bytes), f.name) })),
  );
  const images = parsed.find((p) => p.idx.dims.length === 3);
  const labels = parsed.find((p) => p.idx.dims.length === 1);
  if (!images || !labels) {
    const found = parsed.map((p) => `${p.name} [${p.idx.dims.join('x')}]`).join(' and ');
    throw new Error(`expected one 3-D idx images file and one 1-D idx labels file; got ${found}`);
  }
  let maxLabel = 0;
  for (const l of labels.idx.data) maxLabel = Math.max(maxLabel, l);
  return {
    name: `${images.name} + ${labels.name}`,
    images: toLabelledImages(images.idx, labels.idx, Math.max(10, maxLabel + 1)),
  };
}
