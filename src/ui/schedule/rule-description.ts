// One line per rule of a schedule that no simple form describes (the read-only view of an imported YAML).
import type { ScheduleRule } from '../../core/schedule/schedule';

/** One line per rule for the read-only view of an imported schedule. */
export function describeRule(rule: ScheduleRule): { name: string; pruner: string; tensors: string; epochs: string } {
  const p = rule.pruner;
  const map = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  const pruner = describePruner(p, map);
  const w = rule.when;
  const epochs =
    'epochs' in w
      ? w.epochs.join(', ')
      : `${w.start}–${w.end}${p.kind === 'polynomial-decay' ? ' (incl.)' : ''} every ${w.frequency}`;
  return { name: rule.name, pruner, tensors: rule.tensors === '*' ? 'all' : rule.tensors.join(', '), epochs };
}

function describePruner(p: ScheduleRule['pruner'], map: (m: Record<string, number>) => string): string {
  switch (p.kind) {
    case 'agp':
      return `AGP ${p.initialSparsity} → ${p.finalSparsity}${p.structure ? ` (${p.structure.group})` : ''}`;
    case 'polynomial-decay':
      return `polynomial decay ${p.initialSparsity} → ${p.finalSparsity}, power ${p.power}`;
    case 'level':
      return `level {${map(p.levels)}}`;
    case 'magnitude':
      return `magnitude λ {${map(p.thresholds)}}`;
    case 'sensitivity':
      return `sensitivity s {${map(p.sensitivities)}}`;
    case 'structured':
      return `structured ${p.group} ${p.norm} ${p.sparsity}`;
    case 'ranked-filters': {
      const t = p.target;
      const target = 'sparsity' in t ? String(t.sparsity) : `AGP ${t.initialSparsity} → ${t.finalSparsity}`;
      return `filters by ${p.ranking} ${target}`;
    }
    case 'blocks':
      return `blocks [${p.blockShape.join(', ')}] ${'sparsity' in p.target ? p.target.sparsity : `AGP ${p.target.initialSparsity} → ${p.target.finalSparsity}`}`;
    case 'random-level':
      return `random level ${p.group} U(${p.low}, ${p.high})`;
    case 'splicing':
      return `network surgery s {${map(p.sensitivities)}} × [${p.lowThreshMult}, ${p.hiThreshMult}]`;
    case 'structure-threshold': {
      const values = Object.fromEntries(Object.entries(p.regimes).map(([k, r]) => [k, r.value]));
      return `group threshold (${p.criterion}) {${map(values)}}`;
    }
    case 'baidu-rnn':
      return `Baidu RNN q ${p.q}`;
  }
}
