// One line per rule of a schedule that no simple form describes (the read-only view of an imported YAML).
// The words come from the catalogue (`schedule.rule.*`); numbers, tensor names and ids stay as they are.
import type { ScheduleRule } from '../../core/schedule/schedule';
import { i18n } from '../../i18n/i18n';

const t = i18n.t.bind(i18n);

/** One line per rule for the read-only view of an imported schedule, in the current language. */
export function describeRule(rule: ScheduleRule): { name: string; pruner: string; tensors: string; epochs: string } {
  const p = rule.pruner;
  const w = rule.when;
  const epochs =
    'epochs' in w
      ? w.epochs.join(', ')
      : t(p.kind === 'polynomial-decay' ? 'schedule.rule.rangeIncl' : 'schedule.rule.range', {
          start: w.start,
          end: w.end,
          frequency: w.frequency,
        });
  const tensors = rule.tensors === '*' ? t('schedule.rule.all') : rule.tensors.join(', ');
  return { name: rule.name, pruner: describePruner(p), tensors, epochs };
}

const map = (m: Record<string, number>) =>
  `{${Object.entries(m)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`;

type Target = { sparsity: number } | { initialSparsity: number; finalSparsity: number };
const target = (x: Target) =>
  'sparsity' in x ? String(x.sparsity) : t('schedule.rule.agp', { from: x.initialSparsity, to: x.finalSparsity });

function describePruner(p: ScheduleRule['pruner']): string {
  switch (p.kind) {
    case 'agp':
      return (
        t('schedule.rule.agp', { from: p.initialSparsity, to: p.finalSparsity }) +
        (p.structure ? ` (${p.structure.group})` : '')
      );
    case 'polynomial-decay':
      return t('schedule.rule.polynomialDecay', { from: p.initialSparsity, to: p.finalSparsity, power: p.power });
    case 'level':
      return t('schedule.rule.level', { map: map(p.levels) });
    case 'magnitude':
      return t('schedule.rule.magnitude', { map: map(p.thresholds) });
    case 'sensitivity':
      return t('schedule.rule.sensitivity', { map: map(p.sensitivities) });
    case 'structured':
      return t('schedule.rule.structured', { group: p.group, norm: p.norm, sparsity: p.sparsity });
    case 'ranked-filters':
      return t('schedule.rule.filters', { ranking: t(`schedule.ranking.${p.ranking}`), target: target(p.target) });
    case 'blocks':
      return t('schedule.rule.blocks', { shape: `[${p.blockShape.join(', ')}]`, target: target(p.target) });
    case 'random-level':
      return t('schedule.rule.randomLevel', { group: p.group, low: p.low, high: p.high });
    case 'splicing':
      return t('schedule.rule.splicing', { map: map(p.sensitivities), low: p.lowThreshMult, high: p.hiThreshMult });
    case 'structure-threshold': {
      const values = Object.fromEntries(Object.entries(p.regimes).map(([k, r]) => [k, r.value]));
      return t('schedule.rule.groupThreshold', { criterion: p.criterion, map: map(values) });
    }
    case 'baidu-rnn':
      return t('schedule.rule.baiduRnn', { q: p.q });
  }
}
