import { beforeEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../core/lab/types';
import { i18n } from '../../i18n/i18n';
import { denseReference, hasRegularization, timelineMeasure, timelineRows } from './run-series';

const ev = (
  step: number,
  kind: TimelineEvent['kind'],
  epoch: number,
  top1: number,
  totalSparsity: number,
): TimelineEvent => ({
  step,
  kind,
  epoch,
  metrics: { top1, top5: top1 + 5, loss: 0.5, n: 100 },
  sparsity: {},
  totalSparsity,
  revived: kind === 'epoch' ? 12 : 0,
  prunedNonZero: 0,
  ...(kind === 'epoch' ? { trainLoss: 0.3 } : {}),
});

describe('timelineRows', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('turns events into chart rows with sparsity in percent and a readable label', () => {
    const rows = timelineRows([
      ev(0, 'start', 0, 97, 0),
      ev(1, 'prune', 0, 80, 0.9),
      ev(2, 'epoch', 0, 96, 0.9),
      ev(3, 'thin', 1, 96, 0.5),
    ]);
    expect(rows.map((r) => r.label)).toEqual(['start', 'prune @ epoch 0', 'end of epoch 0', 'thin @ epoch 1']);
    expect(rows[1].sparsity).toBeCloseTo(90, 10);
    expect(rows[2]).toMatchObject({ step: 2, top1: 96, top5: 101, trainLoss: 0.3, revived: 12 });
    expect(rows[0].trainLoss).toBeNull();
    expect(hasRegularization(rows)).toBe(false);
  });

  it('names the events in the current language', async () => {
    await i18n.changeLanguage('ko');
    const rows = timelineRows([ev(0, 'start', 0, 97, 0), ev(1, 'prune', 2, 80, 0.9), ev(2, 'epoch', 2, 96, 0.9)]);
    expect(rows.map((r) => r.label)).toEqual(['시작', '에폭 2에서 가지치기', '에폭 2 끝']);
    await i18n.changeLanguage('en');
  });

  it('carries the regularization loss and the learning rate of epoch events', () => {
    const rows = timelineRows([
      ev(0, 'start', 0, 97, 0),
      { ...ev(1, 'epoch', 0, 96, 0), regularizationLoss: 0.25, lr: 0.01 },
    ]);
    expect(rows[1]).toMatchObject({ regularizationLoss: 0.25, lr: 0.01 });
    expect(rows[0]).toMatchObject({ regularizationLoss: null, lr: null });
    expect(hasRegularization(rows)).toBe(true);
  });
});

describe('denseReference', () => {
  it('uses the start event when it is dense, else the lab baseline', () => {
    expect(denseReference([ev(0, 'start', 0, 97.5, 0)], 90)).toBe(97.5);
    expect(denseReference([ev(0, 'start', 0, 95, 0.5)], 90)).toBe(90);
    expect(denseReference([], null)).toBeNull();
  });
});

describe('timelineMeasure', () => {
  it('says agreement when the run was measured against the dense model, else labels', () => {
    const labelled = [ev(0, 'start', 0, 97, 0), ev(1, 'epoch', 0, 96, 0.5)];
    expect(timelineMeasure(labelled)).toBe('labels');
    const free = labelled.map((e) => ({ ...e, metrics: { ...e.metrics, measure: 'agreement' as const, kl: 0.1 } }));
    expect(timelineMeasure(free)).toBe('agreement');
    expect(timelineMeasure([])).toBe('labels');
  });
});
