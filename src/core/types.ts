// Shared vocabulary of the core. Layouts are TF.js's own:
// conv2d kernel [kh, kw, in, out], dense kernel [in, out].

/** A weight tensor that pruning may act on (rank 2 dense kernel or rank 4 conv kernel). */
export interface PrunableTensor {
  /** The model's own tensor name, e.g. "conv1/kernel" (what `summary` prints and `--layers` takes). */
  name: string;
  /** Keras layer name, e.g. "conv1". */
  layerName: string;
  /** Keras class name, e.g. "Conv2D", "Dense". */
  layerClass: string;
  kind: 'conv2d' | 'dense';
  shape: number[];
  size: number;
}

/** Counting convention for a target sparsity (see REFERENCE: distiller floor+ties, torch round-half-even, tfmot float32 keep). */
export type Convention = 'distiller' | 'torch' | 'tfmot';

/** Evaluation result. top1/top5 in percent, loss = mean categorical cross-entropy (natural log). */
export interface Metrics {
  top1: number;
  top5: number;
  loss: number;
  /** number of examples evaluated */
  n: number;
}

/** A labelled image dataset held as raw bytes (idx convention: images row-major, uint8). */
export interface LabelledImages {
  /** n * rows * cols uint8 pixels */
  pixels: Uint8Array;
  labels: Uint8Array;
  n: number;
  rows: number;
  cols: number;
  numClasses: number;
}

/** How raw pixels in [0, 255] become model input. */
export type InputScaling =
  | { kind: 'unit' } // x / 255
  | { kind: 'symmetric' } // x / 127.5 - 1
  | { kind: 'standard'; mean: number; std: number }; // (x / 255 - mean) / std
