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
import type { Convention } from '../core/types';
import { optionalString, parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { cliDataLoader, openCliLab } from './io';
import { resolveLayers } from './layers';
import type { CliOutput } from './output';

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
 *   [--min-top1 P] [--out sens.csv]
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

  await useCliBackend(optionalString(v, 'backend'));
  const { lab, model, scaling } = await openCliLab(requireString(v, 'model', 'sensitivity'), v, io);
  try {
    const names =
      v.layers !== undefined ? resolveLayers(String(v.layers), model.tensors) : lab.sweepableTensors(group, semantics);
    if (names.length === 0) throw new CliError(`the model has no tensor that group '${group}' applies to`);
    const { dataset } = await lab.loadData(cliDataLoader(optionalString(v, 'data'), undefined, v));
    lab.setEvalSettings({ scaling, limit: subset ?? null });
    const count = Math.min(subset ?? dataset.n, dataset.n);
    const t0 = performance.now();
    io.err(
      `sensitivity: ${names.length} tensor(s) x ${levels?.length ?? 19} level(s), group ${group}, ${count} examples`,
    );
    const outcome = await lab.sweep(
      {
        tensors: names,
        group,
        levels: levels ?? [...DEFAULT_LEVELS],
        subset: null,
        minTop1: minTop1 ?? null,
        mode,
        convention,
        filterSemantics: semantics,
      },
      undefined,
      (e) => {
        if (e.type === 'note') io.err(`note: ${e.text}`);
        else if (e.type === 'row') {
          const r = e.row;
          io.err(
            `${r.parameter} ${r.sparsity.toFixed(2)}: top1 ${r.top1.toFixed(2)}  top5 ${r.top5.toFixed(2)}  ` +
              `loss ${r.loss.toFixed(4)}` +
              (r.kl !== undefined ? `  kl ${r.kl.toFixed(4)}` : ''),
          );
        }
      },
    );
    if (outcome.status === 'refused') throw new CliError(outcome.reason, 2);
    const rows = outcome.status === 'done' ? outcome.result.rows : outcome.partial.rows;
    const seconds = (performance.now() - t0) / 1000;
    io.err(
      `${rows.length} evaluations in ${seconds.toFixed(1)} s (${(rows.length / seconds).toFixed(2)} evaluations/s)`,
    );
    const csv = format === 'nni' ? toNniCsv(rows, metric) : toDistillerCsv(rows);
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
