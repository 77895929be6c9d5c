// The lab's data from dropped or picked files: any format core reads, images decoded in this worker.
import { openDataset } from '../core/data/open-dataset';
import type { DataLoader } from '../core/lab/data-loader';
import type { LabelledImages, NamedBytes } from '../core/types';
import { decodeImageInWorker } from './image-decode';

export function droppedDataLoader(
  files: NamedBytes[],
  train: () => Promise<LabelledImages>,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): DataLoader {
  return {
    test: async () => {
      const set = await openDataset(
        files.map((f) => ({ path: f.name, bytes: f.bytes })),
        { decode: decodeImageInWorker, onProgress, signal },
      );
      return { name: set.name, images: set.images };
    },
    train,
  };
}
