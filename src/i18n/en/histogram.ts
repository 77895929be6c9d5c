// English strings of the histogram area. Keys are shared with ../ko/histogram.ts.
export const histogram = {
  tensor: 'Tensor',
  tensorLabel: 'Tensor to show',
  scale: 'Count scale',
  linear: 'Linear',
  log: 'Log',
  chartName: 'weight histogram',
  title: 'Weights of {{name}}',
  loading: 'Loading the histogram…',
  kept: '{{kept}} of {{total}} weights kept ({{percent}})',
  lambdaFromMask: 'λ = {{lambda}}: the largest pruned |w|, the cut this mask makes (|w| ≤ λ is pruned).',
  lambdaFromPlan: 'λ = {{lambda}}: the plan’s threshold (|w| ≤ λ is pruned).',
  noLine: {
    dense: 'Nothing in this tensor is pruned yet, so there is no threshold to draw.',
    structured:
      'Structured pruning removes whole filters, channels, rows or kernels by their norm, not single weights by |w|: no λ line. Compare the kept weights with the dense ones.',
    'not-magnitude':
      'Pruned and kept |w| overlap (random, N:M or coupled pruning): this mask is no single magnitude cut, so there is no λ line.',
  },
  nonFinite_one: '{{count}} weight is NaN or infinite and is left out.',
  nonFinite_other: '{{count}} weights are NaN or infinite and are left out.',
  legend: {
    dense: 'dense weights',
    kept: 'kept weights',
    pruned: 'pruned region (|w| ≤ λ)',
    lambda: '±λ threshold',
  },
  axisX: 'weight value w',
  axisY: 'count',
  axisYLog: 'count (log scale)',
  chartLabel:
    'Histogram of {{name}}: {{bins}} bins from {{min}} to {{max}}; {{kept}} of {{total}} weights kept. The data table below lists every bin.',
  table: {
    summary: 'Data table ({{bins}} bins)',
    caption: 'Weight histogram of {{name}}: dense and kept weights per bin',
    from: 'From',
    to: 'To',
    dense: 'Dense count',
    kept: 'Kept count',
  },
};
