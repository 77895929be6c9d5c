import path from 'node:path';
import type { ChannelGraph } from '../core/graph';
import { depthwiseSource } from '../core/plan/filter-removals';
import { planForAll, type StructureNorm, type TensorMethod } from '../core/plan/plan';
import { nmApplicable } from '../core/pruning';
import type { Convention, PrunableTensor } from '../core/types';
import { optionalString, parseChoice, parseFraction, parseLimit, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { announceMeasure, comparisonText } from './data-measure';
import { CliError } from './errors';
import { percent, table } from './format';
import { cliDataLoader, openCliLab, writeCliFiles } from './io';
import { resolveLayers } from './layers';
import type { CliOutput } from './output';

export const PRUNE_METHODS = [
  'level',
  'magnitude',
  'sensitivity',
  'random',
  'global',
  'filters',
  'channels',
  'rows',
  'cols',
  'kernels',
  'depthwise',
  'nm',
] as const;
type PruneMethod = (typeof PRUNE_METHODS)[number];

const OPTIONS = {
  model: { type: 'string' },
  method: { type: 'string' },
  sparsity: { type: 'string' },
  threshold: { type: 'string' },
  layers: { type: 'string' },
  convention: { type: 'string' },
  norm: { type: 'string' },
  nm: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  limit: { type: 'string' },
} as const;

function numberOption(raw: string | undefined, what: string, method: string): number {
  if (raw === undefined) throw new CliError(`--method ${method} needs ${what}`, 2);
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || x < 0)
    throw new CliError(`${what} must be a number >= 0; got '${raw}'`, 2);
  return x;
}

function methodFrom(method: PruneMethod, v: Record<string, string | boolean | undefined>): TensorMethod {
  const convention = parseChoice(
    v.convention as string | undefined,
    ['distiller', 'torch', 'tfmot'] as const,
    '--convention',
    'distiller',
  ) as Convention;
  const norm = parseChoice(
    v.norm as string | undefined,
    ['l1', 'l2', 'random'] as const,
    '--norm',
    'l1',
  ) as StructureNorm;
  const seedRaw = v.seed as string | undefined;
  const seed = seedRaw === undefined ? 0 : Number(seedRaw);
  if (!Number.isInteger(seed)) throw new CliError(`--seed must be an integer; got '${seedRaw}'`, 2);
  const sparsity = () => {
    const raw = v.sparsity as string | undefined;
    if (raw === undefined) throw new CliError(`--method ${method} needs --sparsity (a fraction in [0, 1])`, 2);
    return parseFraction(raw, '--sparsity');
  };
  switch (method) {
    case 'level':
      return { kind: 'level', sparsity: sparsity(), convention };
    case 'magnitude':
      return { kind: 'magnitude', threshold: numberOption(v.threshold as string | undefined, '--threshold λ', method) };
    case 'sensitivity':
      return {
        kind: 'sensitivity',
        s: numberOption(v.threshold as string | undefined, '--threshold s (λ = s · std)', method),
      };
    case 'random':
      return { kind: 'random', sparsity: sparsity(), seed, convention };
    case 'global':
      return { kind: 'global', sparsity: sparsity(), convention };
    case 'nm': {
      const raw = (v.nm as string | undefined) ?? '2:4';
      const m = /^(\d+):(\d+)$/.exec(raw);
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) < 1)
        throw new CliError(`--nm must be N:M with 0 <= N <= M, e.g. 2:4; got '${raw}'`, 2);
      return { kind: 'nm', n: Number(m[1]), m: Number(m[2]) };
    }
    default:
      return { kind: 'structured', group: method, sparsity: sparsity(), norm, convention, seed };
  }
}

