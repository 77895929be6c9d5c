// `prunelab schedule`: run a Distiller YAML schedule headless (prune, masked fine-tuning,
// evaluation per epoch) and write the final model, its masks and a per-event log.
// `prunelab han`: Han et al.'s one-shot vs iterative experiment on LeNet-300-100.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabService } from '../core/lab/lab-service';
import type { JobOutcome } from '../core/lab/outcome';
import type { RunEvent, TrainSettings } from '../core/lab/types';
import { importDistillerYaml, thinsDuringRun } from '../core/schedule/distiller-yaml';
import {
  HAN_DEFAULT_AUGMENT,
  HAN_DEFAULT_BATCH,
  HAN_LENET300_TARGETS,
  type HanDistill,
} from '../core/schedule/han-settings';
import { SHIPPED_TRAINING_IMAGES, type RetrainingLoss } from '../core/schedule/retraining-loss';
import { FINE_TUNE_DEFAULTS } from '../core/schedule/fine-tune-defaults';
import { hanTable } from '../core/schedule/han-table';
import type { TimelineEvent } from '../core/schedule/run-schedule';
import type { OptimizerSpec } from '../core/training/masked-trainer';
import { optionalString, parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { announceMeasure, top1Text } from './data-measure';
import { CliError } from './errors';
import { cliDataLoader, openCliLab, writeCliFiles } from './io';
import { masksJson } from '../core/report/masks-json';
import type { CliOutput } from './output';

const TRAIN_OPTIONS = {
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  momentum: { type: 'string' },
  batch: { type: 'string' },
  'weight-decay': { type: 'string' },
  seed: { type: 'string' },
  train: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
} as const;

export function positiveNumber(raw: string | undefined, what: string, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || x < 0 || (integer && !Number.isInteger(x))) {
    throw new CliError(`${what} must be ${integer ? 'an integer' : 'a number'} >= 0; got '${raw}'`, 2);
  }
  return x;
}

function optimizerFrom(v: Record<string, string | boolean | undefined>, fallback: OptimizerSpec): OptimizerSpec {
  const kind = parseChoice(v.optimizer as string | undefined, ['sgd', 'adam'] as const, '--optimizer', fallback.kind);
  const lr = positiveNumber(
    v.lr as string | undefined,
    '--lr',
    kind === fallback.kind ? fallback.lr : kind === 'adam' ? 1e-4 : 1e-3,
  );
  if (kind === 'adam') return { kind, lr };
  const momentum = fallback.kind === 'sgd' ? (fallback.momentum ?? 0) : 0.9;
  return { kind, lr, momentum: positiveNumber(v.momentum as string | undefined, '--momentum', momentum) };
}

/** The result of a run that finished; a refusal becomes the command's error. */
function finished<T, P>(outcome: JobOutcome<T, P>): T {
  if (outcome.status === 'done') return outcome.result;
  throw new CliError(outcome.status === 'refused' ? outcome.reason : 'the run was cancelled');
}

/** Prints each timeline event of a run on stderr. */
function timelineTo(io: CliOutput, line: (e: TimelineEvent) => string) {
  return (e: RunEvent) => {
    if (e.type === 'timeline') io.err(line(e.event));
  };
}

/** Also prints the run's status notes (e.g. that a model which cannot train is pruned without fine-tuning). */
function withStatus(io: CliOutput, onEvent: (e: RunEvent) => void) {
  return (e: RunEvent) => {
    if (e.type === 'status') io.err(e.text);
    onEvent(e);
  };
}

async function openWithData(lab: LabService, v: Record<string, string | boolean | undefined>) {
  await lab.loadData(cliDataLoader(optionalString(v, 'data'), optionalString(v, 'train'), v));
}

