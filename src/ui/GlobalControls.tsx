import { useState } from 'react';
import { selectCanUndo, selectIsPruned } from '../state/selectors';
import { useLab, useLabActions } from './use-lab';

export function GlobalControls() {
  const canUndo = useLab(selectCanUndo);
  const pruned = useLab(selectIsPruned);
  const hasModel = useLab((s) => s.model !== null);
  const { setAll, undo, reset } = useLabActions();
  const [target, setTarget] = useState(0.5);

  return (
    <section className="panel global" aria-label="Whole model">
      <div className="global-row">
        <label className="field grow">
          <span>Prune all layers to</span>
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={target}
            aria-label="Sparsity of all layers"
            disabled={!hasModel}
            onChange={(e) => setTarget(Number(e.target.value))}
          />
        </label>
        <output className="big-number" aria-label="Target sparsity of all layers">{(target * 100).toFixed(0)}%</output>
        <button type="button" className="btn btn-primary" disabled={!hasModel} onClick={() => setAll({ kind: 'level', sparsity: target })}>
          Prune all
        </button>
        <button type="button" className="btn" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="btn" disabled={!pruned} onClick={reset}>
          Reset to dense
        </button>
      </div>
      <p className="hint">Level pruning by magnitude (Distiller): each layer keeps its largest |w|; ties at the threshold are pruned. The dense weights are kept, so reset and undo lose nothing.</p>
    </section>
  );
}
