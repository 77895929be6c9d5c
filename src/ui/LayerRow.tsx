import { useEffect, useState } from 'react';
import type { PrunableTensor } from '../core/types';
import { selectMethod, selectTensorSparsity } from '../state/selectors';
import { int, shape } from './format';
import { useLab, useLabActions } from './use-lab';

export function LayerRow({ tensor }: { tensor: PrunableTensor }) {
  const method = useLab(selectMethod(tensor.name));
  const sp = useLab(selectTensorSparsity(tensor.name));
  const { setMethod } = useLabActions();
  const sparsity = sp?.sparsity ?? 0;
  const sliderValue = method.kind === 'level' ? method.sparsity : sparsity;
  const [threshold, setThreshold] = useState(method.kind === 'magnitude' ? String(method.threshold) : '');
  useEffect(() => {
    setThreshold(method.kind === 'magnitude' ? String(method.threshold) : '');
  }, [method]);

  const commitThreshold = () => {
    if (threshold.trim() === '') {
      if (method.kind === 'magnitude') setMethod(tensor.name, { kind: 'dense' });
      return;
    }
    const t = Number(threshold);
    if (Number.isFinite(t) && t >= 0) setMethod(tensor.name, { kind: 'magnitude', threshold: t });
  };
  const thresholdInvalid = threshold.trim() !== '' && !(Number(threshold) >= 0);

  return (
    <tr data-testid={`layer-${tensor.name}`}>
      <th scope="row" className="mono">{tensor.name}</th>
      <td>{tensor.layerClass}</td>
      <td className="mono">{shape(tensor.shape)}</td>
      <td className="num">{int(tensor.size)}</td>
      <td className="num" data-testid="nnz">{int(sp?.nnz ?? tensor.size)}</td>
      <td className="density-cell">
        <div className="density-bar" aria-hidden>
          <div className="density-fill" style={{ width: `${100 * (1 - sparsity)}%` }} />
        </div>
        <span className="num" data-testid="density">{(100 * (1 - sparsity)).toFixed(1)}%</span>
      </td>
      <td className="slider-cell">
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={sliderValue}
          aria-label={`Sparsity of ${tensor.name}`}
          aria-valuetext={`${(sliderValue * 100).toFixed(0)}% sparsity`}
          onChange={(e) => setMethod(tensor.name, { kind: 'level', sparsity: Number(e.target.value) })}
        />
        <span className="num slider-value">{(sliderValue * 100).toFixed(0)}%</span>
      </td>
      <td>
        <input
          className={`threshold ${thresholdInvalid ? 'invalid' : ''}`}
          type="text"
          inputMode="decimal"
          placeholder="|w| ≤ λ"
          value={threshold}
          aria-label={`Magnitude threshold of ${tensor.name}`}
          aria-invalid={thresholdInvalid}
          title="Magnitude pruning: prune every weight with |w| ≤ λ (Enter to apply, empty to clear)"
          onChange={(e) => setThreshold(e.target.value)}
          onBlur={commitThreshold}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitThreshold();
          }}
        />
      </td>
    </tr>
  );
}
