// The memory budget of a device: a model whose weights would take more than it is refused before
// any tensor is made, from the sizes its files declare (a TF.js weightsManifest's shapes, an ONNX
// file's initializer dims or external-data lengths, a Keras .h5's dataset shapes). Weights count as
// float32, the type the lab holds them in (quantized manifests and float16 initializers are widened
// on load), so the figure is the least the lab would allocate for them.
import type { NamedBytes } from '../types';
import { ModelFormatError } from './tfjs-layers/model-format-error';

/** 1 GiB: what a class laptop's tab can give one model's weights (dense copy, masks and the model beside them). */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;

const FLOAT32_BYTES = 4;

/** A model's weights do not fit the memory budget. */
export class ModelTooLargeError extends ModelFormatError {
  constructor(
    readonly fileName: string,
    readonly weightBytes: number,
    readonly budget: number,
  ) {
    super(
      `${fileName}: its weights need ${formatBytes(weightBytes)} as float32, more than this device's memory ` +
        `budget of ${formatBytes(budget)}; nothing was loaded (raise the budget if this device has the memory)`,
    );
    this.name = 'ModelFormatError';
  }
}

/** 1.5 GiB, 300 MiB, 12 KiB, 512 bytes. */
export function formatBytes(bytes: number): string {
  const units = ['GiB', 'MiB', 'KiB'] as const;
  for (const [i, unit] of units.entries()) {
    const size = 2 ** (10 * (units.length - i));
    if (bytes >= size) return `${+(bytes / size).toFixed(2)} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Refuses weights of `values` float32 numbers over `budget` bytes (undefined: no budget). */
export function checkMemoryBudget(fileName: string, values: number, budget: number | undefined): void {
  if (budget === undefined) return;
  const bytes = values * FLOAT32_BYTES;
  if (bytes > budget) throw new ModelTooLargeError(fileName, bytes, budget);
}

/** The product of a declared shape; a shape that is not a list of counts declares nothing (its reader refuses it). */
export function shapeSize(shape: unknown): number {
  if (!Array.isArray(shape)) return 0;
  let n = 1;
  for (const d of shape) {
    const v = typeof d === 'bigint' ? Number(d) : d;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return 0;
    n *= v;
  }
  return n;
}

/** Weight values a TF.js model.json's weightsManifest declares (layers or graph model); 0 if it has none. */
export function manifestValues(json: unknown): number {
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) return 0;
  let n = 0;
  for (const group of manifest) {
    const weights = (group as { weights?: unknown } | null)?.weights;
    if (Array.isArray(weights)) for (const w of weights) n += shapeSize((w as { shape?: unknown } | null)?.shape);
  }
  return n;
}

/** Checks a TF.js model.json among the files against the budget (other formats check in their readers). */
export function checkManifestBudget(files: NamedBytes[], budget: number | undefined): void {
  if (budget === undefined) return;
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  if (!json) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(json.bytes));
  } catch {
    return; // the model reader reports the JSON error with its line and column
  }
  checkMemoryBudget(json.name.slice(json.name.lastIndexOf('/') + 1), manifestValues(parsed), budget);
}
