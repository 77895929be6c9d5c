// The rows a tensor list shows: a block's header, then its members when it is open; tensors in no
// block as plain rows. A search keeps the tensors that match and the blocks that hold them.
import type { LayerOutline, OutlineGroup } from './outline';

export type OutlineRow =
  | {
      kind: 'group';
      group: OutlineGroup;
      /** the members shown (all of them, or those matching) */ members: string[];
      open: boolean;
    }
  | { kind: 'tensor'; name: string; /** the block it is shown in, if any */ group: string | null };

/**
 * Rows in network order. `visible` (null = every tensor) is what a search kept; `isOpen` says whether
 * a block shows its members.
 */
export function outlineRows(
  outline: LayerOutline,
  visible: ReadonlySet<string> | null,
  isOpen: (group: OutlineGroup) => boolean,
): OutlineRow[] {
  const rows: OutlineRow[] = [];
  for (const group of outline.groups) {
    const members = visible ? group.members.filter((m) => visible.has(m)) : group.members;
    if (!members.length) continue;
    if (group.source === 'single') {
      rows.push({ kind: 'tensor', name: members[0], group: null });
      continue;
    }
    const open = isOpen(group);
    rows.push({ kind: 'group', group, members, open });
    if (open) for (const name of members) rows.push({ kind: 'tensor', name, group: group.id });
  }
  return rows;
}
