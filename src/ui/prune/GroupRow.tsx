import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { groupDensity, type OutlineGroup } from '../../core/layers-outline';
import { choiceOf, sliderValueOf, type MethodChoice } from '../../core/plan/method-info';
import { methodOf } from '../../core/plan/plan';
import { selectSparsityMap, selectTensorMap } from '../../state/outline-selectors';
import { selectPlan } from '../../state/selectors';
import { int } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';
import { buildMethod, sliderRange } from './MethodSelect';
import { methodText } from './method-text';

const SLIDER_CHOICES: MethodChoice[] = [
  'level',
  'random',
  'global',
  'remaining',
  'filters',
  'channels',
  'rows',
  'cols',
  'kernels',
];

/** The method the block's slider sets: the one all its members share, else level pruning. */
function sharedChoice(choices: (MethodChoice | null)[]): MethodChoice {
  const first = choices[0];
  return first && SLIDER_CHOICES.includes(first) && choices.every((c) => c === first) ? first : 'level';
}

/** A block of the layer table: fold toggle, its members' totals and density, and one slider for all of them. */
export function GroupRow(props: { group: OutlineGroup; members: string[]; open: boolean }) {
  const { group, members, open } = props;
  const tensors = useLab(selectTensorMap);
  const sparsity = useLab(selectSparsityMap);
  const plan = useLab(selectPlan);
  const ranking = useLab((s) => s.ranking);
  const { setGroupsOpen, setMethodFor } = useLabActions();
  const { t } = useTranslation();

  const all = group.members;
  const d = useMemo(() => groupDensity(all, tensors, sparsity), [all, tensors, sparsity]);
  const { choice, value, mixed } = useMemo(() => {
    const methods = all.map((n) => methodOf(plan, n));
    const choice = sharedChoice(methods.map(choiceOf));
    const values = methods.map((m) => (choiceOf(m) === choice ? sliderValueOf(m) : null));
    const same = values.every((v) => v !== null && v === values[0]);
    return { choice, value: same ? values[0]! : 1 - d.density, mixed: !same && values.some((v) => v !== null) };
  }, [all, plan, d.density]);
  const roles = [...new Set(all.map((n) => tensors.get(n)?.role).filter(Boolean))].join(', ');
  const params = all.reduce((k, n) => k + (tensors.get(n)?.size ?? 0), 0);

  return (
    <tr className={`group-row ${open ? 'open' : ''}`} data-testid={`group-${group.id}`}>
      <th scope="row" colSpan={2}>
        <button
          type="button"
          className="fold-button"
          aria-expanded={open}
          aria-label={t(open ? 'prune.group.fold' : 'prune.group.unfold', { name: group.label })}
          onClick={() => setGroupsOpen([group.id], !open)}
        >
          <span className="fold-mark" aria-hidden>
            {open ? '▾' : '▸'}
          </span>
          <span className="mono">{group.label}</span>
        </button>
        <span className="group-facts">
          {members.length < all.length
            ? t('prune.group.someTensors', { shown: members.length, n: all.length, roles })
            : t('prune.group.allTensors', { n: all.length, roles })}
        </span>
      </th>
      <td />
      <td className="num">{int(params)}</td>
      <td className="num">{int(d.nnz)}</td>
      <td>
        <div className="density-cell">
          <div className="density-bar" aria-hidden>
            <div className="density-fill" style={{ transform: `scaleX(${d.density})` }} />
          </div>
          <span className="num" data-testid="group-density">
            {(100 * d.density).toFixed(1)}%
          </span>
        </div>
      </td>
      <td className="muted">{mixed ? t('prune.group.mixed') : methodText(t, choice).label}</td>
      <td className="slider-cell">
        <input
          type="range"
          {...sliderRange(choice)}
          value={value}
          aria-label={t('prune.group.sparsityOf', { name: group.label })}
          title={t('prune.group.sets', { method: methodText(t, choice).label, n: all.length })}
          onChange={(e) => setMethodFor(all, buildMethod(choice, Number(e.target.value), ranking), `group:${group.id}`)}
        />
        <span className="num slider-value">{(value * 100).toFixed(0)}%</span>
      </td>
      <td />
    </tr>
  );
}
