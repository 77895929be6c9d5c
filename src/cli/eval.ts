import { parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { disposeEval, evalTensors, evaluateTensors, parseLimit } from './evaluation';
import { table } from './format';
import { loadCliData, loadCliModel } from './io';
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
  const { model, scaling } = await loadCliModel(requireString(values, 'model', 'eval'));
  const data = await loadCliData((values.data as string | undefined) ?? 'demo');
  const tensors = evalTensors(model, data, scaling, limit);
  try {
    if ('reason' in tensors) throw new CliError(`the data does not fit the model: ${tensors.reason}`);
    const t0 = performance.now();
    const m = await evaluateTensors(model, tensors);
    io.err(`evaluated ${m.n} examples in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    if (format === 'json') io.out(JSON.stringify(m));
    else io.out(table(['top1 (%)', 'top5 (%)', 'loss', 'n'], [[m.top1, m.top5, m.loss, m.n]]));
  } finally {
    disposeEval(tensors);
    model.dispose();
  }
}
