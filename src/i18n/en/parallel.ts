// English strings of the parallel area. Keys are shared with ../ko/parallel.ts.
export const parallel = {
  timeline: {
    top1: 'Top-1',
    top5: 'Top-5',
    top1Agreement: 'Top-1 agreement',
    top5Agreement: 'Top-5 agreement',
    agreementNote: 'measured without labels: agreement with the dense model',
  },
  workers: {
    label: 'Sweep workers',
    auto: 'default (measured)',
    count_one: '{{count}} worker',
    count_other: '{{count}} workers',
    hint: 'Spread the sweep over several workers, each with its share of the cores (CPU backends only)',
  },
};
