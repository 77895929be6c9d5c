import { useMemo } from 'react';
import { choiceOf, methodInfo, type MethodChoice } from '../../core/plan/method-info';
import { selectPlan, selectTensors } from '../../state/selectors';
import { LayerRow } from './LayerRow';
import { useLab } from '../shared/use-lab';

export function LayerTable() {
  const tensors = useLab(selectTensors);
  const plan = useLab(selectPlan);
  const inUse = useMemo(() => {
    const choices = new Set<MethodChoice>();
    for (const m of Object.values(plan.tensors)) {
      const c = choiceOf(m);
      if (c) choices.add(c);
    }
    return [...choices].map(methodInfo);
  }, [plan]);
  if (!tensors.length) return null;
  return (
    <section className="panel" aria-label="Prunable layers">
      <h2>Prunable layers</h2>
      <div className="table-wrap">
        <table className="layers">
          <thead>
            <tr>
              <th scope="col">Tensor</th>
              <th scope="col">Layer</th>
              <th scope="col">Shape (TF.js)</th>
              <th scope="col" className="num">
                Params
              </th>
              <th scope="col" className="num">
                NNZ
              </th>
              <th scope="col">Density</th>
              <th scope="col">Method</th>
              <th scope="col">Target</th>
              <th scope="col">Threshold</th>
            </tr>
          </thead>
          <tbody>
            {tensors.map((t) => (
              <LayerRow key={t.name} tensor={t} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Shapes are in TF.js layout: conv [kh, kw, in, out], dense [in, out]. Biases and BatchNorm are never pruned. Pick
        a method per layer (hover it for what it does); the slider then sets its target.
      </p>
      {inUse.length > 0 && (
        <ul className="method-notes" aria-label="Methods in use">
          {inUse.map((m) => (
            <li key={m.choice}>
              <strong>{m.label}:</strong> {m.explain}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
