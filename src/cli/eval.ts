import { parseChoice, parseLimit, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { table } from './format';
import { announceMeasure } from './data-measure';
import { cliDataLoader, openCliLab } from './io';
import type { CliOutput } from './output';

export async function evalCommand(args: string[], io: CliOutput): Promise<void> {
  const values = parseOptions('eval', args, {
    model: { type: 'string' },
    data: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string' },
  });
  const format = parseChoice(values.format as string | undefined, ['table', 'json'] as const, '--format', 'table');
  const limit = parseLimit(values.limit as string | undefined);
  await useCliBackend(values.backend as string | undefined);
  const { lab, scaling } = await openCliLab(requireString(values, 'model', 'eval'), values, io);
  try {
    await lab.loadData(cliDataLoader(values.data as string | undefined, undefined, values));
    lab.setEvalSettings({ scaling, limit: limit ?? null });
    if (announceMeasure(lab, io, true) === 'agreement')
      io.err('the model is its own dense reference here: prune or schedule show how far a pruned one moves');
    const t0 = performance.now();
    const outcome = await lab.baseline();
    if (outcome.status !== 'done' || !outcome.result)
      throw new CliError(outcome.status === 'refused' ? outcome.reason : 'the evaluation did not finish');
    const m = outcome.result.full.metrics;
    io.err(`evaluated ${m.n} examples in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    if (format === 'json') io.out(JSON.stringify(m));
    else if (m.measure === 'agreement')
      io.out(table(['agreement (%)', 'top5 (%)', 'KL', 'loss', 'n'], [[m.top1, m.top5, m.kl ?? 0, m.loss, m.n]]));
    else io.out(table(['top1 (%)', 'top5 (%)', 'loss', 'n'], [[m.top1, m.top5, m.loss, m.n]]));
  } finally {
    lab.dispose();
  }
}
