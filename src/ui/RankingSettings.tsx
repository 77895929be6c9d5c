import type { RankingDefaults } from '../core/plan/method-info';
import type { Convention } from '../core/types';
import type { StructureNorm } from '../core/plan/plan';
import { useLab, useLabActions } from './use-lab';

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

/** How targets are counted and structures ranked; applies to the next method chosen or slider moved. */
export function RankingSettings() {
  const ranking = useLab((s) => s.ranking);
  const { setRanking } = useLabActions();
  return (
    <div className="ranking" role="group" aria-label="Ranking settings">
      <label className="field">
        <span>Counting convention</span>
        <select aria-label="Counting convention" value={ranking.convention} onChange={(e) => setRanking({ convention: e.target.value as Convention })}>
          {CONVENTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Structure norm</span>
        <select aria-label="Structure norm" value={ranking.norm} onChange={(e) => setRanking({ norm: e.target.value as StructureNorm })}>
          {NORMS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Score normalisation</span>
        <select aria-label="Score normalisation" value={ranking.normalize} onChange={(e) => setRanking({ normalize: e.target.value as RankingDefaults['normalize'] })}>
          {NORMALISE.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
