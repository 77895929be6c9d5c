import type { PrunableTensor } from '../core/types';
import { CliError } from './errors';

/** Tensor names from --layers: tensor names as `summary` prints them, or a layer name with one kernel. */
export function resolveLayers(raw: string, tensors: readonly PrunableTensor[]): string[] {
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const names: string[] = [];
  const unknown: string[] = [];
  for (const w of wanted) {
    const exact = tensors.find((t) => t.name === w);
    const byLayer = tensors.filter((t) => t.layerName === w);
    if (exact) names.push(exact.name);
    else if (byLayer.length === 1) names.push(byLayer[0].name);
    else unknown.push(w);
  }
  if (unknown.length) {
    throw new CliError(
      `unknown layer${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid names: ` +
        `${tensors.map((t) => t.name).join(', ')}`,
      2,
    );
  }
  if (names.length === 0) throw new CliError('--layers is empty', 2);
  return [...new Set(names)];
}
