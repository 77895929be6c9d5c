// Mask computation for a whole model: 19 sparsity levels per method, with the per-tensor cache
// (one sort per tensor) and, for level, without it (one sort per tensor per level).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { useCliBackend } from '../../src/cli/backend';
import { DEMO_MODELS, openCliLab, PUBLIC_DIR } from '../../src/cli/io';
import type { ChannelGraph } from '../../src/core/graph';
import { planForAll, type TensorMethod } from '../../src/core/plan/plan';
import { computePlanMasks, createMaskCache } from '../../src/core/plan/plan-masks';
import { nmApplicable } from '../../src/core/pruning';
import type { PrunableTensor } from '../../src/core/types';

const LEVELS = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Subject {
  id: string;
  tensors: PrunableTensor[];
  values: Map<string, Float32Array>;
  graph: ChannelGraph;
}

async function largestDemo(): Promise<Subject | null> {
  let best: Subject | null = null;
  for (const id of DEMO_MODELS) {
    if (!existsSync(path.join(PUBLIC_DIR, 'models', id, 'weights.bin'))) continue;
    const { lab } = await openCliLab(`demo:${id}`);
    const { engine } = lab.current();
    const tensors = [...engine.tensors];
    const size = tensors.reduce((a, t) => a + t.size, 0);
    const graph = engine.channelGraph();
    if (graph && (!best || size > best.tensors.reduce((a, t) => a + t.size, 0))) {
      const values = new Map<string, Float32Array>();
      for (const t of tensors) values.set(t.name, await engine.readWeights(t.name));
      best = { id, tensors, values, graph };
    }
    lab.dispose();
  }
  return best;
}

/** Milliseconds to compute the masks of `names` for every method in `methods`, one cache (or one per plan). */
function timeSweep(s: Subject, names: string[], methods: TensorMethod[], freshCachePerPlan: boolean): number {
  let cache = createMaskCache();
  const t0 = performance.now();
  for (const m of methods) {
    if (freshCachePerPlan) cache = createMaskCache();
    computePlanMasks(planForAll(names, m), {
      tensors: s.tensors,
      dense: (n) => s.values.get(n)!,
      graph: s.graph,
      cache,
    });
  }
  return performance.now() - t0;
}

export async function benchMasks(): Promise<void> {
  await useCliBackend('wasm');
  const s = await largestDemo();
  if (!s) {
    console.log('no demo model found under public/models: nothing to measure');
    return;
  }
  const all = s.tensors.map((t) => t.name);
  const total = s.tensors.reduce((a, t) => a + t.size, 0);
  console.log(
    `model demo:${s.id}: ${s.tensors.length} prunable tensors, ${total} weights; ${LEVELS.length} levels ` +
      `(0.05..0.95); median of ${RUNS} runs, fresh cache per run`,
  );
  const filterable = s.tensors
    .filter((t) => s.graph.producers.some((p) => p.kernelName === t.name && p.prunable))
    .map((t) => t.name);
  const nmNames = s.tensors.filter((t) => nmApplicable(t.shape, 4)).map((t) => t.name);
  const cases: { label: string; names: string[]; methods: TensorMethod[]; fresh?: boolean }[] = [
    ...(['distiller', 'torch', 'tfmot'] as const).map((convention) => ({
      label: `level (${convention})`,
      names: all,
      methods: LEVELS.map((sparsity): TensorMethod => ({ kind: 'level', sparsity, convention })),
    })),
    {
      label: 'level (distiller), re-sorting',
      names: all,
      methods: LEVELS.map((sparsity): TensorMethod => ({ kind: 'level', sparsity })),
      fresh: true,
    },
    {
      label: 'magnitude (λ = 0.005 .. 0.095)',
      names: all,
      methods: LEVELS.map((l): TensorMethod => ({ kind: 'magnitude', threshold: l / 10 })),
    },
    {
      label: 'sensitivity (s = 0.1 .. 1.9)',
      names: all,
      methods: LEVELS.map((l): TensorMethod => ({ kind: 'sensitivity', s: 2 * l })),
    },
    {
      label: 'random',
      names: all,
      methods: LEVELS.map((sparsity): TensorMethod => ({ kind: 'random', sparsity, seed: 1 })),
    },
    {
      label: `filters L1 (${filterable.length} layers)`,
      names: filterable,
      methods: LEVELS.map((sparsity): TensorMethod => ({ kind: 'structured', group: 'filters', sparsity, norm: 'l1' })),
    },
    {
      label: 'channels L2',
      names: all,
      methods: LEVELS.map((sparsity): TensorMethod => ({
        kind: 'structured',
        group: 'channels',
        sparsity,
        norm: 'l2',
      })),
    },
    { label: `nm 2:4 once (${nmNames.length} tensors)`, names: nmNames, methods: [{ kind: 'nm', n: 2, m: 4 }] },
  ];
  const medians = new Map<string, number>();
  console.log('method                          all levels   per level');
  for (const c of cases) {
    if (!c.names.length) {
      console.log(`${c.label.padEnd(32)}(no applicable tensor)`);
      continue;
    }
    const times = Array.from({ length: RUNS }, () => timeSweep(s, c.names, c.methods, c.fresh ?? false));
    const ms = median(times);
    medians.set(c.label, ms);
    console.log(
      `${c.label.padEnd(32)}${`${ms.toFixed(1)} ms`.padStart(10)}   ` +
        `${`${(ms / c.methods.length).toFixed(2)} ms`.padStart(9)}`,
    );
  }
  const cached = medians.get('level (distiller)')!;
  const resorted = medians.get('level (distiller), re-sorting')!;
  console.log(
    `level, cached order / re-sorting per level: ${(cached / resorted).toFixed(3)} ` +
      `(${(resorted / cached).toFixed(1)}x faster with the cache)`,
  );
}
