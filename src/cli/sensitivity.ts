// prunelab sensitivity: Distiller's per-tensor sensitivity sweep, written as Distiller's long CSV or
// NNI's wide CSV. Progress goes to stderr, the CSV to --out (or stdout).
import { writeFileSync } from 'node:fs';
import {
  DEFAULT_LEVELS,
  parseLevels,
  toDistillerCsv,
  toNniCsv,
  type CurveMetric,
  type SensitivityGroup,
  type SensitivityMode,
} from '../core/sensitivity';
import { dataFingerprint, modelFingerprint } from '../core/sensitivity/fingerprint';
import { formatShard, parseShard, shardUnits, sweepUnits, type Shard } from '../core/sensitivity/shard';
import { toShardCsv, type ShardHeader } from '../core/sensitivity/shard-csv';
import type { Convention } from '../core/types';
import { optionalString, parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { cliDataLoader, openCliLab, readCliModel } from './io';
import { resolveLayers } from './layers';
import type { CliOutput } from './output';
import { poolSize } from './sweep-pool';
import { runSweepUnits } from './sweep-run';

function parseShardOption(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseShard(raw);
  } catch (e) {
    throw new CliError(`--shard: ${(e as Error).message}`, 2);
  }
}

const OPTIONS = {
  model: { type: 'string' },
  data: { type: 'string' },
  group: { type: 'string' },
  levels: { type: 'string' },
  layers: { type: 'string' },
  subset: { type: 'string' },
  format: { type: 'string' },
  metric: { type: 'string' },
  mode: { type: 'string' },
  convention: { type: 'string' },
  'filter-semantics': { type: 'string' },
  'min-top1': { type: 'string' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
} as const;

function positiveInt(raw: string | undefined, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${what} must be a positive integer; got '${raw}'`, 2);
  return n;
}

function finiteNumber(raw: string | undefined, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new CliError(`${what} must be a number; got '${raw}'`, 2);
  return n;
}

/**
 * prunelab sensitivity --model M [--data D] [--group element|filter|channel] [--levels 0:0.9:0.05]
 *   [--layers a,b] [--subset N] [--format distiller|nni] [--metric top1|top5|loss|agreement|kl]
 *   [--mode labels|agreement] [--convention distiller|torch|tfmot] [--filter-semantics remove|zero]
 *   [--min-top1 P] [--shard i/n] [--workers N|auto] [--out sens.csv]
 */
export async function sensitivityCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('sensitivity', args, OPTIONS);
  const group = parseChoice(
    optionalString(v, 'group'),
    ['element', 'filter', 'channel'] as const,
    '--group',
    'element',
  ) as SensitivityGroup;
  const format = parseChoice(optionalString(v, 'format'), ['distiller', 'nni'] as const, '--format', 'distiller');
  const metric = parseChoice(
    optionalString(v, 'metric'),
    ['top1', 'top5', 'loss', 'agreement', 'kl'] as const,
    '--metric',
    'top1',
  ) as CurveMetric;
  const convention = parseChoice(
    optionalString(v, 'convention'),
    ['distiller', 'torch', 'tfmot'] as const,
    '--convention',
    'distiller',
  ) as Convention;
  const semantics = parseChoice(
    optionalString(v, 'filter-semantics'),
    ['remove', 'zero'] as const,
    '--filter-semantics',
    'remove',
  );
  const modeOption = optionalString(v, 'mode');
  const mode =
    modeOption === undefined
      ? undefined
      : (parseChoice(modeOption, ['labels', 'agreement'] as const, '--mode', 'labels') as SensitivityMode);
  const subset = positiveInt(optionalString(v, 'subset'), '--subset');
  const minTop1 = finiteNumber(optionalString(v, 'min-top1'), '--min-top1');
  let levels: number[] | undefined;
  try {
    levels = v.levels === undefined ? undefined : parseLevels(String(v.levels));
  } catch (e) {
    throw new CliError(`--levels: ${(e as Error).message}`, 2);
  }
  const out = optionalString(v, 'out');
  const shard = parseShardOption(optionalString(v, 'shard'));
  if (shard && format !== 'distiller') throw new CliError('--shard writes a Distiller CSV; drop --format nni', 2);
  if (shard && minTop1 !== undefined)
    throw new CliError('--min-top1 ends each tensor where its own rows say, which shards cannot agree on', 2);

  const backend = optionalString(v, 'backend');
  await useCliBackend(backend);
  const modelSpec = requireString(v, 'model', 'sensitivity');
  const { lab, model, scaling } = await openCliLab(modelSpec, v, io);
  try {
    const names =
      v.layers !== undefined ? resolveLayers(String(v.layers), model.tensors) : lab.sweepableTensors(group, semantics);
    if (names.length === 0) throw new CliError(`the model has no tensor that group '${group}' applies to`);
    const dataSpec = optionalString(v, 'data');
    const loader = cliDataLoader(dataSpec, undefined, v);
    const test = await loader.test();
    const { dataset } = await lab.loadData({ ...loader, test: async () => test });
    lab.setEvalSettings({ scaling, limit: subset ?? null });
    const count = Math.min(subset ?? dataset.n, dataset.n);
    const allLevels = levels ?? [...DEFAULT_LEVELS];
    const units = shard ? shardUnits(names, allLevels, shard) : sweepUnits(names, allLevels);
    const cells = units.reduce((n, u) => n + u.levels.length, 0);
    const workers = poolSize(optionalString(v, 'workers'), units.length, cells * count);
    const t0 = performance.now();
    io.err(
      `sensitivity: ${names.length} tensor(s) x ${allLevels.length} level(s), group ${group}, ${count} examples` +
        (shard ? `, shard ${formatShard(shard)} (${cells} evaluations)` : '') +
        (workers > 1 ? `, ${workers} workers` : ''),
    );
    const request = { group, subset: null, minTop1: minTop1 ?? null, mode, convention, filterSemantics: semantics };
    const rows = await runSweepUnits(lab, {
      units,
      workers,
      init: { model: modelSpec, data: dataSpec, backend, subset, request },
      onNote: (text) => io.err(`note: ${text}`),
      onRow: (r) =>
        io.err(
          `${r.parameter} ${r.sparsity.toFixed(2)}: top1 ${r.top1.toFixed(2)}  top5 ${r.top5.toFixed(2)}  ` +
            `loss ${r.loss.toFixed(4)}` +
            (r.kl !== undefined ? `  kl ${r.kl.toFixed(4)}` : ''),
        ),
    });
    const seconds = (performance.now() - t0) / 1000;
    io.err(
      `${rows.length} evaluations in ${seconds.toFixed(1)} s (${(rows.length / seconds).toFixed(2)} evaluations/s)`,
    );
    let csv: string;
    if (shard) {
      const header: ShardHeader = {
        shard: formatShard(shard),
        model: await modelFingerprint(readCliModel(modelSpec).files),
        data: await dataFingerprint(test.images, count),
        settings: JSON.stringify({ ...request, mode: mode ?? null }),
        tensors: names,
        levels: allLevels,
      };
      csv = toShardCsv(header, rows);
    } else csv = format === 'nni' ? toNniCsv(rows, metric) : toDistillerCsv(rows);
    if (out) {
      writeFileSync(out, csv);
      io.err(`wrote ${out}`);
    } else {
      io.out(csv.trimEnd());
    }
  } finally {
    lab.dispose();
  }
}
