import type { RankingDefaults } from '../../core/plan/method-info';
import type { Convention } from '../../core/types';
import type { StructureNorm } from '../../core/plan/plan';
import { useLab, useLabActions } from '../shared/use-lab';

const CONVENTIONS: { value: Convention; text: string }[] = [
  { value: 'distiller', text: 'Distiller: prune floor(s·n), ties pruned' },
  { value: 'torch', text: 'PyTorch: prune round(s·n) half-even, exactly' },
  { value: 'tfmot', text: 'TF-MOT: keep round(n·(1−s)) ≥ 1, ties kept' },
];
const NORMS: { value: StructureNorm; text: string }[] = [
  { value: 'l1', text: 'L1 (sum |w|)' },
  { value: 'l2', text: 'L2 (root of sum w²)' },
  { value: 'random', text: 'Random (seeded baseline)' },
];
const NORMALISE: { value: RankingDefaults['normalize']; text: string }[] = [
  { value: 'mean', text: 'mean: norm / size (Distiller)' },
  { value: 'raw', text: 'raw norm (PyTorch, Li et al.)' },
];

/** One labelled select of the ranking settings. */
function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; text: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
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
  return (
    <div className="ranking" role="group" aria-label="Ranking settings">
      <Choice
        label="Counting convention"
        value={ranking.convention}
        options={CONVENTIONS}
        onChange={(convention) => setRanking({ convention })}
      />
      <Choice label="Structure norm" value={ranking.norm} options={NORMS} onChange={(norm) => setRanking({ norm })} />
      <Choice
        label="Score normalisation"
        value={ranking.normalize}
        options={NORMALISE}
        onChange={(normalize) => setRanking({ normalize })}
      />
    </div>
  );
}
