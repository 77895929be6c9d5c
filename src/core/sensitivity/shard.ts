// A sweep cut into n shards for batch schedulers (a Slurm array, a Kubernetes Indexed Job, a CI
// matrix): the (tensor, level) cells in sweep order, tensor-major, cut into n contiguous runs of
// near-equal length. Contiguous runs keep most tensors whole in one shard, so each shard still
// computes a tensor's prefix activations once.
import { SensitivityInputError } from './errors';

export interface Shard {
  /** 0-based (Kubernetes' JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID with --array=0-(n-1)). */
  index: number;
  count: number;
}

/** A run of cells of one tensor: the tensor and the levels of its cells, in sweep order. */
export interface SweepUnit {
  tensor: string;
  levels: number[];
}

/** "i/n" with 0 <= i < n. */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new SensitivityInputError(`shard '${spec}' must be i/n (e.g. 0/4: the first of 4 shards)`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1) throw new SensitivityInputError(`shard '${spec}': the shard count must be at least 1`);
  if (index >= count)
    throw new SensitivityInputError(`shard '${spec}': the index is 0-based, so it must be below ${count}`);
  return { index, count };
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/** Every cell of the sweep as units, one per tensor. */
export function sweepUnits(tensors: readonly string[], levels: readonly number[]): SweepUnit[] {
  return tensors.map((tensor) => ({ tensor, levels: [...levels] }));
}

/** The cells of shard `s`, as units (a tensor cut at a shard border appears in two shards). */
export function shardUnits(tensors: readonly string[], levels: readonly number[], s: Shard): SweepUnit[] {
  const total = tensors.length * levels.length;
  const from = Math.floor((s.index * total) / s.count);
  const to = Math.floor(((s.index + 1) * total) / s.count);
  const units: SweepUnit[] = [];
  for (let cell = from; cell < to; cell++) {
    const tensor = tensors[Math.floor(cell / levels.length)];
    const level = levels[cell % levels.length];
    const last = units[units.length - 1];
    if (last?.tensor === tensor) last.levels.push(level);
    else units.push({ tensor, levels: [level] });
  }
  return units;
}
