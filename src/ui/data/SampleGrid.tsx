// A grid of sample images with their label and the model's prediction (computed in the worker
// through the mapping in force): a wrong layout, scaling or label map shows at once.
import { useEffect, useRef } from 'react';
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

function caption(s: SampleView, className: (i: number) => string): { text: string; wrong: boolean } {
  const predicted = s.predicted === null ? 'no prediction' : `model: ${className(s.predicted)}`;
  if (s.label === null) return { text: `no label · ${predicted}`, wrong: false };
  const label = s.labelName ?? `class ${s.label}`;
  const mapped = s.target !== s.label ? ` → output ${s.target}` : '';
  return { text: `${label}${mapped} · ${predicted}`, wrong: s.predicted !== null && s.predicted !== s.target };
}

export function SampleGrid(props: { samples: SampleView[]; classNames?: string[]; labelMap: number[] | null }) {
  const { samples, classNames, labelMap } = props;
  // a model output is named by the data class mapped to it, when there is one
  const className = (i: number) => {
    const c = labelMap ? labelMap.indexOf(i) : i;
    return (c >= 0 ? classNames?.[c] : undefined) ?? `output ${i}`;
  };
  const wrong = samples.filter((s) => caption(s, className).wrong).length;
  const labelled = samples.filter((s) => s.label !== null && s.predicted !== null).length;
  return (
    <div className="sample-grid-wrap">
      <p className="card-desc" data-testid="sample-summary">
        {labelled
          ? `${labelled - wrong} of ${labelled} samples predicted as labelled`
          : `${samples.length} samples (no labels to compare with)`}
      </p>
      <ul className="sample-grid" aria-label="Sample images">
        {samples.map((s, i) => {
          const c = caption(s, className);
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
