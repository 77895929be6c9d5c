// Han et al.'s experiment as a plain-text table (what `prunelab han` prints).
import type { HanExperimentResult } from './han-settings';

/** A plain-text table of both curves. */
export function hanTable(r: Omit<HanExperimentResult, 'timeline' | 'options'>): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const lines = [
    `dense: top-1 ${r.dense.top1.toFixed(2)}%, top-5 ${r.dense.top5.toFixed(2)}%, loss ${r.dense.loss.toFixed(4)}`,
    'sparsity  weights  one-shot top-1  iterative top-1',
  ];
  r.oneShot.forEach((p, i) => {
    const it = r.iterative[i];
    const fewer = (1 / Math.max(1e-9, 1 - p.sparsity)).toFixed(1).padStart(6);
    lines.push(
      `${pct(p.sparsity)}%  ${fewer}x  ${p.metrics.top1.toFixed(2).padStart(13)}%  ${(it ? it.metrics.top1.toFixed(2) : '-').padStart(14)}%`,
    );
  });
  lines.push(
    `final sparsity ${pct(r.finalSparsity).trim()}%: iterative loses ${r.iterativeLoss.toFixed(2)} points, one-shot ${r.oneShotLoss.toFixed(2)} points`,
  );
  return lines.join('\n');
}
