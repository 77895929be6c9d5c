// The PyTorch side of the benches (vs_pytorch.py), run with Debian's python3-torch when present.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

export interface TorchFigures {
  threads: number;
  finetune_images_per_second: number;
  /** the sweep's figures: absent when only fine-tuning was asked for */
  sweep_seconds?: number;
  cells?: number;
  dense_top1?: number;
}

/**
 * PyTorch's figures on `threads` threads (default: all cores), fine-tuning on the first `images` training
 * images (default all); null when PYTHON cannot import torch.
 */
export function torchFigures(
  mode: 'all' | 'finetune' = 'all',
  threads = availableParallelism(),
  images?: number,
): TorchFigures | null {
  if (spawnSync(PYTHON, ['-c', 'import torch']).status !== 0) return null;
  const args = ['scripts/bench/vs_pytorch.py', '.', String(threads), mode, ...(images ? [String(images)] : [])];
  const out = execFileSync(PYTHON, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as TorchFigures;
}
