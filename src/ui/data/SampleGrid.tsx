// A grid of sample images with their label and the model's prediction (computed in the worker
// through the mapping in force): a wrong layout, scaling or label map shows at once.
import { useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SampleView } from '../../core/lab/data-samples';

function SampleImage(props: { sample: SampleView }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height, rgba } = props.sample;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  return <canvas ref={canvas} width={width} height={height} className="sample-image" />;
}

function caption(s: SampleView, className: (i: number) => string, t: TFunction): { text: string; wrong: boolean } {
  const predicted =
    s.predicted === null ? t('data.samples.noPrediction') : t('data.samples.model', { name: className(s.predicted) });
  if (s.label === null) return { text: t('data.samples.noLabel', { predicted }), wrong: false };
  const label = s.labelName ?? t('data.samples.classN', { n: s.label });
  const mapped = s.target !== s.label ? t('data.samples.toOutput', { n: s.target }) : '';
  return { text: `${label}${mapped} · ${predicted}`, wrong: s.predicted !== null && s.predicted !== s.target };
}

export function SampleGrid(props: { samples: SampleView[]; classNames?: string[]; labelMap: number[] | null }) {
  const { samples, classNames, labelMap } = props;
  const { t } = useTranslation();
  // a model output is named by the data class mapped to it, when there is one
  const className = (i: number) => {
    const c = labelMap ? labelMap.indexOf(i) : i;
    return (c >= 0 ? classNames?.[c] : undefined) ?? t('data.samples.outputN', { n: i });
  };
  const wrong = samples.filter((s) => caption(s, className, t).wrong).length;
  const labelled = samples.filter((s) => s.label !== null && s.predicted !== null).length;
  return (
    <div className="sample-grid-wrap">
      <p className="card-desc" data-testid="sample-summary">
        {labelled
          ? t('data.samples.predicted', { right: labelled - wrong, labelled })
          : t('data.samples.unlabelled', { n: samples.length })}
      </p>
      <ul className="sample-grid" aria-label={t('data.samples.grid')}>
        {samples.map((s, i) => {
          const c = caption(s, className, t);
          return (
            <li key={i} className={c.wrong ? 'sample wrong' : 'sample'} title={c.text}>
              <SampleImage sample={s} />
              <span className="sample-caption">{c.text}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
