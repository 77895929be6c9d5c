// One selection of tensors (the skip list, the sweep's layers): toggling many at once and the state
// of a block's checkbox.

export type GroupCheck = 'all' | 'none' | 'some';

/** The selection with `names` added (on) or removed (off), in the order of `order` when given. */
export function withNames(
  selected: readonly string[],
  names: readonly string[],
  on: boolean,
  order?: ReadonlyMap<string, number>,
): string[] {
  const set = new Set(selected);
  for (const n of names) {
    if (on) set.add(n);
    else set.delete(n);
  }
  const out = [...set];
  if (order) out.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  return out;
}

/** Whether all, none or some of `members` are selected. */
export function groupCheck(members: readonly string[], selected: ReadonlySet<string>): GroupCheck {
  let k = 0;
  for (const m of members) if (selected.has(m)) k++;
  return k === 0 ? 'none' : k === members.length ? 'all' : 'some';
}
