import { useEffect, useRef, type ChangeEvent } from 'react';
import type { DatasetInfo } from '../../core/lab/types';
import type { InputScaling } from '../../core/types';
import { InputMappingStep } from '../data/InputMappingStep';
import { InputLayoutField } from './InputLayoutField';
import { MemoryBudgetField } from './MemoryBudgetField';
import { readDroppedFiles } from '../shared/read-files';
import { int } from '../shared/format';
import { useLab, useLabActions } from '../shared/use-lab';

const LIMITS: (number | null)[] = [null, 5000, 1000, 256, 64];

function scalingKey(s: InputScaling): string {
  return s.kind;
}

function describe(d: DatasetInfo): string {
  const channels = (d.channels ?? 1) === 3 ? ' RGB' : '';
  const labels =
    d.labelled === false ? 'no labels (measured by agreement with the dense model)' : `${d.numClasses} classes`;
  return `${d.name}: ${int(d.n)} ${d.rows > 1 ? 'images' : 'rows'}, ${d.rows}×${d.cols}${channels}, ${labels}`;
}

export function DataSettings() {
  const dataset = useLab((s) => s.dataset);
  const scaling = useLab((s) => s.scaling);
  const limit = useLab((s) => s.evalLimit);
  const progress = useLab((s) => s.dataProgress);
  const decoding = useLab((s) => s.dataJob !== 0);
  const { setScaling, setEvalLimit, openFiles, cancelDataLoad } = useLabActions();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = await readDroppedFiles(e.target.files);
    e.target.value = '';
    if (files.length) void openFiles(files);
  };
  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <section className="panel" aria-label="Evaluation data">
      <h2>Evaluation data</h2>
      <p className="card-desc">{dataset ? describe(dataset) : 'loading…'}</p>
      {decoding && (
        <p className="card-desc decode-progress" role="status">
          {progress ? `Decoding images: ${int(progress.done)} / ${int(progress.total)}` : 'Reading the data…'}{' '}
          <progress aria-label="Decoding progress" max={progress?.total ?? 1} value={progress?.done ?? 0} />{' '}
          <button type="button" className="btn btn-small" onClick={cancelDataLoad}>
            Cancel
          </button>
        </p>
      )}
      <div className="mapping-actions">
        <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
          Open image folder…
        </button>
        <button type="button" className="btn" onClick={() => filesInput.current?.click()}>
          Open data files…
        </button>
        <input ref={folderInput} type="file" hidden multiple aria-label="Image folder" onChange={open} />
        <input
          ref={filesInput}
          type="file"
          hidden
          multiple
          aria-label="Data files"
          accept=".npz,.npy,.csv,.zip,.bin,.txt,.gz,.png,.jpg,.jpeg,.webp,application/zip,application/octet-stream"
          onChange={open}
        />
      </div>
      <InputLayoutField />
      <MemoryBudgetField />
      <InputMappingStep />
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
