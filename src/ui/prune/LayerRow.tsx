import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { choiceOf, sliderValueOf, type MethodChoice } from '../../core/plan/method-info';
import type { TensorMethod } from '../../core/plan/plan';
import type { PrunableTensor } from '../../core/types';
import { selectMethod } from '../../state/selectors';
import { selectSparsityMap } from '../../state/outline-selectors';
import { int, shape } from '../shared/format';
import { MethodSelect, NM_PATTERNS, buildMethod, carryValue, nmOf, sliderRange } from './MethodSelect';
import { useLab, useLabActions } from '../shared/use-lab';
import { methodText } from './method-text';

const nmSparsity = (p: string) => {
  const [n, m] = p.split(':').map(Number);
  return `${Math.round((100 * (m - n)) / m)}%`;
};

const SPARSITY_KINDS: TensorMethod['kind'][] = ['level', 'random', 'global', 'structured', 'remaining'];

export function LayerRow(props: {
  tensor: PrunableTensor;
  /** shown under its block's row */
  inGroup?: boolean;
  /** a chart click asked for it */
  revealed?: boolean;
}) {
  const { tensor } = props;
  const method = useLab(selectMethod(tensor.name));
  const sp = useLab((s) => selectSparsityMap(s).get(tensor.name) ?? null);
  const skipped = useLab((s) => s.allLayers.skip.includes(tensor.name));
  const ranking = useLab((s) => s.ranking);
  const { setMethod } = useLabActions();
  const { t: tr } = useTranslation();
  const sparsity = sp?.sparsity ?? 0;

  // The method shown follows the plan; on a dense layer it is the one the next slider move will use.
  const [choice, setChoice] = useState<MethodChoice>(choiceOf(method) ?? 'level');
  useEffect(() => {
    const c = choiceOf(method);
    if (c) setChoice(c);
  }, [method]);

  const [threshold, setThreshold] = useState(method.kind === 'magnitude' ? String(method.threshold) : '');
  useEffect(() => {
    setThreshold(method.kind === 'magnitude' ? String(method.threshold) : '');
  }, [method]);
  const thresholdRef = useRef<HTMLInputElement>(null);

  const apply = (m: TensorMethod) => setMethod(tensor.name, m);

  const sliderValue =
    choice === 'sensitivity'
      ? method.kind === 'sensitivity'
        ? method.s
        : 0
      : SPARSITY_KINDS.includes(method.kind)
        ? (sliderValueOf(method) ?? sparsity)
        : sparsity;

  const changeChoice = (c: MethodChoice) => {
    setChoice(c);
    if (c === 'nm') return apply(buildMethod('nm', 0, ranking, nmOf(method)));
    if (c === 'magnitude') {
      // λ is typed in the Threshold column; the current masks stay until it is set.
      thresholdRef.current?.focus();
      return;
    }
    // Nothing pruned yet: the next slider move uses the new method.
    if (method.kind === 'dense') return;
    apply(buildMethod(c, carryValue(c, sliderValue), ranking));
  };

  const commitThreshold = () => {
    if (threshold.trim() === '') {
      if (method.kind === 'magnitude') setMethod(tensor.name, { kind: 'dense' });
      return;
    }
    const t = Number(threshold);
    if (Number.isFinite(t) && t >= 0) setMethod(tensor.name, { kind: 'magnitude', threshold: t });
  };
  const thresholdInvalid = threshold.trim() !== '' && !(Number(threshold) >= 0);
  const range = sliderRange(choice);
  // Moving the slider of a magnitude layer switches it to level pruning, as the slider's name says.
  const sliderChoice = choice === 'magnitude' ? 'level' : choice;

  return (
    <tr
      data-testid={`layer-${tensor.name}`}
      className={`${props.inGroup ? 'in-group' : ''} ${props.revealed ? 'revealed' : ''}`}
    >
      <th scope="row" className="mono" title={tr('prune.row.node', { name: tensor.layerName })}>
        {tensor.name}
        {tensor.source && tensor.source !== tensor.name && (
          <span className="tag" data-testid="tensor-source" title={tr('prune.row.initializer')}>
            {tensor.source}
          </span>
        )}
        {skipped && (
          <span className="tag" title={tr('prune.row.skipTitle')}>
            {tr('prune.row.skip')}
          </span>
        )}
      </th>
      <td>{tensor.layerClass}</td>
      <td className="mono">
        {shape(tensor.shape)}
        {tensor.fileShape && (
          <span className="muted" data-testid="file-shape" title={tr('prune.row.fileShapeTitle')}>
            {' '}
            {tr('prune.row.file', { shape: tensor.fileShape.join(', ') })}
          </span>
        )}
      </td>
      <td className="num">{int(tensor.size)}</td>
      <td className="num" data-testid="nnz">
        {int(sp?.nnz ?? tensor.size)}
      </td>
      <td>
        <div className="density-cell">
          <div className="density-bar" aria-hidden>
            <div className="density-fill" style={{ transform: `scaleX(${1 - sparsity})` }} />
          </div>
          <span className="num" data-testid="density">
            {(100 * (1 - sparsity)).toFixed(1)}%
          </span>
        </div>
      </td>
      <td className="method-cell">
        <MethodSelect
          label={tr('prune.row.methodOf', { name: tensor.name })}
          value={choice}
          rank={tensor.shape.length}
          onChange={changeChoice}
        />
      </td>
      <td className="slider-cell">
        {choice === 'nm' ? (
          <>
            <select
              className="nm-select"
              aria-label={tr('prune.row.nmOf', { name: tensor.name })}
              title={methodText(tr, 'nm').explain}
              value={nmOf(method)}
              onChange={(e) => apply(buildMethod('nm', 0, ranking, e.target.value))}
            >
              {NM_PATTERNS.map((p) => (
                <option key={p} value={p} title={tr('prune.row.nmOption', { n: p.split(':')[0], m: p.split(':')[1] })}>
                  {p}
                </option>
              ))}
            </select>
            <span className="num slider-value">{nmSparsity(nmOf(method))}</span>
          </>
        ) : choice === 'sensitivity' ? (
          <>
            <input
              type="range"
              {...range}
              value={sliderValue}
              aria-label={tr('prune.row.sensitivityOf', { name: tensor.name })}
              aria-valuetext={tr('prune.row.sensitivityValue', { s: sliderValue.toFixed(2) })}
              title={tr('prune.row.sensitivityTitle')}
              onChange={(e) => apply(buildMethod('sensitivity', Number(e.target.value), ranking))}
            />
            <span className="num slider-value">{sliderValue.toFixed(2)}σ</span>
          </>
        ) : (
          <>
            <input
              type="range"
              {...range}
              value={sliderValue}
              aria-label={tr('prune.row.sparsityOf', { name: tensor.name })}
              aria-valuetext={tr(choice === 'remaining' ? 'prune.row.ofRemaining' : 'prune.row.sparsityValue', {
                pct: (sliderValue * 100).toFixed(0),
              })}
              title={methodText(tr, sliderChoice).explain}
              onChange={(e) => apply(buildMethod(sliderChoice, Number(e.target.value), ranking))}
            />
            <span className="num slider-value">{(sliderValue * 100).toFixed(0)}%</span>
          </>
        )}
      </td>
      <td>
        <input
          ref={thresholdRef}
          className={`threshold ${thresholdInvalid ? 'invalid' : ''}`}
          type="text"
          inputMode="decimal"
          placeholder="|w| ≤ λ"
          value={threshold}
          aria-label={tr('prune.row.thresholdOf', { name: tensor.name })}
          aria-invalid={thresholdInvalid}
          title={tr('prune.row.thresholdTitle')}
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
