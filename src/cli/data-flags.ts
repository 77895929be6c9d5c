// The data and input-mapping flags every command takes (--resize 32 --crop 28 --scaling imagenet
// --layout nchw …): the same InputMapping value the page keeps in its session.
import { detectLayout, type InputMapping, type MappingLayout, type MappingScaling } from '../core/data/input-mapping';
import type { OpenDatasetOptions } from '../core/data/open-dataset';
import type { InputScaling } from '../core/types';
import { CliError } from './errors';

type Values = Record<string, string | boolean | undefined>;

export const DATA_OPTIONS = {
  resize: { type: 'string' },
  crop: { type: 'string' },
  layout: { type: 'string' },
  channels: { type: 'string' },
  scaling: { type: 'string' },
  mean: { type: 'string' },
  std: { type: 'string' },
  'label-map': { type: 'string' },
  'x-array': { type: 'string' },
  'y-array': { type: 'string' },
  'label-column': { type: 'string' },
  features: { type: 'string' },
} as const;

const MAPPING_FLAGS = ['resize', 'crop', 'layout', 'channels', 'scaling', 'mean', 'std', 'label-map'];
const LAYOUTS: MappingLayout[] = ['nhwc', 'nchw', 'hw', 'flat'];
const SCALINGS = ['unit', 'symmetric', 'imagenet', 'none', 'custom'];

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function positiveInt(raw: string | undefined, flag: string): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--${flag} must be a positive integer (pixels); got '${raw}'`, 2);
  return n;
}

function numbers(raw: string, flag: string): number[] {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((x) => !Number.isFinite(x)))
    throw new CliError(`--${flag} takes numbers separated by commas; got '${raw}'`, 2);
  return list;
}

function scalingOf(v: Values, fallback: InputScaling): MappingScaling {
  const kind = str(v, 'scaling');
  if (kind === undefined) {
    if (v.mean !== undefined || v.std !== undefined) return customScaling(v);
    return fallback;
  }
  if (!SCALINGS.includes(kind)) throw new CliError(`--scaling must be one of ${SCALINGS.join(', ')}; got '${kind}'`, 2);
  if (kind === 'custom') return customScaling(v);
  return { kind } as MappingScaling;
}

function customScaling(v: Values): MappingScaling {
  const mean = str(v, 'mean');
  const std = str(v, 'std');
  if (mean === undefined || std === undefined)
    throw new CliError('custom scaling needs both --mean and --std (per channel, on x/255)', 2);
  return { kind: 'custom', mean: numbers(mean, 'mean'), std: numbers(std, 'std') };
}

/** The mapping the flags ask for (null when none is given: the data goes in as it is). */
export function mappingFromFlags(
  v: Values,
  inputShape: readonly (number | null)[],
  scaling: InputScaling,
): InputMapping | null {
  if (!MAPPING_FLAGS.some((k) => v[k] !== undefined)) return null;
  const layout = str(v, 'layout');
  if (layout !== undefined && !(LAYOUTS as string[]).includes(layout))
    throw new CliError(`--layout must be one of ${LAYOUTS.join(', ')}; got '${layout}'`, 2);
  const channels = positiveInt(str(v, 'channels'), 'channels');
  if (channels !== null && channels !== 1 && channels !== 3)
    throw new CliError(`--channels must be 1 or 3; got ${channels}`, 2);
  const labelMap = str(v, 'label-map');
  return {
    resize: positiveInt(str(v, 'resize'), 'resize'),
    crop: positiveInt(str(v, 'crop'), 'crop'),
    layout: (layout as MappingLayout | undefined) ?? detectLayout(inputShape),
    channels,
    scaling: scalingOf(v, scaling),
    labelMap: labelMap === undefined ? null : numbers(labelMap, 'label-map'),
  };
}

/** Array and column choices for .npz and .csv data. */
export function datasetOptionsFromFlags(v: Values): OpenDatasetOptions {
  const features = str(v, 'features');
  return {
    numpy: { x: str(v, 'x-array'), y: str(v, 'y-array') },
    csv: { label: str(v, 'label-column'), features: features?.split(',').map((s) => s.trim()) },
  };
}

/** One line saying how the data is fed, for stderr. */
export function describeMapping(m: InputMapping | null | undefined): string {
  if (!m) return 'input: the data as it is';
  const s = m.scaling;
  const scaling =
    s.kind === 'custom'
      ? `custom mean ${s.mean.join(',')} std ${s.std.join(',')}`
      : s.kind === 'standard'
        ? `standard mean ${s.mean} std ${s.std}`
        : s.kind;
  return (
    `input mapping: layout ${m.layout}` +
    (m.resize !== null ? `, resize ${m.resize}` : '') +
    (m.crop !== null ? `, crop ${m.crop}` : '') +
    (m.channels !== null ? `, ${m.channels} channel(s)` : '') +
    `, scaling ${scaling}` +
    (m.labelMap ? `, label map ${m.labelMap.join(',')}` : '')
  );
}
