import { useTranslation } from 'react-i18next';
import type { RankingDefaults } from '../../core/plan/method-info';
import type { Convention } from '../../core/types';
import type { StructureNorm } from '../../core/plan/plan';
import { useLab, useLabActions } from '../shared/use-lab';

// each option's text is `prune.ranking.<value>`
const CONVENTIONS: Convention[] = ['distiller', 'torch', 'tfmot'];
const NORMS: StructureNorm[] = ['l1', 'l2', 'random'];
const NORMALISE: RankingDefaults['normalize'][] = ['mean', 'raw'];

/** One labelled select of the ranking settings. */
function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: T[];
  text: (v: T) => string;
  onChange: (v: T) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How targets are counted and structures ranked; applies to the next method chosen or slider moved. */
export function RankingSettings() {
  const ranking = useLab((s) => s.ranking);
  const { setRanking } = useLabActions();
  const { t } = useTranslation();
  return (
    <div className="ranking" role="group" aria-label={t('prune.ranking.group')}>
      <Choice
        label={t('prune.ranking.convention')}
        value={ranking.convention}
        options={CONVENTIONS}
        text={(v) => t(`prune.ranking.${v}`)}
        onChange={(convention) => setRanking({ convention })}
      />
      <Choice
        label={t('prune.ranking.norm')}
        value={ranking.norm}
        options={NORMS}
        text={(v) => t(`prune.ranking.${v}`)}
        onChange={(norm) => setRanking({ norm })}
      />
      <Choice
        label={t('prune.ranking.normalise')}
        value={ranking.normalize}
        options={NORMALISE}
        text={(v) => t(`prune.ranking.${v}`)}
        onChange={(normalize) => setRanking({ normalize })}
      />
    </div>
  );
}
