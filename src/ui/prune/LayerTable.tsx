import { useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { OutlineRow } from '../../core/layers-outline';
import { choiceOf, methodInfo, type MethodChoice } from '../../core/plan/method-info';
import { selectTensorMap } from '../../state/outline-selectors';
import { selectPlan, selectTensors } from '../../state/selectors';
import { useOutlineRows } from '../shared/use-outline-rows';
import { GroupRow } from './GroupRow';
import { LayerRow } from './LayerRow';
import { useLab } from '../shared/use-lab';

/**
 * Past this many rows only the rows in view are rendered. Rows then have one fixed height (the
 * `fixed-rows` style), so the list never measures a row: measuring forces a layout on every fold.
 */
const VIRTUAL_FROM = 40;
const ROW_PX = 44;
const COLUMNS = 9;

const rowKey = (r: OutlineRow) => (r.kind === 'group' ? `g:${r.group.id}` : `t:${r.name}`);

export function LayerTable() {
  const tensors = useLab(selectTensors);
  const tensorMap = useLab(selectTensorMap);
  const plan = useLab(selectPlan);
  const revealed = useLab((s) => s.revealed);
  const { rows, matched } = useOutlineRows();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUAL_FROM;
  const v = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    getItemKey: (i) => rowKey(rows[i]),
  });
  const inUse = useMemo(() => {
    const choices = new Set<MethodChoice>();
    for (const m of Object.values(plan.tensors)) {
      const c = choiceOf(m);
      if (c) choices.add(c);
    }
    return [...choices].map(methodInfo);
  }, [plan]);

  // A click on a chart opened the tensor's block; bring its row into view once.
  const shown = useRef(0);
  useEffect(() => {
    if (!revealed || revealed.at === shown.current) return;
    const i = rows.findIndex((r) => r.kind === 'tensor' && r.name === revealed.name);
    if (i < 0) return;
    shown.current = revealed.at;
    scrollRef.current?.scrollIntoView({ block: 'nearest' });
    if (virtual) v.scrollToIndex(i, { align: 'center' });
    else
      scrollRef.current
        ?.querySelector(`[data-testid="layer-${CSS.escape(revealed.name)}"]`)
        ?.scrollIntoView({ block: 'center' });
  }, [revealed, rows, virtual, v]);

  if (!tensors.length) return null;

  const render = (r: OutlineRow) => {
    if (r.kind === 'group') return <GroupRow key={rowKey(r)} group={r.group} members={r.members} open={r.open} />;
    const t = tensorMap.get(r.name);
    if (!t) return null;
    return <LayerRow key={rowKey(r)} tensor={t} inGroup={r.group !== null} revealed={revealed?.name === r.name} />;
  };
  const items = v.getVirtualItems();
  const before = virtual && items.length ? items[0].start : 0;
  const after = virtual && items.length ? v.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <section className="panel" aria-label="Prunable layers">
      <h2>
        Prunable layers{' '}
        <span className="muted count">
          {matched ? `${matched.size} of ${tensors.length} match` : `${tensors.length} tensors`}
        </span>
      </h2>
      <div className={`table-wrap ${virtual ? 'scroll-box' : ''}`} ref={scrollRef} data-testid="layer-table-scroll">
        <table className={`layers ${virtual ? 'fixed-rows' : ''}`}>
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
            {before > 0 && (
              <tr aria-hidden className="spacer" style={{ height: before }}>
                <td colSpan={COLUMNS} />
              </tr>
            )}
            {virtual ? items.map((it) => render(rows[it.index])) : rows.map((r) => render(r))}
            {after > 0 && (
              <tr aria-hidden className="spacer" style={{ height: after }}>
                <td colSpan={COLUMNS} />
              </tr>
            )}
          </tbody>
        </table>
        {matched && rows.length === 0 && <p className="muted busy-line">No tensor matches the search.</p>}
      </div>
      <p className="hint">
        Shapes are in TF.js layout: conv [kh, kw, in, out], dense [in, out]. Biases and BatchNorm are never pruned. Pick
        a method per layer (hover it for what it does); the slider then sets its target. A folded block shows the
        density of all its weights, and its slider sets every tensor in it.
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