function logCsv(timeline: TimelineEvent[]): string {
  const rows = ['epoch,step,kind,top1,top5,loss,sparsity,revived,pruned_nonzero,train_loss,lr,regularization_loss'];
  for (const e of timeline) {
    rows.push(
      [
        e.epoch,
        e.step,
        e.kind,
        e.metrics.top1.toFixed(2),
        e.metrics.top5.toFixed(2),
        e.metrics.loss.toFixed(4),
        e.totalSparsity.toFixed(5),
        e.revived,
        e.prunedNonZero,
        e.trainLoss === undefined ? '' : e.trainLoss.toFixed(4),
        e.lr === undefined ? '' : e.lr,
        e.regularizationLoss === undefined ? '' : e.regularizationLoss.toFixed(6),
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

export async function scheduleCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('schedule', args, {
    ...TRAIN_OPTIONS,
    model: { type: 'string' },
    schedule: { type: 'string' },
    epochs: { type: 'string' },
    'skip-unsupported': { type: 'boolean' },
  });
  const modelSpec = requireString(v, 'model', 'schedule');
  const schedulePath = requireString(v, 'schedule', 'schedule');
  const out = requireString(v, 'out', 'schedule');
  const epochs = positiveNumber(requireString(v, 'epochs', 'schedule'), '--epochs', 0, true);
  const d = FINE_TUNE_DEFAULTS;
  const optimizer = optimizerFrom(v, { kind: d.optimizer, lr: d.lr, momentum: d.momentum });
  const batchSize = positiveNumber(optionalString(v, 'batch'), '--batch', d.batchSize, true);
  const weightDecay = positiveNumber(optionalString(v, 'weight-decay'), '--weight-decay', 0);
  const seed = positiveNumber(optionalString(v, 'seed'), '--seed', 0, true);
  if (!existsSync(schedulePath)) throw new CliError(`missing file ${schedulePath} (--schedule)`);
  await useCliBackend(optionalString(v, 'backend'));
  const { lab, model } = await openCliLab(modelSpec, v, io);
  try {
    const names = model.tensors.map((t) => t.name);
    let imported;
    try {
      imported = importDistillerYaml(readFileSync(schedulePath, 'utf8'), names, schedulePath, {
        skipUnsupported: v['skip-unsupported'] === true,
        thinning: thinsDuringRun(model.format),
      });
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
    for (const note of imported.ignored) io.err(`ignored: ${note}`);
    await openWithData(lab, v);
    announceMeasure(lab, io, true);
    const train: TrainSettings = {
      optimizer: optimizer.kind,
      lr: optimizer.lr,
      momentum: optimizer.kind === 'sgd' ? (optimizer.momentum ?? 0) : 0,
      batchSize,
      weightDecay,
    };
    const result = finished(
      await lab.runSchedule(
        { schedule: imported.schedule, epochs, train, seed, checkpoints: 'final' },
        undefined,
        withStatus(
          io,
          timelineTo(
            io,
            (e) =>
              `${e.kind.padEnd(5)} epoch ${e.epoch}: ${top1Text(e.metrics)}, loss ` +
              `${e.metrics.loss.toFixed(4)}, sparsity ` +
              `${(100 * e.totalSparsity).toFixed(2)}%` +
              (e.kind === 'epoch' ? `, revived before re-masking ${e.revived}` : '') +
              (e.regularizationLoss !== undefined ? `, regularization loss ${e.regularizationLoss.toFixed(6)}` : '') +
              (e.kind === 'epoch' && e.lr !== undefined ? `, lr ${e.lr}` : ''),
          ),
        ),
      ),
    );
    writeCliFiles(await lab.exportPruned(), out);
    const tensors = result.thinnedModel?.tensors ?? model.tensors;
    writeFileSync(path.join(out, 'masks.json'), masksJson(tensors, result.masks));
    if (result.thinnedModel)
      io.out(`thinned during the run: ${model.params} -> ${result.thinnedModel.params} parameters`);
    writeFileSync(path.join(out, 'log.csv'), logCsv(result.timeline));
    const f = result.timeline[result.timeline.length - 1];
    io.out(
      `final: ${top1Text(f.metrics)}, top-5 ${f.metrics.top5.toFixed(2)}%, loss ` +
        `${f.metrics.loss.toFixed(4)}, sparsity ${(100 * f.totalSparsity).toFixed(2)}%`,
    );
    io.out(`wrote ${path.join(out, 'model.json')}, weights.bin, masks.json, log.csv`);
  } finally {
    lab.dispose();
  }
}

/** --distill T,alpha (e.g. 4,0.3) or 'none'; absent: the training set's size decides (retraining-loss.ts). */
export function parseDistill(raw: string | undefined): HanDistill | null | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === 'none') return null;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (
    parts.length !== 2 ||
    parts.some((x) => !Number.isFinite(x)) ||
    !(parts[0] > 0) ||
    !(parts[1] >= 0 && parts[1] <= 1)
  ) {
    throw new CliError(
      `--distill must be 'none' or TEMPERATURE,ALPHA with temperature > 0 and alpha in [0, 1] (e.g. 4,0.3); ` +
        `got '${raw}'`,
      2,
    );
  }
  return { temperature: parts[0], alpha: parts[1] };
}

export async function hanCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('han', args, {
    ...TRAIN_OPTIONS,
    model: { type: 'string' },
    augment: { type: 'string' },
    distill: { type: 'string' },
    targets: { type: 'string' },
  });
  const out = optionalString(v, 'out');
  const distill = parseDistill(optionalString(v, 'distill'));
  await useCliBackend(optionalString(v, 'backend'));
  const { lab, model } = await openCliLab(optionalString(v, 'model') ?? 'demo:lenet300');
  try {
    const names = model.tensors.map((t) => t.name);
    // 'hidden' (default): one level for every tensor but the output layer, which Han prunes far
    // less than the hidden ones; 'han': Han's per-layer targets (LeNet-300-100 only)
    const targets = parseChoice(optionalString(v, 'targets'), ['hidden', 'han'] as const, '--targets', 'hidden');
    const isLenet300 = names.length === 3 && names.every((n) => n in HAN_LENET300_TARGETS);
    if (targets === 'han' && !isLenet300)
      throw new CliError(
        `--targets han needs LeNet-300-100 (tensors ${Object.keys(HAN_LENET300_TARGETS).join(', ')}); this ` +
          `model has ${names.join(', ')}`,
        2,
      );
    await openWithData(lab, v);
    const result = finished(
      await lab.runHan(
        {
          layerTargets: targets === 'han' ? HAN_LENET300_TARGETS : undefined,
          optimizer: v.optimizer || v.lr ? optimizerFrom(v, { kind: 'adam', lr: 1e-3 }) : undefined,
          batchSize: positiveNumber(optionalString(v, 'batch'), '--batch', HAN_DEFAULT_BATCH, true),
          weightDecay: positiveNumber(optionalString(v, 'weight-decay'), '--weight-decay', 0),
          augment: {
            shift: positiveNumber(optionalString(v, 'augment'), '--augment', HAN_DEFAULT_AUGMENT.shift, true),
          },
          seed: positiveNumber(optionalString(v, 'seed'), '--seed', 0, true),
          distill,
        },
        undefined,
        timelineTo(
          io,
          (e) =>
            `${e.kind.padEnd(5)} epoch ${e.epoch}: top-1 ${e.metrics.top1.toFixed(2)}%, sparsity ` +
            `${(100 * e.totalSparsity).toFixed(2)}%`,
        ),
      ),
    );
    const o = result.options;
    const opt =
      o.optimizer.kind === 'sgd'
        ? `sgd lr ${o.optimizer.lr} momentum ${o.optimizer.momentum ?? 0}`
        : `adam lr ${o.optimizer.lr}`;
    const distillText = o.distill
      ? `distillation from the dense model (T ${o.distill.temperature}, alpha ${o.distill.alpha})`
      : 'no distillation';
    io.out(hanRetrainingText(result.retraining));
    const stepsText = o.steps.map((s) => `${s.sparsity}x${s.epochs}`).join(' ');
    io.out(
      `settings: ${opt} (${o.lrShape} within each step), batch ${o.batchSize}, weight decay ` +
        `${o.weightDecay}, shift augmentation ${o.augment.shift} px, ${distillText}, steps ${stepsText}`,
    );
    io.out(
      `final sparsity per tensor: ${Object.entries(result.finalPerTensor)
        .map(([n, s]) => `${n} ${(100 * s).toFixed(1)}%`)
        .join(', ')}`,
    );
    io.out(hanTable(result));
    if (out) {
      mkdirSync(out, { recursive: true });
      const rows = ['arm,sparsity,top1,top5,loss'];
      const row = (arm: string, p: (typeof result.oneShot)[number]) => [
        arm,
        p.sparsity.toFixed(5),
        p.metrics.top1.toFixed(2),
        p.metrics.top5.toFixed(2),
        p.metrics.loss.toFixed(4),
      ];
      for (const p of result.oneShot) rows.push(row('one-shot', p).join(','));
      for (const p of result.iterative) rows.push(row('iterative', p).join(','));
      writeFileSync(path.join(out, 'han.csv'), rows.join('\n') + '\n');
      writeCliFiles(await lab.exportPruned(), path.join(out, 'iterative-model'));
      io.out(`wrote ${path.join(out, 'han.csv')} and ${path.join(out, 'iterative-model', 'model.json')}`);
    }
  } finally {
    lab.dispose();
  }
}

/** Which retraining loss the run used, and why. */
export function hanRetrainingText(r: RetrainingLoss): string {
  const loss = r.distill
    ? `distillation from the dense model (T ${r.distill.temperature}, alpha ${r.distill.alpha})`
    : 'plain masked retraining, no distillation';
  const why =
    r.reason === 'asked'
      ? 'as --distill asked'
      : r.reason === 'full-set'
        ? `the full training set, as Han et al. did`
        : `no more than the shipped ${SHIPPED_TRAINING_IMAGES} images; --train with the 60k set retrains as Han et al.`;
  return `retraining: ${r.trainingImages} training images, ${loss} (${why})`;
}
