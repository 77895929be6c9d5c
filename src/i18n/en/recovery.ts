// English strings of the recovery area. Keys are shared with ../ko/recovery.ts.
export const recovery = {
  sweepLost:
    '{{label}} stopped when the compute worker restarted: its {{rows}} finished rows are kept; lost: the cell being measured ({{cell}}).',
  sweepLostNone:
    '{{label}} stopped when the compute worker restarted: its {{rows}} finished rows are kept; every cell had finished.',
  sweepNote: 'Stopped by a worker restart: finished rows kept.',
  cell: '{{tensor}} at sparsity {{level}}',
  runLost:
    'The schedule run stopped when the compute worker restarted, in epoch {{epoch}} (batch {{batch}} of {{batches}}). The model holds its last checkpoint (step {{step}}, epoch {{checkpointEpoch}}); lost: the batches trained after it.',
  runLostEpoch:
    'The schedule run stopped when the compute worker restarted. The model holds its last checkpoint (step {{step}}, epoch {{checkpointEpoch}}); lost: the batches trained after it.',
  runLostAll:
    'The schedule run stopped when the compute worker restarted, before its first checkpoint: the model holds the weights it started from; lost: the batches trained so far.',
  hanLost:
    'The Han experiment stopped when the compute worker restarted: the model holds the weights it started from; lost: the experiment’s points.',
  thinLost:
    'Thinning stopped when the compute worker restarted: the model is the masked model again; nothing else was lost.',
  latencyLost: 'The latency measurement stopped when the compute worker restarted: measure again.',
  exportLost: 'The export stopped when the compute worker restarted: export again.',
  weightsRestored: 'The fine-tuned weights of step {{step}} were restored into the restarted worker.',
  budgetLabel: 'Memory budget for model weights (MiB)',
  budgetHelp: 'Models whose weights need more than this (as float32) are refused before loading, on this device.',
  budgetSet: 'Memory budget for model weights: {{size}} on this device.',
  budgetInvalid: 'The memory budget must be a whole number of MiB from 1 to 65536; got {{value}}.',
};
