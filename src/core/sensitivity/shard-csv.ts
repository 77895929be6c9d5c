// Shard files and their merge. A shard is a Distiller CSV preceded by one comment line that says
// which sweep it belongs to; the merge checks the shards against each other and writes the plain
// Distiller CSV the unsharded sweep would have written.
import { formatSparsity, parseDistillerCsv, toDistillerCsv, type SensitivityPoint } from './csv';
import { SensitivityInputError } from './errors';
import { formatShard, parseShard, shardUnits } from './shard';

const PREFIX = '# prunelab-shard ';

export interface ShardHeader {
  /** "i/n" */
  shard: string;
  /** SHA-256 of the model's files (weights included). */
  model: string;
  /** SHA-256 of the evaluated examples and labels. */
  data: string;
  /** Group, mode, convention, filter semantics and examples: what else makes two sweeps differ. */
  settings: string;
  /** Every tensor and level of the whole sweep, in sweep order. */
  tensors: string[];
  levels: number[];
}

export interface ShardFile {
  name: string;
  text: string;
}

export function toShardCsv(header: ShardHeader, rows: readonly SensitivityPoint[]): string {
  return PREFIX + JSON.stringify(header) + '\n' + toDistillerCsv(rows);
}

function readShard(file: ShardFile): { header: ShardHeader; points: SensitivityPoint[] } {
  const text = file.text.replace(/^\uFEFF/, '');
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  if (!first.startsWith(PREFIX))
    throw new SensitivityInputError(
      `${file.name} is not a sweep shard: its first line must be the '${PREFIX.trim()}' comment that ` +
        `prunelab sensitivity --shard writes`,
    );
  let header: ShardHeader;
  try {
    header = JSON.parse(first.slice(PREFIX.length)) as ShardHeader;
  } catch (e) {
    throw new SensitivityInputError(`${file.name}: the shard comment is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null)
    throw new SensitivityInputError(`${file.name}: the shard comment must hold a JSON object`);
  for (const key of ['shard', 'model', 'data', 'settings', 'tensors', 'levels'] as const)
    if (header[key] === undefined) throw new SensitivityInputError(`${file.name}: the shard comment lacks '${key}'`);
  for (const key of ['shard', 'model', 'data', 'settings'] as const)
    if (typeof header[key] !== 'string')
      throw new SensitivityInputError(`${file.name}: the shard comment's '${key}' must be a string`);
  if (!Array.isArray(header.tensors) || !header.tensors.every((t) => typeof t === 'string'))
    throw new SensitivityInputError(`${file.name}: the shard comment's 'tensors' must be a list of names`);
  if (!Array.isArray(header.levels) || !header.levels.every((l) => typeof l === 'number' && l >= 0 && l <= 1))
    throw new SensitivityInputError(
      `${file.name}: the shard comment's 'levels' must be a list of sparsities in [0, 1]`,
    );
  try {
    parseShard(header.shard);
  } catch (e) {
    throw new SensitivityInputError(`${file.name}: ${(e as Error).message}`);
  }
  const points = parseDistillerCsv(text.slice(newline + 1), file.name).flatMap((c) => c.points);
  return { header, points };
}

const cellKey = (parameter: string, sparsity: number) => `${parameter}\u0000${formatSparsity(sparsity)}`;

/**
 * Merges shard files into one Distiller CSV in sweep order. Throws SensitivityInputError when the
 * shards come from different models, data or settings, when a shard is missing or given twice, or
 * when a shard's rows are not exactly its cells.
 */
export function mergeShards(files: readonly ShardFile[]): string {
  if (files.length === 0) throw new SensitivityInputError('give the shard files to merge');
  const shards = files.map((f) => ({ file: f.name, ...readShard(f) }));
  const first = shards[0];
  const count = parseShard(first.header.shard).count;
  const same = (what: string, a: unknown, b: unknown, file: string) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      throw new SensitivityInputError(`${file} and ${first.file} are shards of different sweeps: their ${what} differ`);
  };
  const byIndex = new Map<number, string>();
  const rows = new Map<string, SensitivityPoint>();
  for (const s of shards) {
    const shard = parseShard(s.header.shard);
    if (shard.count !== count)
      throw new SensitivityInputError(`${s.file} is shard ${s.header.shard}, but ${first.file} is one of ${count}`);
    same('model hashes', s.header.model, first.header.model, s.file);
    same('data hashes', s.header.data, first.header.data, s.file);
    same('settings', s.header.settings, first.header.settings, s.file);
    same('tensors', s.header.tensors, first.header.tensors, s.file);
    same('levels', s.header.levels.map(formatSparsity), first.header.levels.map(formatSparsity), s.file);
    const twice = byIndex.get(shard.index);
    if (twice !== undefined)
      throw new SensitivityInputError(`shard ${formatShard(shard)} is given twice: ${twice} and ${s.file}`);
    byIndex.set(shard.index, s.file);
    const want = new Set(
      shardUnits(s.header.tensors, s.header.levels, shard).flatMap((u) => u.levels.map((l) => cellKey(u.tensor, l))),
    );
    const seen = new Set<string>();
    for (const p of s.points) {
      const key = cellKey(p.parameter, p.sparsity);
      if (!want.has(key))
        throw new SensitivityInputError(
          `${s.file} has a row for ${p.parameter} at ${formatSparsity(p.sparsity)}, which is not a cell of ` +
            `shard ${s.header.shard}`,
        );
      if (seen.has(key))
        throw new SensitivityInputError(`${s.file} has ${p.parameter} at ${formatSparsity(p.sparsity)} twice`);
      seen.add(key);
      rows.set(key, p);
    }
    const lacking = [...want].filter((k) => !seen.has(k));
    if (lacking.length)
      throw new SensitivityInputError(
        `${s.file} lacks ${lacking.length} of its ${want.size} rows (first: ${lacking[0].replace('\u0000', ' at ')}); ` +
          `was its run cut short?`,
      );
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length)
    throw new SensitivityInputError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} are missing`);
  const ordered = first.header.tensors.flatMap((t) => first.header.levels.map((l) => rows.get(cellKey(t, l))!));
  return toDistillerCsv(ordered);
}
