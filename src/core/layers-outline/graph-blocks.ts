// Blocks from the layer graph: a residual (or any merging) block is every layer between the fork
// where its branches split and the layer that merges them again.

/** What the graph needs of a layer: its name and the layers feeding it, in model order. */
export interface LayerLink {
  name: string;
  inbound: string[];
}

/** The layers of each merging block, keyed by the merging layer, innermost and earliest first. */
export function mergeBlocks(layers: readonly LayerLink[]): { merge: string; layers: Set<string> }[] {
  const index = new Map(layers.map((l, i) => [l.name, i]));
  const inboundOf = new Map(layers.map((l) => [l.name, l.inbound]));
  const ancestors = (start: string, floor: number): Set<string> => {
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length) {
      for (const p of inboundOf.get(stack.pop()!) ?? []) {
        if (seen.has(p) || (index.get(p) ?? -1) < floor) continue;
        seen.add(p);
        stack.push(p);
      }
    }
    return seen;
  };
  const blocks: { merge: string; layers: Set<string> }[] = [];
  for (const layer of layers) {
    const branches = layer.inbound.filter((n) => index.has(n));
    if (branches.length < 2) continue;
    const sets = branches.map((b) => ancestors(b, 0));
    // the fork: the latest layer every branch comes from
    let fork = -1;
    for (const name of sets[0]) if (sets.every((s) => s.has(name))) fork = Math.max(fork, index.get(name)!);
    const members = new Set<string>([layer.name]);
    for (const s of sets) for (const name of s) if (index.get(name)! > fork) members.add(name);
    blocks.push({ merge: layer.name, layers: members });
  }
  return blocks.sort((a, b) => a.layers.size - b.layers.size || index.get(a.merge)! - index.get(b.merge)!);
}
