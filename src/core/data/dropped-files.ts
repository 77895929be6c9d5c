/** What a set of dropped files is: a TF.js model, an idx dataset, or neither (with the reason). */
export type DropKind = { kind: 'model' } | { kind: 'data' } | { kind: 'unknown'; reason: string };

const IDX_NAME = /(idx\d?-?ubyte|\.idx\d?)(\.gz)?$|ubyte(\.gz)?$/i;

export function classifyDrop(names: string[]): DropKind {
  if (names.length === 0) return { kind: 'unknown', reason: 'no files were dropped' };
  if (names.some((n) => n.toLowerCase().endsWith('.json'))) return { kind: 'model' };
  if (names.every((n) => IDX_NAME.test(n) || n.toLowerCase().endsWith('.gz'))) return { kind: 'data' };
  if (names.every((n) => n.toLowerCase().endsWith('.bin'))) {
    return {
      kind: 'unknown',
      reason: `only weight files were dropped (${names.join(', ')}): drop model.json together with them`,
    };
  }
  return {
    kind: 'unknown',
    reason:
      `${names.join(', ')}: PruneLab opens TF.js layers models (model.json + its .bin weight files) ` +
      `and idx datasets (images + labels, optionally .gz)`,
  };
}
