// What the command line says about the measure: accuracy against the labels, or (data without
// labels that fit the model) top-1 agreement with the dense model and KL(dense || pruned).
import type { LabService } from '../core/lab/lab-service';
import type { Metrics } from '../core/types';
import { CliError } from './errors';
import type { CliOutput } from './output';

/**
 * 'labels' or 'agreement' for the data now loaded; says on stderr when the labels do not fit.
 * Throws when not even the inputs fit the model (`required`), else returns null.
 */
export function announceMeasure(lab: LabService, io: CliOutput, required: boolean): 'labels' | 'agreement' | null {
  const data = lab.inputs();
  if (!data) {
    const reason = `the data does not fit the model: ${lab.dataFitReason()}`;
    if (required) throw new CliError(reason);
    io.err(`no accuracy: ${reason}`);
    return null;
  }
  if (data.measure === 'agreement')
    io.err(
      `no labels fit the model (${lab.dataFitReason()}): measuring top-1 agreement with the dense model ` +
        `and KL(dense || pruned)`,
    );
  return data.measure;
}

/** "top-1 91.20%" or "top-1 agreement 97.50%, KL 0.0123" */
export function top1Text(m: Metrics): string {
  return m.measure === 'agreement'
    ? `top-1 agreement ${m.top1.toFixed(2)}%, KL ${(m.kl ?? 0).toFixed(4)}`
    : `top-1 ${m.top1.toFixed(2)}%`;
}

/** The line comparing the dense and the pruned model after `prune`. */
export function comparisonText(before: Metrics, after: Metrics): string {
  if (after.measure === 'agreement')
    return (
      `\nAgreement with the dense model on ${after.n} examples (no labels): top-1 agreement ` +
      `${after.top1.toFixed(2)}%, top-5 ${after.top5.toFixed(2)}%, KL ${(after.kl ?? 0).toFixed(4)}`
    );
  return (
    `\nAccuracy on ${after.n} examples (masked model): top1 ${before.top1.toFixed(2)}% -> ` +
    `${after.top1.toFixed(2)}%, top5 ${before.top5.toFixed(2)}% -> ${after.top5.toFixed(2)}%, loss ` +
    `${before.loss.toFixed(4)} -> ${after.loss.toFixed(4)}`
  );
}
