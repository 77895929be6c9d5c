// The model's outline: its prunable tensors in network order, grouped into blocks a person can fold.
// Blocks come from the names' hierarchy when the names have one, else from the graph's merging
// (residual) blocks; long runs of loose tensors are cut into spans so no list spells out 50 rows.
import type { PrunableTensor } from '../types';
import { mergeBlocks, type LayerLink } from './graph-blocks';
import { blockKey, modulePath } from './name-path';

export interface OutlineGroup {
  /** stable within a model: the block's path, the merging layer, or the span's first tensor */
  id: string;
  label: string;
  /** tensor names in network order */
  members: string[];
  /** where the grouping came from; 'single' is a tensor in no block, shown as its own row */
  source: 'name' | 'graph' | 'span' | 'single';
}

export interface LayerOutline {
  groups: OutlineGroup[];
  /** tensor name → its group's id */
  groupOf: Map<string, string>;
  /** tensor name → position in network order */
  order: Map<string, number>;
}

/** A run of loose tensors longer than this is cut into spans of SPAN_SIZE. */
export const MAX_LOOSE_RUN = 12;
export const SPAN_SIZE = 8;
/** Blocks of this many tensors read best: deep enough to fold, short enough to scan. */
const WANTED_BLOCK_SIZE = 3;

type Keyed = { name: string; key: string };

/** Consecutive tensors with the same non-empty key form a block; the others stay single. */
function runs(keyed: readonly Keyed[], source: 'name' | 'graph', labelOf: (key: string) => string): OutlineGroup[] {
  const groups: OutlineGroup[] = [];
  for (const { name, key } of keyed) {
    const last = groups[groups.length - 1];
    if (key !== '' && last && last.source === source && last.id === key) last.members.push(name);
    else groups.push({ id: key, label: key === '' ? name : labelOf(key), members: [name], source });
  }
  // a block of one is a single tensor; ids stay unique if a key's run is split by another block
  const seen = new Map<string, number>();
  return groups.map((g) => {
    if (g.id === '' || g.members.length < 2)
      return { id: g.members[0], label: g.members[0], members: g.members, source: 'single' };
    const n = (seen.get(g.id) ?? 0) + 1;
    seen.set(g.id, n);
    return n > 1 ? { ...g, id: `${g.id}#${n}` } : g;
  });
}

const coverage = (groups: readonly OutlineGroup[], n: number) =>
  groups.filter((g) => g.source !== 'single').reduce((k, g) => k + g.members.length, 0) / Math.max(1, n);

function byNames(tensors: readonly PrunableTensor[]): OutlineGroup[] | null {
  const paths = tensors.map((t) => modulePath(t.name));
  const deepest = Math.max(0, ...paths.map((p) => p.length - 1));
  let best: { groups: OutlineGroup[]; score: number } | null = null;
  for (let depth = 1; depth <= deepest; depth++) {
    const keyed = tensors.map((t, i) => ({ name: t.name, key: blockKey(paths[i], depth) }));
    const groups = runs(keyed, 'name', (key) => key.split('/').slice(-1)[0]);
    const blocks = groups.filter((g) => g.source !== 'single');
    if (!blocks.length) continue;
    const mean = blocks.reduce((k, g) => k + g.members.length, 0) / blocks.length;
    const score = coverage(groups, tensors.length) - 0.05 * Math.abs(Math.log2(mean / WANTED_BLOCK_SIZE));
    if (!best || score > best.score + 1e-9) best = { groups, score };
  }
  return best && coverage(best.groups, tensors.length) >= 0.5 ? best.groups : null;
}

function byGraph(tensors: readonly PrunableTensor[], layers: readonly LayerLink[]): OutlineGroup[] | null {
  const blockOf = new Map<string, string>();
  for (const b of mergeBlocks(layers)) for (const l of b.layers) if (!blockOf.has(l)) blockOf.set(l, b.merge);
  const keyed = tensors.map((t) => ({ name: t.name, key: blockOf.get(t.layerName) ?? '' }));
  const groups = runs(keyed, 'graph', (merge) => `block → ${merge}`);
  return coverage(groups, tensors.length) > 0 ? groups : null;
}

/** Long runs of single tensors become spans of SPAN_SIZE, named by their positions. */
function withSpans(groups: readonly OutlineGroup[], order: Map<string, number>): OutlineGroup[] {
  const out: OutlineGroup[] = [];
  let loose: string[] = [];
  const flush = () => {
    if (loose.length > MAX_LOOSE_RUN)
      for (let i = 0; i < loose.length; i += SPAN_SIZE) {
        const members = loose.slice(i, i + SPAN_SIZE);
        const first = order.get(members[0])! + 1;
        const label = `tensors ${first}–${first + members.length - 1}`;
        out.push({ id: `span:${members[0]}`, label, members, source: 'span' });
      }
    else for (const name of loose) out.push({ id: name, label: name, members: [name], source: 'single' });
    loose = [];
  };
  for (const g of groups) {
    if (g.source === 'single') loose.push(g.members[0]);
    else {
      flush();
      out.push(g);
    }
  }
  flush();
  return out;
}

/** The outline of a model's prunable tensors (given in network order), with its layer graph when known. */
export function buildOutline(tensors: readonly PrunableTensor[], layers: readonly LayerLink[] = []): LayerOutline {
  const order = new Map(tensors.map((t, i) => [t.name, i]));
  const singles = tensors.map((t): OutlineGroup => ({
    id: t.name,
    label: t.name,
    members: [t.name],
    source: 'single',
  }));
  const groups = withSpans(byNames(tensors) ?? byGraph(tensors, layers) ?? singles, order);
  const groupOf = new Map<string, string>();
  for (const g of groups) for (const m of g.members) groupOf.set(m, g.id);
  return { groups, groupOf, order };
}