/** Tensors a method applies to when --layers is not given (the others are skipped, with a note). */
function defaultTensors(
  method: TensorMethod,
  tensors: readonly PrunableTensor[],
  graph: ChannelGraph | null,
  io: CliOutput,
): string[] {
  const skipped: string[] = [];
  const chosen = tensors.filter((t) => {
    let ok = true;
    if (method.kind === 'nm') ok = nmApplicable(t.shape, method.m);
    else if (method.kind === 'structured') {
      if (method.group === 'rows' || method.group === 'cols') ok = t.shape.length === 2;
      else if (method.group === 'kernels') ok = t.shape.length === 4;
      else if (method.group === 'filters')
        ok = graph?.producers.some((p) => p.kernelName === t.name && p.prunable) ?? false;
      else if (method.group === 'depthwise')
        ok = t.role === 'depthwise' && graph !== null && depthwiseSource(graph, t.name) !== null;
    }
    if (!ok) skipped.push(t.name);
    return ok;
  });
  if (skipped.length) io.err(`not applicable, left dense: ${skipped.join(', ')}`);
  if (!chosen.length)
    throw new CliError(
      `no tensor of this model can be pruned by this method (${tensors.map((t) => t.name).join(', ')} all skipped)`,
    );
  return chosen.map((t) => t.name);
}

export async function pruneCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('prune', args, OPTIONS);
  const method = parseChoice(requireString(v, 'method', 'prune'), PRUNE_METHODS, '--method', 'level');
  const modelSpec = requireString(v, 'model', 'prune');
  const outDir = requireString(v, 'out', 'prune');
  const tensorMethod = methodFrom(method, v);
  const limit = parseLimit(v.limit as string | undefined);
  await useCliBackend(v.backend as string | undefined);
  const { lab, model, scaling } = await openCliLab(modelSpec, v, io);
  try {
    const tensors = model.tensors;
    const layersRaw = optionalString(v, 'layers');
    const names = layersRaw
      ? resolveLayers(layersRaw, tensors)
      : defaultTensors(tensorMethod, tensors, lab.channelGraph(), io);
    const plan = planForAll(names, tensorMethod);

    const loaded = await lab.loadData(cliDataLoader(optionalString(v, 'data'), undefined, v)).catch((e: Error) => {
      io.err(`no accuracy: ${e.message}`);
      return null;
    });
    lab.setEvalSettings({ scaling, limit: limit ?? null });
    if (loaded) announceMeasure(lab, io, false);
    const dense = await lab.baseline();
    const before = dense.status === 'done' ? (dense.result?.full.metrics ?? null) : null;
    const outcome = await lab.applyPlan(plan);
    if (outcome.status !== 'done')
      throw new CliError(outcome.status === 'refused' ? outcome.reason : 'the plan was not applied');
    const result = outcome.result;
    const after = result.full?.metrics ?? null;

    const sparsity = result.sparsity;
    const perTensor = new Map(result.perTensor.map((p) => [p.name, p]));
    io.out(
      table(
        ['Tensor', 'Shape', 'Method', 'NNZ', 'Sparsity', 'Note'],
        [
          ...sparsity.perTensor.map((s) => {
            const t = tensors.find((x) => x.name === s.name)!;
            const m = perTensor.get(s.name)!.method;
            return [
              s.name,
              `(${t.shape.join(', ')})`,
              m.kind === 'structured' ? m.group : m.kind,
              s.nnz,
              percent(s.sparsity),
              perTensor.get(s.name)!.note ?? '',
            ];
          }),
          ['Total', '-', '-', sparsity.total.nnz, percent(sparsity.total.sparsity), ''],
        ],
      ),
    );
    const removed = Object.entries(result.removedFilters);
    if (removed.length)
      io.out(`\nFilters removable by 'prunelab thin': ${removed.map(([l, f]) => `${l} ${f.length}`).join(', ')}`);
    if (before && after) io.out(comparisonText(before, after));
    const files = await lab.exportPruned();
    writeCliFiles(files, outDir);
    io.err(`wrote ${files.map((f) => path.join(outDir, f.name)).join(', ')}`);
  } finally {
    lab.dispose();
  }
}
