import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { OutlineRow } from '../../core/layers-outline';
import { choiceOf, type MethodChoice } from '../../core/plan/method-info';
import { selectTensorMap } from '../../state/outline-selectors';
import { selectPlan, selectTensors } from '../../state/selectors';
import { useOutlineRows } from '../shared/use-outline-rows';
import { GroupRow } from './GroupRow';
import { LayerRow } from './LayerRow';
import { useLab } from '../shared/use-lab';
import { methodText } from './method-text';

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
  const { t: tr } = useTranslation();
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
    return [...choices];
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
    <section className="panel" aria-label={tr('prune.table.label')}>
      <h2>
        {tr('prune.table.label')}{' '}
        <span className="muted count">
          {matched
            ? tr('prune.table.match', { matched: matched.size, total: tensors.length })
            : tr('prune.table.tensors', { n: tensors.length })}
        </span>
      </h2>
      <div className={`table-wrap ${virtual ? 'scroll-box' : ''}`} ref={scrollRef} data-testid="layer-table-scroll">
        <table className={`layers ${virtual ? 'fixed-rows' : ''}`}>
          <thead>
            <tr>
              <th scope="col">{tr('prune.table.tensor')}</th>
              <th scope="col">{tr('prune.table.layer')}</th>
              <th scope="col">{tr('prune.table.shape')}</th>
              <th scope="col" className="num">
                {tr('prune.table.params')}
              </th>
              <th scope="col" className="num">
                NNZ
              </th>
              <th scope="col">{tr('prune.table.density')}</th>
              <th scope="col">{tr('prune.table.method')}</th>
              <th scope="col">{tr('prune.table.target')}</th>
              <th scope="col">{tr('prune.table.threshold')}</th>
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
        {matched && rows.length === 0 && <p className="muted busy-line">{tr('prune.table.noMatch')}</p>}
      </div>
      <p className="hint">{tr('prune.table.hint')}</p>
      {inUse.length > 0 && (
        <ul className="method-notes" aria-label={tr('prune.table.inUse')}>
          {inUse.map((c) => (
            <li key={c}>
              <strong>{methodText(tr, c).label}:</strong> {methodText(tr, c).explain}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
