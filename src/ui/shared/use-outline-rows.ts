import { useMemo } from 'react';
import { outlineRows, searchTensors, type OutlineRow } from '../../core/layers-outline';
import { isGroupOpen, selectOutline } from '../../state/outline-selectors';
import { selectModel } from '../../state/selectors';
import { useLab } from './use-lab';

/** The rows of a tensor list: the model's outline, filtered by the shared search words, blocks open or folded. */
export function useOutlineRows(): { rows: OutlineRow[]; matched: ReadonlySet<string> | null } {
  const model = useLab(selectModel);
  const outline = useLab(selectOutline);
  const query = useLab((s) => s.layerQuery);
  const groupsOpen = useLab((s) => s.groupsOpen);
  return useMemo(() => {
    const matched = query.trim() ? new Set(searchTensors(model?.tensors ?? [], query)) : null;
    const view = { model, groupsOpen };
    return { rows: outlineRows(outline, matched, (g) => isGroupOpen(view, g.id, matched !== null)), matched };
  }, [model, outline, query, groupsOpen]);
}
