import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { groupDensity, type OutlineGroup } from '../../core/layers-outline';
import { selectOutline, selectSparsityMap, selectTensorMap } from '../../state/outline-selectors';
import { densityColor } from '../shared/density-color';
import { useLab, useLabActions } from '../shared/use-lab';

/** Shown from this many tensors: smaller models fit in the table at a glance. */
const MINIMAP_FROM = 12;

/**
 * The model's outline at a glance: every tensor a cell in network order, clustered by block and
 * coloured by density, so a person sees where in the network the pruning sits. A click opens it.
 */
export function ModelMinimap() {
  const outline = useLab(selectOutline);
  const tensors = useLab(selectTensorMap);
  const sparsity = useLab(selectSparsityMap);
  const { revealTensor } = useLabActions();
  const { t } = useTranslation();
  if (outline.order.size < MINIMAP_FROM) return null;
  const density = (name: string) => 1 - (sparsity.get(name)?.sparsity ?? 0);
  return (
    <section className="panel minimap" aria-label={t('prune.minimap.title')}>
      <h2>{t('prune.minimap.title')}</h2>
      <div className="minimap-cells">
        {outline.groups.map((g) => (
          <MinimapGroup
            key={g.id}
            group={g}
            density={groupDensity(g.members, tensors, sparsity).density}
            // one string per block: a block whose densities did not change is not rendered again
            densities={g.members.map(density).join(' ')}
            reveal={revealTensor}
          />
        ))}
      </div>
      <p className="hint minimap-legend">
        <span className="minimap-cell" style={{ background: densityColor(1) }} /> {t('prune.minimap.dense')}
        <span className="minimap-cell" style={{ background: densityColor(0.5) }} /> 50%
        <span className="minimap-cell" style={{ background: densityColor(0.05) }} /> 5% · {t('prune.minimap.order')}
      </p>
    </section>
  );
}

const MinimapGroup = memo(function MinimapGroup(props: {
  group: OutlineGroup;
  density: number;
  densities: string;
  reveal: (name: string) => void;
}) {
  const { group: g, density: d } = props;
  const each = props.densities.split(' ').map(Number);
  const { t } = useTranslation();
  return (
    <span
      className={`minimap-group ${g.source === 'single' ? 'single' : ''}`}
      title={t('prune.minimap.groupTitle', { name: g.label, pct: (100 * d).toFixed(1) })}
    >
      {g.members.map((name, i) => (
        <button
          key={name}
          type="button"
          className="minimap-cell"
          style={{ background: densityColor(each[i]) }}
          title={t('prune.minimap.groupTitle', { name, pct: (100 * each[i]).toFixed(1) })}
          aria-label={t('prune.minimap.show', { name })}
          tabIndex={-1}
          onClick={() => props.reveal(name)}
        />
      ))}
    </span>
  );
});
