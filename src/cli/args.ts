import { parseArgs } from 'node:util';
import { DATA_OPTIONS } from './data-flags';
import { CliError } from './errors';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Options every command takes. */
const COMMON: OptionSpec = {
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'external-data': { type: 'string' },
  'memory-budget': { type: 'string' },
  ...DATA_OPTIONS,
};

export type ParsedOptions = Record<string, string | boolean | undefined>;

/** node:util parseArgs, strict, with parse errors as CliError (exit code 2). */
export function parseOptions(command: string, args: string[], options: OptionSpec): ParsedOptions {
  try {
    const { values } = parseArgs({ args, options: { ...COMMON, ...options }, strict: true, allowPositionals: false });
    return values as ParsedOptions;
  } catch (e) {
    throw new CliError(`${command}: ${(e as Error).message.split('\n')[0]}`, 2);
  }
}

export function requireString(values: ParsedOptions, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`${command} needs --${name}`, 2);
  return v;
}

export function optionalString(values: ParsedOptions, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function parseFraction(raw: string, what: string): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new CliError(`${what} must be a number; got '${raw}'`, 2);
  if (x < 0 || x > 1) throw new CliError(`${what} must be in [0, 1] (a fraction, not a percent); got ${raw}`, 2);
  return x;
}

export function parseChoice<T extends string>(
  raw: string | undefined,
  choices: readonly T[],
  what: string,
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw new CliError(`${what} must be one of ${choices.join(', ')}; got '${raw}'`, 2);
  return raw as T;
}

/** --limit: the number of examples to evaluate on. */
export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--limit must be a positive integer (number of examples); got '${raw}'`, 2);
  return n;
}

/** --memory-budget: MiB a model's weights may take as float32 (a whole number from 1 to 65536); bytes. */
export function parseMemoryBudget(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const mib = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(mib) || mib < 1 || mib > 65536)
    throw new CliError(`--memory-budget must be a whole number of MiB from 1 to 65536; got '${raw}'`, 2);
  return mib * 2 ** 20;
}
