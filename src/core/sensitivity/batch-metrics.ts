// The per-batch statistics live with the evaluation (core/eval/batch-statistics.ts); sweeps use the same ones.
export { batchStatistics, checkOutput, logProbabilities, STAT, STAT_COUNT } from '../eval/batch-statistics';
