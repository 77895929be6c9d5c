import path from 'node:path';
import { optionalString, parseLimit, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { table } from './format';
import { cliDataLoader, openCliLab, writeCliFiles } from './io';
import type { CliOutput } from './output';

export async function thinCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('thin', args, {
    model: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
    limit: { type: 'string' },
  });
  const modelSpec = requireString(v, 'model', 'thin');
  const outDir = requireString(v, 'out', 'thin');
  const limit = parseLimit(v.limit as string | undefined);
  await useCliBackend(v.backend as string | undefined);
  const { lab, scaling } = await openCliLab(modelSpec, v, io);
  try {
    const loaded = await lab.loadData(cliDataLoader(optionalString(v, 'data'), undefined, v)).catch((e: Error) => {
      io.err(`verifying on random inputs: ${e.message}`);
      return null;
    });
    if (loaded?.dataFit && !loaded.dataFit.fits)
      io.err(`verifying on random inputs: the data does not fit the model: ${loaded.dataFit.reason}`);
    lab.setEvalSettings({ scaling, limit: limit ?? null });
    // a model pruned elsewhere has zeros, not masks: remove the filters that are zero with zero readers
    const outcome = await lab.thin({ from: 'zeros', latencyRuns: 5, latencyWarmup: 1 });
    if (outcome.status !== 'done')
      throw new CliError(`cannot thin this model: ${outcome.status === 'refused' ? outcome.reason : 'cancelled'}`);
    const r = outcome.result;
    const entries = Object.entries(r.removed);
    io.out(
      entries.length
        ? `Filters removed: ${entries.map(([l, n]) => `${l} ${n} of ${r.filtersBefore[l]}`).join(', ')}`
        : 'Filters removed: none (no filter is zero with zero readers)',
    );
    io.out(
      `Verified on ${r.checked.n} ${r.checked.data ? 'test examples' : 'random inputs'}: max |thinned - ` +
        `original| = ${r.maxDiff.toExponential(2)}`,
    );
    const ratio = (a: number, b: number) => (b === 0 ? '-' : `${(a / b).toFixed(2)}x`);
    io.out(
      table(
        ['', 'before', 'after', 'before/after'],
        [
          ['params (all weights)', r.paramsBefore, r.paramsAfter, ratio(r.paramsBefore, r.paramsAfter)],
          ['MACs per example', r.macsBefore, r.macsAfter, ratio(r.macsBefore, r.macsAfter)],
          [
            'MACs on non-zeros',
            r.macsEffectiveBefore,
            r.macsEffectiveAfter,
            ratio(r.macsEffectiveBefore, r.macsEffectiveAfter),
          ],
          [
            `latency, batch ${r.latency.masked.batch} (median ms)`,
            r.latency.masked.medianMs,
            r.latency.thinned.medianMs,
            ratio(r.latency.masked.medianMs, r.latency.thinned.medianMs),
          ],
        ],
      ),
    );
    writeCliFiles(r.files, outDir);
    io.err(`wrote ${r.files.map((f) => path.join(outDir, f.name)).join(', ')}`);
  } finally {
    lab.dispose();
  }
}
