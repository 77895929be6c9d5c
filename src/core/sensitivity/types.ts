// Vocabulary of the sensitivity analysis (Distiller perform_sensitivity_analysis).
import type { Convention } from '../types';

/** 'element': Level pruner; 'filter' / 'channel': L1-ranked output / input channels of 4-D conv kernels. */
export type SensitivityGroup = 'element' | 'filter' | 'channel';

/**
 * How a pruned filter is realised:
 * - 'remove' (default): the filter AND every consumer's matching input channel are masked, so the
 *   masked model computes exactly what the thinned model computes (bias/BN constants are unseen);
 * - 'zero': Distiller's own sweep, only the tensor's filter weights are zeroed (its bias still feeds
 *   the next layer).
 */
export type FilterSemantics = 'remove' | 'zero';

/**
 * 'labels': top1/top5/loss against the dataset's labels.
 * 'agreement': no labels needed; the dense model's own top-1 prediction serves as the label, so
 * top1 = top-1 agreement with the dense model (%), top5 = % of examples whose dense top-1 class is in
 * the pruned top-5, loss = cross-entropy against the dense top-1 class; `agreement` repeats top1 and
 * `kl` is the mean KL(dense || pruned) of the softmax outputs (nats).
 */
export type SensitivityMode = 'labels' | 'agreement';

/** One evaluation: one tensor pruned alone to one level. top1/top5 in percent, loss in nats. */
export interface SensitivityRow {
  parameter: string;
  sparsity: number;
  top1: number;
  top5: number;
  loss: number;
  /** Examples evaluated. */
  n: number;
  /** 'agreement' mode only: top-1 agreement with the dense model (%), equal to top1. */
  agreement?: number;
  /** 'agreement' mode only: mean KL(dense || pruned) of the softmax outputs (nats). */
  kl?: number;
}

export interface SweepProgress {
  parameter: string;
  /** 0-based position of the tensor in the sweep, and how many there are. */
  tensorIndex: number;
  tensorCount: number;
  /** Evaluations finished so far, and the most there can be (early stop may end sooner). */
  evaluationsDone: number;
  evaluationsTotal: number;
  /** 'prefix' while computing the tensor's input activations, 'evaluate' after each row. */
  phase: 'prefix' | 'evaluate';
}

export interface SweepOptions {
  /** Tensor names (PrunableTensor.name, e.g. "conv1/kernel"), swept in this order. */
  tensors: readonly string[];
  group?: SensitivityGroup;
  /** Default DEFAULT_LEVELS (0.00 ... 0.90 step 0.05). */
  levels?: readonly number[];
  /** Counting convention for element and structure counts (default 'distiller'). */
  convention?: Convention;
  /** Evaluate only the first N examples (the rows report n). */
  subset?: number;
  /** Stop a tensor's sweep after the first level whose top1 falls below minTop1 (percent). */
  earlyStop?: { minTop1: number };
  filterSemantics?: FilterSemantics;
  /** Default 'labels' when data.y is given, 'agreement' otherwise. */
  mode?: SensitivityMode;
  /** Examples per forward pass (default 1000). */
  batchSize?: number;
  /**
   * Reuse each tensor's input activations across its levels and run only the rest of the network
   * (default true; chains only, else full passes). false forces full passes (for comparison).
   */
  prefix?: boolean;
  /** Above this many bytes of cached activations a tensor falls back to full passes (default 768 MiB). */
  maxActivationBytes?: number;
  signal?: AbortSignal;
  onRow?: (row: SensitivityRow) => void;
  onProgress?: (p: SweepProgress) => void;
  /** Called once per tensor that had to fall back to full passes, with the reason. */
  onNote?: (note: string) => void;
}
