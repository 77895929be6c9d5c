// English strings of the lesson area. Keys are shared with ../ko/lesson.ts.
export const lesson = {
  toggle: 'Lesson',
  toggleTitle: 'Open or close the guided lesson',
  title: 'Lesson',
  close: 'Close the lesson',
  stepList: 'Lesson steps',
  stepOf: 'Step {{n}} of {{total}}',
  navigation: 'Previous or next step',
  previous: 'Previous',
  next: 'Next',
  showMe: 'Show me',
  showMeBusy: 'Setting up…',
  formula: 'Formula',
  sources: 'Sources',
  yaml: 'The schedule in the editor, as Distiller YAML',
  steps: {
    sparsity: {
      title: 'Sparsity, density and the L0 “norm”',
      text:
        'A weight tensor w has n elements. Its L0 “norm” ‖w‖₀ counts the non-zero ones; it is not a true norm, ' +
        'since scaling w does not scale it. Sparsity s is the fraction of exact zeros, density d the fraction ' +
        'kept. The sparsity table lists every layer: NNZ dense and sparse, Fine (%) = 100·s, and the total.',
      target: 'LeNet-300-100, every layer pruned to 50% by level, the sparsity table open.',
    },
    magnitude: {
      title: 'Magnitude pruning: a threshold λ',
      text:
        'A weight survives only when |w| > λ: the mask m keeps it, and |w| = λ is pruned (Distiller’s strict >). ' +
        'The histogram shows the dense weights and the lines ±λ; everything between them becomes zero. Level ' +
        'pruning fixes the sparsity s instead: λ is the k-th smallest |w| with k = ⌊s·n⌋, ties at λ pruned too.',
      target: 'LeNet-300-100, every layer at λ = 0.03, the weight histogram.',
    },
    granularity: {
      title: 'Granularity: single weights or whole filters',
      text:
        'Element-wise pruning zeroes single weights anywhere; structured pruning removes whole filters (output ' +
        'channels) or channels (input channels), as the mask heat maps show. A dense conv costs the MACs of the ' +
        'formula whatever its zeros: element sparsity saves none on ordinary hardware. Removing a filter shrinks ' +
        'C_out here and C_in of the next layer; thinning makes the model physically smaller.',
      target:
        'VGG-style CNN, half the filters of every conv and the hidden units of fc1 pruned by L1 norm, the cost table.',
    },
    sensitivity: {
      title: 'Sensitivity analysis',
      text:
        'Prune one layer alone to each level s, evaluate, restore it; the other layers stay dense. Each curve is ' +
        'one layer: a flat curve tolerates pruning, a curve that falls early is sensitive. The fully-connected ' +
        'layers hold most of the weights, many of them redundant, so they tolerate more than the first conv, ' +
        'whose few filters see the raw pixels.',
      target: 'LeNet-5, a sweep of every layer, element by element. Stop it at any time: the finished rows stay.',
    },
    han: {
      title: 'One-shot or iterative pruning (Han et al.)',
      text:
        'One-shot pruning cuts to the final sparsity at once. Han et al. prune a little, retrain the surviving ' +
        'weights with the mask held fixed, and repeat. The chart compares both on LeNet-300-100 at the same ' +
        'final sparsity. With the full 60k training set the lab retrains as Han did, without distillation ' +
        '(measured with the command line’s AGP schedule: −0.72 pp at 92% sparsity); on the shipped 10k subset ' +
        'it distils from the dense model. The panel says which.',
      target: 'LeNet-300-100 and the Han experiment panel; its run button starts the experiment.',
    },
    schedules: {
      title: 'Schedules: AGP’s cubic ramp',
      text:
        'Zhu & Gupta’s automated gradual pruning raises sparsity from s_i to s_f in n steps of Δt epochs: fast ' +
        'at first, while many weights are redundant, then slower, leaving the network time to recover. ' +
        'Distiller writes it as a pruner and a policy in YAML (below); there n·Δt = ⌊(ending − starting − 1) / ' +
        'frequency⌋·frequency.',
      target: 'LeNet-300-100, AGP from 5% to 92% over epochs 0–9 in a 12-epoch run: the preview and its YAML.',
    },
    li: {
      title: 'Filter pruning (Li et al. 2017)',
      text:
        'Li et al. rank the filters of each conv by the sum of their absolute weights and remove the smallest, ' +
        'with the matching kernels of the next layer. How many per layer comes from the filter sensitivity ' +
        'curves: sensitive layers keep more. Removed filters save MACs and parameters for real, unlike zeros.',
      target: 'VGG-style CNN, a filter sensitivity sweep over its convs.',
    },
  },
  han: {
    fullSet:
      'Training set: {{name}} ({{n, number}} images). Retraining as Han et al. did: masked retraining, no distillation.',
    subset:
      'Training set: the shipped {{n, number}}-image subset. Retraining distils from the dense model (T = {{temperature}}, ' +
      'α = {{alpha}}) to make up for the few images; drop the 60k Fashion-MNIST training idx files to retrain as ' +
      'Han et al. did.',
    usedPlain: 'This run retrained on {{n, number}} images without distillation, as Han et al.',
    usedDistill:
      'This run retrained on {{n, number}} images with distillation from the dense model (T = {{temperature}}, α = {{alpha}}).',
    loaded: 'Training set for fine-tuning: {{name}} ({{n, number}} images). The test set stays.',
  },
};
