// Chart rows of a schedule run's timeline (pure, for the run charts and checkpoint list).
import type { TimelineEvent } from '../../core/lab/types';
import { i18n } from '../../i18n/i18n';

export interface TimelineRow {
  step: number;
  epoch: number;
  kind: TimelineEvent['kind'];
  top1: number;
  top5: number;
  loss: number;
  /** percent */
  sparsity: number;
  trainLoss: number | null;
  /** The active regularizers' loss at the end of an epoch; null when none is active. */
  regularizationLoss: number | null;
  /** The epoch's learning rate (epoch rows). */
  lr: number | null;
  revived: number;
  label: string;
}

/** An event's name (`schedule.event.*`) in the given language, by default the current one. */
export function eventLabel(e: Pick<TimelineEvent, 'kind' | 'epoch' | 'step'>, lng?: string): string {
  return e.kind === 'start'
    ? i18n.t('schedule.event.start', { lng })
    : i18n.t(`schedule.event.${e.kind}`, { epoch: e.epoch, lng });
}

/** One chart row per event; `lng` names the events (default: the current language). */
export function timelineRows(timeline: readonly TimelineEvent[], lng?: string): TimelineRow[] {
  return timeline.map((e) => ({
    step: e.step,
    epoch: e.epoch,
    kind: e.kind,
    top1: e.metrics.top1,
    top5: e.metrics.top5,
    loss: e.metrics.loss,
    sparsity: 100 * e.totalSparsity,
    trainLoss: e.trainLoss ?? null,
    regularizationLoss: e.regularizationLoss ?? null,
    lr: e.lr ?? null,
    revived: e.revived,
    label: eventLabel(e, lng),
  }));
}

/**
 * The dense model's top-1 to compare a run with: its start event when nothing was pruned yet
 * (same evaluation images as the rest of the run), else the lab's dense figure.
 */
export function denseReference(timeline: readonly TimelineEvent[], baselineTop1: number | null): number | null {
  const start = timeline.find((e) => e.kind === 'start');
  if (start && start.totalSparsity === 0) return start.metrics.top1;
  return baselineTop1;
}

/** Whether any event carries a regularization loss (the timeline then shows its column). */
export function hasRegularization(rows: readonly TimelineRow[]): boolean {
  return rows.some((r) => r.regularizationLoss !== null);
}

/** What a run's accuracy figures measure: the labels, or (label-free data) agreement with the dense model. */
export function timelineMeasure(timeline: readonly TimelineEvent[]): 'labels' | 'agreement' {
  return timeline.some((e) => e.metrics.measure === 'agreement') ? 'agreement' : 'labels';
}
