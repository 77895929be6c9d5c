// English strings of the li area. Keys are shared with ../ko/li.ts.
export const li = {
  title: 'Li et al. 2017: pruning filters guided by sensitivity',
  intro:
    'Pruning Filters for Efficient ConvNets (Li, Kadav, Durdanovic, Samet, Graf 2017): sweep each conv layer alone, ' +
    'removing its filters with the smallest L1 norm; prune the layers that are not sensitive, each to the largest ' +
    'ratio whose own top-1 drop stays within the budget; remove those filters physically (thinning), then fine-tune ' +
    'the smaller model on the 10k training subset, by distillation from the dense model (plain cross-entropy, as ' +
    'Li et al., on a larger training set). The figures below are the ones `prunelab li` prints.',
  notVgg: 'The experiment is set up for the VGG-style demo; other conv models run too.',
  switchVgg: 'Switch to the VGG-style demo',
  budget: 'Budget per layer (top-1 points)',
  epochs: 'Fine-tuning epochs',
  trainImages: 'Training images',
  allImages: 'all',
  run: 'Run Li experiment',
  cancel: 'Cancel',
  phasesCaption: 'Phases',
  phase: {
    dense: 'Dense top-1',
    sweep: 'Filter sensitivity sweep',
    prune: 'Prune filters by L1',
    thin: 'Thin and check',
    fineTune: 'Fine-tune the thinned model',
  },
  state: {
    pending: 'waiting',
    running: 'running',
    done: 'done',
  },
  progress: '{{done}} / {{total}}',
  ratiosCaption: 'Filter ratios chosen from the curves',
  col: {
    layer: 'Layer',
    filters: 'Filters removed',
    ratio: 'Ratio',
    drop: 'Own drop (pp)',
    figure: 'Figure',
    dense: 'Dense',
    thinned: 'Thinned',
    change: 'Change',
  },
  filtersOf: '{{removed}} of {{before}}',
  figuresCaption: 'Dense → thinned',
  row: {
    params: 'Parameters',
    macs: 'MACs per example',
    latency: 'Latency, batch {{batch}} (median of {{runs}} runs)',
    top1Pruned: 'Top-1 after pruning, before fine-tuning',
    top1FineTuned: 'Top-1 after fine-tuning',
    maxDiff: 'Thinned vs masked outputs, max |Δ|',
  },
  removed: '{{pct}} removed',
  speedup: '{{x}}× as fast',
  lost: '{{pp}} pp',
  evaluatedOn: 'Top-1 measured on {{n}} test images.',
  retrainingDistill:
    'Fine-tuning loss: distillation from the dense model (T {{temperature}}, alpha {{alpha}}) on {{n}} training images ({{why}}).',
  retrainingPlain: 'Fine-tuning loss: plain cross-entropy on {{n}} training images ({{why}}).',
  retrainingWhy: {
    subset: 'no more than the shipped 10k subset',
    fullSet: 'the full training set, as Li et al.',
    asked: 'as asked',
  },
  goalMet: 'Goal met: at least {{macs}} of the MACs removed, at most {{pp}} pp of top-1 lost, thinned = masked.',
  goalNotMet: 'Goal not met (at least {{macs}} of the MACs removed, at most {{pp}} pp lost, thinned = masked).',
  cancelled: 'Cancelled: the finished phases are kept above.',
  refused: 'The Li experiment was refused: {{reason}}',
  failed: 'The Li experiment failed: {{reason}}',
};
