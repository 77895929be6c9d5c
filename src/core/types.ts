// Shared vocabulary of the core. Tensor layouts are the engine's own (TF.js: conv2d kernel
// [kh, kw, in, out], dense kernel [in, out]; ONNX/PyTorch: [out, in, kh, kw], [out, in]); `axes`
// says where the output channels, input channels and spatial dimensions sit.

/** What a prunable tensor computes: a full convolution, a per-channel (depthwise) one, or a matrix product. */
export type TensorRole = 'conv' | 'depthwise' | 'dense';

/** Positions in a tensor's shape of its output channels, input channels and spatial dimensions. */
export interface TensorAxes {
  out: number;
  in: number;
  spatial: number[];
}

/** A file's name and bytes: files dropped or read from disk, and files a model is written to. */
export interface NamedBytes {
  name: string;
  bytes: ArrayBuffer;
}

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
  role: TensorRole;
  axes: TensorAxes;
  /** The tensor's output channels are the model's outputs (the classifier): structured pruning leaves it out. */
  feedsOutput: boolean;
  /** Where the weight lives in the model file when that differs from `name` (an ONNX initializer). */
  source?: string;
  /** The shape as the file stores it when it differs from `shape` (ONNX [out, in, kh, kw]). */
  fileShape?: number[];
}

/** Non-zeros of one prunable tensor as pruned now (dense ⊙ mask). */
export interface TensorSparsity {
  name: string;
  numel: number;
  nnz: number;
  /** Fraction of elements exactly zero. */
  sparsity: number;
}

export interface SparsityReport {
  perTensor: TensorSparsity[];
  /** over all prunable tensors */
  total: { numel: number; nnz: number; sparsity: number };
}

/**
 * Counting convention for a target sparsity (see REFERENCE: distiller floor+ties, torch round-half-even, tfmot float32
 * keep).
 */
export type Convention = 'distiller' | 'torch' | 'tfmot';

/** Evaluation result. top1/top5 in percent, loss = mean categorical cross-entropy (natural log). */
export interface Metrics {
  top1: number;
  top5: number;
  loss: number;
  /** number of examples evaluated */
  n: number;
  /**
   * 'agreement': measured without labels against the dense model (top1 = % top-1 agreement); absent
   * or 'labels': against the data's labels
   */
  measure?: 'labels' | 'agreement';
  /** agreement only: mean KL(dense || this model) of the softmax outputs (nats) */
  kl?: number;
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
  /** channels per pixel, interleaved (NHWC: pixels hold n * rows * cols * channels); absent = 1 */
  channels?: number;
  /** float32 values (NumPy/CSV data), NHWC like pixels; pixels is then empty */
  values?: Float32Array;
  /** class names in label order (folder names, labels.txt, batches.meta.txt) */
  classNames?: string[];
  /** false: the data has no labels (labels are all 0) and is measured by agreement with the dense model */
  labelled?: boolean;
  /** what reading the data skipped or changed (corrupt images, resized images), for the user */
  notices?: string[];
}

/** How raw pixels in [0, 255] become model input. */
export type InputScaling =
  | { kind: 'unit' } // x / 255
  | { kind: 'symmetric' } // x / 127.5 - 1
  | { kind: 'standard'; mean: number; std: number }; // (x / 255 - mean) / std
