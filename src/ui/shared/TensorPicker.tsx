import { useTranslation } from 'react-i18next';
import './picker.css';
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  groupCheck,
  kernelSize,
  TENSOR_KINDS,
  tensorsOfKind,
  withNames,
  type OutlineRow,
} from '../../core/layers-outline';
import type { PrunableTensor } from '../../core/types';
import { selectOutline, selectTensorMap } from '../../state/outline-selectors';
import { selectTensors } from '../../state/selectors';
import { useLab, useLabActions } from './use-lab';
import { useOutlineRows } from './use-outline-rows';

/** where a kind's visible label sits in its button's translated name */
const KIND_SLOT = '\u0001';

/** Past this many rows only the rows in view are rendered. */
const VIRTUAL_FROM = 40;
const ROW_PX = 26;

export interface TensorPickerProps {
  legend: string;
  /** what a ticked box does, e.g. "Skip": boxes read "Skip conv1/kernel", kind buttons "Skip all depthwise" */
  verb: string;
  selected: readonly string[];
  onChange(next: string[]): void;
  /** tensors that cannot be picked (shown greyed, with `why`) */
  eligible?: (t: PrunableTensor) => boolean;
  why?: string;
  disabled?: boolean;
}

/**
 * The one way to pick tensors (the skip list, the sweep's layers): the model's blocks with a box each,
 * the shared search, and buttons that select every tensor of a kind.
 */
export function TensorPicker(props: TensorPickerProps) {
  const tensors = useLab(selectTensors);
  const tensorMap = useLab(selectTensorMap);
  const order = useLab(selectOutline).order;
  const { rows } = useOutlineRows();
  const { setGroupsOpen } = useLabActions();
  const { t: tr } = useTranslation();
  const verb = props.verb;
  const eligible = props.eligible ?? (() => true);
  const selected = useMemo(() => new Set(props.selected), [props.selected]);
  const pickable = (names: readonly string[]) => names.filter((n) => tensorMap.has(n) && eligible(tensorMap.get(n)!));
  const set = (names: readonly string[], on: boolean) =>
    props.onChange(withNames(props.selected, on ? pickable(names) : names, on, order));

  const kinds = TENSOR_KINDS.map((k) => ({
    kind: k.kind,
    label: tr(`app.picker.kind.${k.kind}`),
    explain: tr(`app.picker.kindExplain.${k.kind}`),
    names: pickable(tensorsOfKind(tensors, k.kind)),
  })).filter((k) => k.names.length > 0 && (k.kind === 'first' || k.kind === 'last' || k.names.length < tensors.length));
  const blocks = rows.some((r) => r.kind === 'group');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUAL_FROM;
  const v = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
  });

  const row = (r: OutlineRow) => {
    if (r.kind === 'group') {
      const members = pickable(r.members);
      const check = groupCheck(members, selected);
      return (
        <div className="pick-group">
          <button
            type="button"
            className="fold-button"
            aria-expanded={r.open}
            aria-label={tr(r.open ? 'app.picker.fold' : 'app.picker.unfold', {
              name: r.group.label,
              verb: verb.toLowerCase(),
            })}
            onClick={() => setGroupsOpen([r.group.id], !r.open)}
          >
            {r.open ? '▾' : '▸'}
          </button>
          <label className="layer-pick">
            <input
              type="checkbox"
              aria-label={tr('app.picker.block', { verb, name: r.group.label })}
              checked={check === 'all' && members.length > 0}
              ref={(el) => {
                if (el) el.indeterminate = check === 'some';
              }}
              disabled={props.disabled || members.length === 0}
              onChange={(e) => set(r.members, e.target.checked)}
            />
            <span className="mono">{r.group.label}</span>
            <span className="muted">
              {members.filter((m) => selected.has(m)).length}/{r.members.length}
            </span>
          </label>
        </div>
      );
    }
    const t = tensorMap.get(r.name);
    if (!t) return null;
    const ok = eligible(t);
    return (
      <label
        className={`layer-pick ${r.group ? 'in-group' : ''} ${ok ? '' : 'disabled'}`}
        title={ok ? undefined : props.why}
      >
        <input
          type="checkbox"
          aria-label={tr('app.picker.tensor', { verb, name: t.name })}
          checked={ok && selected.has(t.name)}
          disabled={!ok || props.disabled}
          onChange={(e) => set([t.name], e.target.checked)}
        />
        <span className="mono">{t.name}</span>
        {blocks && (
          <span className="muted">
            {t.role === 'dense' ? tr('app.picker.dense') : `${kernelSize(t)} ${tr(`app.picker.role.${t.role}`)}`}
          </span>
        )}
      </label>
    );
  };

  const items = v.getVirtualItems();
  return (
    <fieldset className={`tensor-picker ${blocks ? 'tree' : 'flat'}`}>
      <legend>{props.legend}</legend>
      <div className="pick-kinds" role="group" aria-label={tr('app.picker.byKind', { verb })}>
        <button
          type="button"
          className="btn btn-small"
          disabled={props.disabled}
          onClick={() =>
            set(
              tensors.map((t) => t.name),
              true,
            )
          }
        >
          {tr('app.picker.all')}
        </button>
        <button type="button" className="btn btn-small" disabled={props.disabled} onClick={() => props.onChange([])}>
          {tr('app.picker.none')}
        </button>
        {kinds.map((k) => {
          const on = k.names.every((n) => selected.has(n));
          // the name read out ("Skip all depthwise 12") holds the visible text whole, in either language
          const [before, after] = tr('app.picker.kindAll', { verb, kind: KIND_SLOT }).split(KIND_SLOT);
          return (
            <button
              key={k.kind}
              type="button"
              className={`btn btn-small ${on ? 'pressed' : ''}`}
              aria-pressed={on}
              title={tr(on ? 'app.picker.unselect' : 'app.picker.select', { what: k.explain, n: k.names.length })}
              disabled={props.disabled}
              onClick={() => set(k.names, !on)}
            >
              {before && <span className="visually-hidden">{before}</span>}
              {k.label} <span className="muted">{k.names.length}</span>
              {after && <span className="visually-hidden">{after}</span>}
            </button>
          );
        })}
        <span className="muted pick-count">
          {tr('app.picker.selected', { n: props.selected.length, total: tensors.length })}
        </span>
      </div>
      <div className={`pick-list ${virtual ? 'scroll-box' : ''}`} ref={scrollRef}>
        {virtual ? (
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {items.map((it) => (
              <div
                key={it.key}
                className="pick-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${it.start}px)` }}
              >
                {row(rows[it.index])}
              </div>
            ))}
          </div>
        ) : (
          rows.map((r) => (
            <div key={r.kind === 'group' ? `g:${r.group.id}` : r.name} className="pick-row">
              {row(r)}
            </div>
          ))
        )}
      </div>
    </fieldset>
  );
}
