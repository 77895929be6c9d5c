// `prunelab li`: Li et al. 2017 on the VGG-style demo (or --model): filter sensitivity sweep,
// per-layer ratios within a budget, L1 filter pruning, thinning, fine-tuning. Writes the thinned,
// fine-tuned model and report.json; Ctrl-C writes what the finished phases measured.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LiEvent, LiPartial } from '../core/lab/li-job';
import { LI_DEFAULTS, type LiSettings } from '../core/schedule/li-settings';
import { liTable } from '../core/schedule/li-table';
import { parseDistill, positiveNumber } from './schedule';
import { optionalString, parseChoice, parseLimit, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { announceMeasure } from './data-measure';
import { CliError } from './errors';
import { cliDataLoader, openCliLab, writeCliFiles } from './io';
import type { CliOutput } from './output';

/** --levels 0.1,0.2,... (filter ratios in (0, 1)) */
function levelsFlag(raw: string | undefined): number[] {
  if (raw === undefined) return LI_DEFAULTS.levels;
  const levels = raw.split(',').map((s) => Number(s.trim()));
  if (levels.length === 0 || levels.some((l) => !(l > 0 && l < 1)))
    throw new CliError(`--levels must be filter ratios in (0, 1) separated by commas; got '${raw}'`, 2);
  return levels;
}

function progressLine(e: LiEvent): string | null {
  if (e.type === 'phase') return `phase: ${e.phase}`;
  if (e.type === 'note') return e.text;
  if (e.type === 'progress' && e.phase === 'sweep' && (e.done % 9 === 0 || e.done === e.total))
    return `  sweep ${e.done}/${e.total}`;
  return null;
}

export async function liCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('li', args, {
    model: { type: 'string' },
    data: { type: 'string' },
    train: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string' },
    'train-limit': { type: 'string' },
    budget: { type: 'string' },
    levels: { type: 'string' },
    epochs: { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    'latency-runs': { type: 'string' },
    seed: { type: 'string' },
    distill: { type: 'string' },
  });
  const out = requireString(v, 'out', 'li');
  const limit = parseLimit(optionalString(v, 'limit'));
  const trainLimit = positiveNumber(optionalString(v, 'train-limit'), '--train-limit', 0, true);
  const settings: LiSettings = {
    budget: positiveNumber(optionalString(v, 'budget'), '--budget', LI_DEFAULTS.budget),
    levels: levelsFlag(optionalString(v, 'levels')),
    epochs: positiveNumber(optionalString(v, 'epochs'), '--epochs', LI_DEFAULTS.epochs, true),
    optimizer: parseChoice(optionalString(v, 'optimizer'), ['adam', 'sgd'] as const, '--optimizer', 'adam'),
    lr: positiveNumber(optionalString(v, 'lr'), '--lr', LI_DEFAULTS.lr),
    batchSize: positiveNumber(optionalString(v, 'batch'), '--batch', LI_DEFAULTS.batchSize, true),
    latencyRuns: positiveNumber(optionalString(v, 'latency-runs'), '--latency-runs', LI_DEFAULTS.latencyRuns, true),
    seed: positiveNumber(optionalString(v, 'seed'), '--seed', LI_DEFAULTS.seed, true),
    trainImages: trainLimit > 0 ? trainLimit : null,
  };
  const distill = parseDistill(optionalString(v, 'distill'));
  if (distill !== undefined) settings.distill = distill;
  await useCliBackend(optionalString(v, 'backend'));
  const { lab, model, scaling } = await openCliLab(optionalString(v, 'model') ?? 'demo:vgg', v, io);
  const abort = new AbortController();
  const onSigint = () => {
    io.err('interrupted: stopping after the current step and writing what finished…');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    await lab.loadData(cliDataLoader(optionalString(v, 'data'), optionalString(v, 'train'), v));
    lab.setEvalSettings({ scaling, limit: limit ?? null });
    announceMeasure(lab, io, true);
    let lastEpoch = 0;
    const outcome = await lab.runLi(settings, abort.signal, (e) => {
      const line = progressLine(e);
      if (line) io.err(line);
      if (e.type === 'partial' && e.partial.fineTuneEpochs.length > lastEpoch) {
        lastEpoch = e.partial.fineTuneEpochs.length;
        io.err(`  fine-tune epoch ${lastEpoch}: top-1 ${e.partial.fineTuneEpochs[lastEpoch - 1].top1.toFixed(2)}%`);
      }
    });
    mkdirSync(out, { recursive: true });
    const reportPath = path.join(out, 'report.json');
    if (outcome.status === 'refused') throw new CliError(outcome.reason);
    if (outcome.status === 'cancelled') {
      const p: LiPartial = outcome.partial;
      writeFileSync(
        reportPath,
        JSON.stringify({ status: 'cancelled', model: model.name, settings, partial: p }, null, 1),
      );
      // the lab holds the thinned model once that phase finished (with the epochs that finished)
      if (p.thin) writeCliFiles(await lab.exportPruned(), out);
      throw new CliError(
        `cancelled during ${p.phase ?? 'start'}: wrote ${reportPath}${p.thin ? ' and the model' : ''}`,
        130,
      );
    }
    const { report, rows } = outcome.result;
    io.out(liTable(report));
    writeCliFiles(await lab.exportPruned(), out);
    writeFileSync(reportPath, JSON.stringify({ status: 'done', model: model.name, ...report, sweep: rows }, null, 1));
    io.out(`wrote ${path.join(out, 'model.json')}, its weights and ${reportPath}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    lab.dispose();
  }
}
