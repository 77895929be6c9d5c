// A Distiller compression schedule as its YAML says it, before it meets a model: weight names are
// the file's own (PyTorch parameter names or '*'), groups are Distiller's names. importDistillerYaml
// resolves names against a model and builds the runnable Schedule from it.
import type { DistillerGroup, ThresholdCriterion } from '../pruning';
import type { GroupRegime, Regularizer } from '../training/regularizers';
import type { LrScheduler } from '../training/lr-schedulers';
import type { EpochSpec } from './schedule';

/** What a ranked-structure pruner prunes to: a fixed fraction, an AGP ramp, or a random level. */
export type StructureTarget =
  | { kind: 'fixed'; sparsity: number }
  | { kind: 'agp'; initialSparsity: number; finalSparsity: number }
  /** RandomLevelStructureParameterPruner: s ~ U(low, high) at every call, then L1 ranking. */
  | { kind: 'random-level'; low: number; high: number };

/**
 * How a ranked-structure pruner ranks: 'l1' / 'l2' (mean norm of the weights), 'apoz' / 'mean'
 * (activation statistics of the output channel), 'gradient' (Σ w ⊙ grad), 'random' (a random
 * permutation), 'bernoulli' (DropFilter: each filter kept with probability 1 - s, rescaled mask).
 */
export type StructureRanking = 'l1' | 'l2' | 'apoz' | 'mean' | 'gradient' | 'random' | 'bernoulli';

export type { GroupRegime };

export type DistillerPruner =
  | { kind: 'agp'; initialSparsity: number; finalSparsity: number; weights: string[] }
  | { kind: 'polynomial-decay'; initialSparsity: number; finalSparsity: number; power: number; weights: string[] }
  | { kind: 'level'; levels: Record<string, number> }
  | { kind: 'magnitude'; thresholds: Record<string, number> }
  | { kind: 'sensitivity'; sensitivities: Record<string, number> }
  | {
      kind: 'ranked-structure';
      ranking: StructureRanking;
      group: DistillerGroup;
      target: StructureTarget;
      weights: string[];
      /** 'leader': the first tensor of `weights` is ranked and its choice applies to all of them. */
      groupDependency?: 'leader';
      /** group 'Blocks': [repetitions, depth, height, width]. */
      blockShape?: number[];
    }
  | {
      kind: 'splicing';
      sensitivities: Record<string, number>;
      lowThreshMult: number;
      hiThreshMult: number;
      sensitivityMultiplier: number;
    }
  | { kind: 'structure-threshold'; regimes: Record<string, GroupRegime>; criterion: ThresholdCriterion }
  | { kind: 'baidu-rnn'; q: number; rampEpochOffset: number; rampSlopeMult: number; weights: string[] };

interface Defined<T> {
  /** The instance name (the key under pruners:, regularizers:, ...). */
  name: string;
  /** Distiller's class name as written. */
  className: string;
  line: number;
  spec: T;
}

/** Pruners and regularizers also keep the line of every weight name they give (for errors against a model). */
interface NamesWeights {
  nameLines: Record<string, number>;
}

export type DistillerPrunerDef = Defined<DistillerPruner> & NamesWeights;
export type DistillerRegularizerDef = Defined<Regularizer> & NamesWeights;
export type DistillerLrSchedulerDef = Defined<LrScheduler>;

/** FilterRemover / ChannelRemover (StructureRemover): thinning at the policy's epochs. */
export interface DistillerThinning {
  removes: 'filters' | 'channels';
  /** thinning_func_str, arch and dataset as written (Distiller's thinning recipe inputs). */
  thinningFunction?: string;
  arch?: string;
  dataset?: string;
}
export type DistillerExtensionDef = Defined<DistillerThinning>;

export type PolicyTarget = 'pruner' | 'regularizer' | 'quantizer' | 'lr_scheduler' | 'extension';

/** Policy `args:` Distiller's PruningPolicy and RegularizationPolicy read (snake_case as written). */
export interface PolicyArgs {
  keep_mask?: boolean;
  mask_on_forward_only?: boolean;
  mask_gradients?: boolean;
  use_double_copies?: boolean;
  discard_masks_at_minibatch_end?: boolean;
  skip_first_minibatch?: boolean;
  fold_batchnorm?: boolean;
  mini_batch_pruning_frequency?: number;
}

export interface DistillerPolicy {
  target: PolicyTarget;
  /** instance_name. */
  instance: string;
  when: EpochSpec;
  args: PolicyArgs;
  line: number;
}

export interface DistillerSchedule {
  version?: number;
  pruners: DistillerPrunerDef[];
  regularizers: DistillerRegularizerDef[];
  lrSchedulers: DistillerLrSchedulerDef[];
  extensions: DistillerExtensionDef[];
  /** Quantizers are read as their instance names only (PruneLab does not quantize). */
  quantizers: { name: string; className: string; line: number }[];
  /** In file order. */
  policies: DistillerPolicy[];
  /** Line of each top-level key present (version, pruners, ..., policies). */
  sectionLines: Record<string, number>;
  /** Accepted with a note, each naming its line (e.g. a duplicate key). */
  warnings: string[];
}
