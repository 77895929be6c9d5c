// Li et al.'s experiment as plain-text lines (what `prunelab li` and the bench print); the page
// shows the same figures from the same LiReport.
import type { LiReport } from './li-settings';
import type { RetrainingLoss } from './retraining-loss';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The per-layer ratios, then dense -> thinned figures, then the goal. */
export function liTable(r: LiReport): string {
  const lines = ['layer            filters removed  ratio  own drop at ratio (pp)'];
  for (const x of r.ratios) {
    const f = r.filters[x.parameter];
    const kept = f ? `${f.removed} of ${f.before}` : '-';
    lines.push(
      `${x.parameter.padEnd(16)} ${kept.padStart(15)}  ${pct(x.ratio).padStart(5)}  ${x.predictedDrop.toFixed(2).padStart(6)}`,
    );
  }
  lines.push(
    `params      ${r.params.dense} -> ${r.params.thinned} (${pct(r.paramsRemoved)} removed)`,
    `MACs        ${r.macs.dense} -> ${r.macs.thinned} per example (${pct(r.macsRemoved)} removed)`,
    `latency     ${r.latency.denseMs.toFixed(2)} ms -> ${r.latency.thinnedMs.toFixed(2)} ms, batch ` +
      `${r.latency.batch}, median of ${r.settings.latencyRuns} runs (${r.speedup.toFixed(2)}x)`,
    `top-1       dense ${r.top1.dense.toFixed(2)}%, pruned ${r.top1.pruned.toFixed(2)}% ` +
      `(-${r.loss.pruned.toFixed(2)} pp), fine-tuned ${r.top1.fineTuned.toFixed(2)}% ` +
      `(-${r.loss.fineTuned.toFixed(2)} pp), on ${r.evaluatedOn} test images`,
    `fine-tuning ${liRetrainingText(r.retraining, r.settings.epochs)}`,
    `thinned vs masked: max |diff| ${r.maxDiff.toExponential(2)}`,
    `goal (>= ${pct(r.goal.macsRemoved)} of MACs removed, <= ${r.goal.maxLossPp} pp lost, max |diff| <= ` +
      `${r.goal.tolerance}): ${r.goal.met ? 'met' : 'not met'}`,
  );
  return lines.join('\n');
}

/** Which fine-tuning loss was used, on how many training images, and why. */
export function liRetrainingText(r: RetrainingLoss | null, epochs: number): string {
  if (!r) return 'none (0 epochs)';
  const loss = r.distill
    ? `distillation from the dense model (T ${r.distill.temperature}, alpha ${r.distill.alpha})`
    : 'plain cross-entropy';
  const why =
    r.reason === 'asked' ? 'as asked' : r.reason === 'full-set' ? 'the full training set, as Li et al.' : 'the subset';
  return `${epochs} epoch${epochs === 1 ? '' : 's'} on ${r.trainingImages} training images, ${loss} (${why})`;
}
