import type { InputScaling } from '../../core/types';
import { int } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

const LIMITS: (number | null)[] = [null, 5000, 1000, 256, 64];

function scalingKey(s: InputScaling): string {
  return s.kind;
}

export function DataSettings() {
  const dataset = useLab((s) => s.dataset);
  const scaling = useLab((s) => s.scaling);
  const limit = useLab((s) => s.evalLimit);
  const { setScaling, setEvalLimit } = useLabActions();
  return (
    <section className="panel" aria-label="Evaluation data">
      <h2>Evaluation data</h2>
      <p className="card-desc">
        {dataset
          ? `${dataset.name}: ${int(dataset.n)} images, ${dataset.rows}×${dataset.cols}, ${dataset.numClasses} classes`
          : 'loading…'}
      </p>
      <label className="field">
        <span>Input scaling</span>
        <select
          aria-label="Input scaling"
          value={scalingKey(scaling)}
          onChange={(e) => {
            const k = e.target.value;
            void setScaling(
              k === 'unit'
                ? { kind: 'unit' }
                : k === 'symmetric'
                  ? { kind: 'symmetric' }
                  : { kind: 'standard', mean: 0.286, std: 0.353 },
            );
          }}
        >
          <option value="unit">pixels / 255 → [0, 1]</option>
          <option value="symmetric">[−1, 1]</option>
          <option value="standard">(x/255 − mean) / std (Fashion-MNIST 0.2860, 0.3530)</option>
        </select>
      </label>
      <label className="field">
        <span>Test images evaluated</span>
        <select
          aria-label="Test images evaluated"
          value={limit === null ? 'all' : String(limit)}
          onChange={(e) => void setEvalLimit(e.target.value === 'all' ? null : Number(e.target.value))}
        >
          {LIMITS.map((l) => (
            <option key={String(l)} value={l === null ? 'all' : String(l)}>
              {l === null ? `all${dataset ? ` (${int(dataset.n)})` : ''}` : `first ${int(l)}`}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
