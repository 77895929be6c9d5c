// Producers joined by Add-like ops form one group: the same filters leave every member, ranked by
// one leader (the first member in node order), and each member lists the group's consumers and slices.
import type { CouplingGroup } from '../../graph';
import type { ChannelSlice, OnnxChannelConsumer, OnnxChannelGraph, OnnxProducerInfo } from './onnx-channel-types';

export type ProducerBase = Omit<
  OnnxProducerInfo,
  'consumers' | 'batchNorms' | 'slices' | 'coupledWith' | 'coupledVia' | 'prunable'
>;

export class UnionFind {
  private parent = new Map<string, string>();
  add(x: string) {
    if (!this.parent.has(x)) this.parent.set(x, x);
  }
  find(x: string): string {
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    return root;
  }
  union(a: string, b: string) {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export function assembleGroups(
  producers: ProducerBase[],
  s: {
    uf: UnionFind;
    blocked: Map<string, string>;
    consumers: Map<string, OnnxChannelConsumer[]>;
    slices: Map<string, ChannelSlice[]>;
    batchNorms: Map<string, string[]>;
    mergedVia: Map<string, string[]>;
  },
): OnnxChannelGraph {
  const byRoot = new Map<string, string[]>();
  for (const p of producers) {
    const root = s.uf.find(p.layerName);
    byRoot.set(root, [...(byRoot.get(root) ?? []), p.layerName]);
  }
  const viaOf = (members: string[]) => [...new Set(members.flatMap((m) => s.mergedVia.get(m) ?? []))];
  const result: OnnxProducerInfo[] = producers.map((p) => {
    const members = byRoot.get(s.uf.find(p.layerName))!;
    const via = viaOf(members);
    const allSlices = members.flatMap((m) => s.slices.get(m)!);
    const unique = [...new Map(allSlices.map((x) => [`${x.tensorName}@${x.offset}`, x])).values()];
    const other = members.find((m) => m !== p.layerName && s.blocked.has(m));
    const reason =
      s.blocked.get(p.layerName) ??
      (other
        ? `it is coupled with '${other}' (via ${via.map((n) => `'${n}'`).join(', ')}), ` +
          `which cannot be pruned: ${s.blocked.get(other)}`
        : undefined);
    return {
      ...p,
      consumers: members.flatMap((m) => s.consumers.get(m)!),
      batchNorms: [...new Set(members.flatMap((m) => s.batchNorms.get(m)!))],
      slices: unique,
      coupledWith: members.filter((m) => m !== p.layerName),
      coupledVia: via,
      prunable: reason === undefined,
      ...(reason !== undefined ? { reason } : {}),
    };
  });
  const groups: CouplingGroup[] = [...byRoot.values()]
    .filter((m) => m.length > 1)
    .map((members) => ({ members, via: viaOf(members) }));
  return { producers: result, groups };
}
