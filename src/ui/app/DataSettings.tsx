import { useEffect, useRef, type ChangeEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
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

function describe(d: DatasetInfo, t: TFunction): string {
  const rgb = (d.channels ?? 1) === 3 ? ' RGB' : '';
  const labels = d.labelled === false ? t('data.noLabels') : t('data.classes', { n: d.numClasses });
  const unit = d.rows > 1 ? t('data.images') : t('data.rows');
  return t('data.describe', { name: d.name, n: int(d.n), unit, rows: d.rows, cols: d.cols, rgb, labels });
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
  const { t } = useTranslation();
  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = await readDroppedFiles(e.target.files);
    e.target.value = '';
    if (files.length) void openFiles(files);
  };
  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <section className="panel" aria-label={t('data.panel')}>
      <h2>{t('data.panel')}</h2>
      <p className="card-desc">{dataset ? describe(dataset, t) : t('data.loading')}</p>
      {decoding && (
        <p className="card-desc decode-progress" role="status">
          {progress ? t('data.decoding', { done: int(progress.done), total: int(progress.total) }) : t('data.reading')}{' '}
          <progress aria-label={t('data.decodingProgress')} max={progress?.total ?? 1} value={progress?.done ?? 0} />{' '}
          <button type="button" className="btn btn-small" onClick={cancelDataLoad}>
            {t('data.cancel')}
          </button>
        </p>
      )}
      <div className="mapping-actions">
        <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
          {t('data.openFolder')}
        </button>
        <button type="button" className="btn" onClick={() => filesInput.current?.click()}>
          {t('data.openFiles')}
        </button>
        <input ref={folderInput} type="file" hidden multiple aria-label={t('data.imageFolder')} onChange={open} />
        <input
          ref={filesInput}
          type="file"
          hidden
          multiple
          aria-label={t('data.dataFiles')}
          accept=".npz,.npy,.csv,.zip,.bin,.txt,.gz,.png,.jpg,.jpeg,.webp,application/zip,application/octet-stream"
          onChange={open}
        />
      </div>
      <InputLayoutField />
      <MemoryBudgetField />
      <InputMappingStep />
      <label className="field">
        <span>{t('data.inputScaling')}</span>
        <select
          aria-label={t('data.inputScaling')}
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
          <option value="unit">{t('data.scalingUnit')}</option>
          <option value="symmetric">[−1, 1]</option>
          <option value="standard">{t('data.scalingStandard')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('data.testImages')}</span>
        <select
          aria-label={t('data.testImages')}
          value={limit === null ? 'all' : String(limit)}
          onChange={(e) => void setEvalLimit(e.target.value === 'all' ? null : Number(e.target.value))}
        >
          {LIMITS.map((l) => (
            <option key={String(l)} value={l === null ? 'all' : String(l)}>
              {l !== null
                ? t('data.first', { n: int(l) })
                : dataset
                  ? t('data.allCount', { n: int(dataset.n) })
                  : t('data.all')}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
