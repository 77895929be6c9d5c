import { selectTensors } from '../state/selectors';
import { LayerRow } from './LayerRow';
import { useLab } from './use-lab';

export function LayerTable() {
  const tensors = useLab(selectTensors);
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
              <th scope="col" className="num">Params</th>
              <th scope="col" className="num">NNZ</th>
              <th scope="col">Density</th>
              <th scope="col">Sparsity (level)</th>
              <th scope="col">Threshold λ</th>
            </tr>
          </thead>
          <tbody>
            {tensors.map((t) => (
              <LayerRow key={t.name} tensor={t} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">Shapes are in TF.js layout: conv [kh, kw, in, out], dense [in, out]. Biases and BatchNorm are never pruned.</p>
    </section>
  );
}
