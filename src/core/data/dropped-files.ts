import { datasetFormat } from './open-dataset';

/** What a set of dropped files is: a model (TF.js, ONNX, Keras .h5), a dataset, or neither (with the reason). */
export type DropKind = { kind: 'model' } | { kind: 'data' } | { kind: 'unknown'; reason: string };

const IDX_NAME = /(idx\d?-?ubyte|\.idx\d?)(\.gz)?$|ubyte(\.gz)?$/i;

export function classifyDrop(names: string[]): DropKind {
  if (names.length === 0) return { kind: 'unknown', reason: 'no files were dropped' };
  const data = datasetFormat(names);
  if (data !== 'image-folder' && names.some((n) => /\.(json|onnx|h5|keras)$/i.test(n))) return { kind: 'model' };
  if (data !== null) return { kind: 'data' };
  if (names.every((n) => IDX_NAME.test(n) || n.toLowerCase().endsWith('.gz'))) return { kind: 'data' };
  if (names.every((n) => n.toLowerCase().endsWith('.bin'))) {
    return {
      kind: 'unknown',
      reason: `only weight files were dropped (${names.join(', ')}): drop model.json together with them`,
    };
  }
  return {
    kind: 'unknown',
    reason:
      `${names.join(', ')}: PruneLab opens TF.js layers models (model.json + its .bin weight files), TF.js ` +
      'graph models, ONNX (.onnx, with its external .data file), Keras 2 .h5 files, and datasets: image ' +
      'folders (or a .zip of one), CIFAR binary batches, .npy/.npz, .csv and idx pairs (images + labels)',
  };
}

/**
 * Two idx files whose names start with "train" (Fashion-MNIST's train-images-idx3-ubyte.gz and
 * train-labels-idx1-ubyte.gz, the 60k set): the training set fine-tuning uses, not a new test set.
 */
export function isTrainingIdxPair(names: string[]): boolean {
  const base = names.map((n) => (n.split('/').pop() ?? n).toLowerCase());
  return base.length === 2 && base.every((n) => n.startsWith('train') && IDX_NAME.test(n));
}
