// prunelab merge: shards of one sweep (prunelab sensitivity --shard i/n) into one Distiller CSV.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SensitivityInputError } from '../core/sensitivity/errors';
import { mergeShards } from '../core/sensitivity/shard-csv';
import { CliError } from './errors';
import type { CliOutput } from './output';

/** prunelab merge a.csv b.csv ... [--out sens.csv] */
export async function mergeCommand(args: string[], io: CliOutput): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { out: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliError(`merge: ${(e as Error).message.split('\n')[0]}`, 2);
  }
  const files = parsed.positionals;
  if (files.length === 0)
    throw new CliError('merge needs the shard files (prunelab merge a.csv b.csv ... --out sens.csv)', 2);
  for (const f of files) if (!existsSync(f)) throw new CliError(`missing file ${f}`);
  let csv: string;
  try {
    csv = mergeShards(files.map((name) => ({ name, text: readFileSync(name, 'utf8') })));
  } catch (e) {
    if (e instanceof SensitivityInputError) throw new CliError(e.message, 2);
    throw e;
  }
  const out = parsed.values.out;
  if (out) {
    writeFileSync(out, csv);
    io.err(`merged ${files.length} shard(s) into ${out}`);
  } else io.out(csv.trimEnd());
}
