// Distiller compression-schedule YAML -> the runnable Schedule of a model. The file is read as
// Distiller reads it (parseDistillerYaml) and its weight names are resolved to the model's tensors.
// What a schedule run cannot apply is refused on its line, unless the caller asks to run without it
// (then it is listed as ignored). `PolynomialDecayPruner` is PruneLab's own class (TF-MOT's).
import type { Regularizer } from '../training/regularizers';
import type { DistillerPolicy, DistillerPrunerDef, DistillerSchedule } from './distiller-document';
import { parseDistillerYaml } from './distiller-parse';
import { isAgpClass } from './distiller-pruner-parse';
import { HONOURED_ARGS, miniBatchArgs } from './mini-batch';
import { miniBatchProblem } from './mini-batch-args';
import {
  ruleTensors,
  ScheduleError,
  validateSchedule,
  type EpochSpec,
  type PrunerConfig,
  type Schedule,
  type ScheduleGroup,
  type ScheduleRule,
} from './schedule';
import { tensorForWeightName, weightNameForTensor } from './weight-names';
import { DistillerYamlError } from './yaml-reader';

export { DistillerYamlError } from './yaml-reader';
export { exportDistillerYaml, type ExportOptions } from './distiller-export';
export { parseDistillerYaml } from './distiller-parse';

export interface DistillerImport {
  schedule: Schedule;
  /** What was accepted but not acted on by a schedule run, e.g. "regularizers (line 12)". */
  ignored: string[];
  /** Accepted as PyYAML reads it, with a note (e.g. a duplicate key: the last value is used). */
  warnings: string[];
  /** The file as read, before names met the model. */
  document: DistillerSchedule;
}

export interface ImportOptions {
  /**
   * Run without what a schedule run cannot apply (quantizers, thinning extensions on a model that
   * cannot be thinned, a second LR scheduler): each is listed in `ignored` with its line instead of refused.
   */
  skipUnsupported?: boolean;
  /**
   * The run thins the model at the extensions' epochs (FilterRemover / ChannelRemover); default true.
   * false: the model cannot be thinned during a run (e.g. ONNX), so the extensions are refused.
   */
  thinning?: boolean;
}

/**
 * Distiller's ranked-structure pruners: 'Filters' / '3D' rank output channels; 'Channels', and for
 * dense weights 'Rows' (rank_and_prune_channels, which ranks the columns of a PyTorch [out, in]
 * weight), rank input channels / features. 'Cols' is read as input features too.
 */
const RANKED_GROUPS: Record<string, ScheduleGroup> = {
  Filters: 'filters',
  '3D': 'filters',
  Channels: 'channels',
  Rows: 'channels',
  Cols: 'channels',
};

const STRUCTURE_THRESHOLD_GROUPS = ['2D', 'Rows', 'Cols', '3D', 'Filters', 'Channels'];

class Resolver {
  constructor(
    readonly file: string,
    readonly modelTensors: readonly string[],
  ) {}

  fail(line: number, reason: string): never {
    throw new DistillerYamlError(`${this.file} line ${line}: ${reason}`, line, 0);
  }

  tensor(weight: string, def: { name: string; line: number; nameLines: Record<string, number> }, what: string): string {
    if (weight === '*') return '*';
    return (
      tensorForWeightName(weight, this.modelTensors) ??
      this.fail(
        def.nameLines[weight] ?? def.line,
        `weight "${weight}" of ${what} "${def.name}" is not a prunable tensor of this model ` +
          `(expected e.g. ${this.modelTensors
            .slice(0, 3)
            .map((t) => (weightNameForTensor(t) === t ? t : `${weightNameForTensor(t)} or ${t}`))
            .join(', ')})`,
      )
    );
  }

  list(weights: string[], def: DistillerPrunerDef): string[] {
    return weights.map((w) => this.tensor(w, def, 'pruner'));
  }

  map<T>(values: Record<string, T>, def: DistillerPrunerDef | Parameters<Resolver['tensor']>[1], what: string) {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [this.tensor(k, def, what), v])) as Record<
      string,
      T
    >;
  }

  pruner(def: DistillerPrunerDef): { pruner: PrunerConfig; tensors: string[] | '*' } {
    const p = def.spec;
    const keys = (m: Record<string, number>) => ('*' in m ? '*' : Object.keys(m));
    switch (p.kind) {
      case 'agp':
        return {
          pruner: { kind: 'agp', initialSparsity: p.initialSparsity, finalSparsity: p.finalSparsity },
          tensors: this.list(p.weights, def),
        };
      case 'polynomial-decay': {
        const { initialSparsity, finalSparsity, power } = p;
        return {
          pruner: { kind: 'polynomial-decay', initialSparsity, finalSparsity, power },
          tensors: this.list(p.weights, def),
        };
      }
      case 'level': {
        const levels = this.map(p.levels, def, 'pruner');
        return { pruner: { kind: 'level', levels }, tensors: keys(levels) };
      }
      case 'magnitude': {
        const thresholds = this.map(p.thresholds, def, 'pruner');
        return { pruner: { kind: 'magnitude', thresholds }, tensors: keys(thresholds) };
      }
      case 'sensitivity': {
        const sensitivities = this.map(p.sensitivities, def, 'pruner');
        return { pruner: { kind: 'sensitivity', sensitivities }, tensors: keys(sensitivities) };
      }
      case 'ranked-structure': {
        const t = p.target;
        if (p.group === 'Blocks' && p.blockShape && p.ranking === 'l1' && t.kind !== 'random-level') {
          const target =
            t.kind === 'fixed'
              ? { sparsity: t.sparsity }
              : { initialSparsity: t.initialSparsity, finalSparsity: t.finalSparsity };
          return { pruner: { kind: 'blocks', blockShape: p.blockShape, target }, tensors: this.list(p.weights, def) };
        }
        const group = RANKED_GROUPS[p.group];
        if (!group) break;
        const leader = p.groupDependency ? { groupDependency: p.groupDependency } : {};
        const tensors = this.list(p.weights, def);
        if (t.kind === 'random-level')
          return { pruner: { kind: 'random-level', group, low: t.low, high: t.high, ...leader }, tensors };
        if (p.ranking === 'l1' || p.ranking === 'l2') {
          const norm = p.ranking;
          if (t.kind === 'fixed')
            return { pruner: { kind: 'structured', group, norm, sparsity: t.sparsity, ...leader }, tensors };
          const { initialSparsity, finalSparsity } = t;
          const structure = { group, ...(norm === 'l2' ? { norm } : {}), ...leader };
          return { pruner: { kind: 'agp', initialSparsity, finalSparsity, structure }, tensors };
        }
        const target =
          t.kind === 'fixed'
            ? { sparsity: t.sparsity }
            : { initialSparsity: t.initialSparsity, finalSparsity: t.finalSparsity };
        return { pruner: { kind: 'ranked-filters', ranking: p.ranking, target, ...leader }, tensors };
      }
      case 'splicing': {
        const sensitivities = this.map(p.sensitivities, def, 'pruner');
        const { lowThreshMult, hiThreshMult, sensitivityMultiplier } = p;
        return {
          pruner: { kind: 'splicing', sensitivities, lowThreshMult, hiThreshMult, sensitivityMultiplier },
          tensors: keys(sensitivities),
        };
      }
      case 'structure-threshold': {
        const regimes = this.map(p.regimes, def, 'pruner');
        for (const [name, r] of Object.entries(regimes))
          if (!STRUCTURE_THRESHOLD_GROUPS.includes(r.group))
            this.fail(def.nameLines[name] ?? def.line, `group ${r.group} of ${name} has no threshold structures`);
        const tensors = '*' in regimes ? '*' : Object.keys(regimes);
        return { pruner: { kind: 'structure-threshold', regimes, criterion: p.criterion }, tensors };
      }
      case 'baidu-rnn': {
        const { q, rampEpochOffset, rampSlopeMult } = p;
        return { pruner: { kind: 'baidu-rnn', q, rampEpochOffset, rampSlopeMult }, tensors: this.list(p.weights, def) };
      }
    }
    return this.fail(
      def.line,
      `pruner "${def.name}" (${def.className}${'group' in p ? `, group_type ${p.group}` : ''}) is read, ` +
        'but a schedule run cannot apply it yet',
    );
  }

  regularizer(spec: Regularizer, def: Parameters<Resolver['tensor']>[1]): Regularizer {
    if (spec.kind === 'l1') return { ...spec, strengths: this.map(spec.strengths, def, 'regularizer') };
    return { ...spec, regimes: this.map(spec.regimes, def, 'regularizer') };
  }
}

/** AGP reads starting/ending epoch and frequency; an evenly spaced epoch list says the same thing. */
function agpWhen(r: Resolver, policy: DistillerPolicy, def: DistillerPrunerDef): EpochSpec {
  const when = policy.when;
  if ('epochs' in when) {
    const list = when.epochs;
    const freq = list.length > 1 ? list[1] - list[0] : 1;
    if (list.some((e, i) => i > 0 && e - list[i - 1] !== freq) || freq < 1)
      r.fail(
        policy.line,
        `${def.className} needs evenly spaced epochs (or starting_epoch/ending_epoch/frequency); ` +
          `got [${list.join(', ')}]`,
      );
    return { start: list[0], end: list[list.length - 1] + 1, frequency: freq };
  }
  const { start, end, frequency } = when;
  if (def.className !== 'PolynomialDecayPruner' && Math.floor((end - start - 1) / frequency) * frequency <= 0)
    r.fail(
      policy.line,
      'AGP span floor((ending_epoch - starting_epoch - 1) / frequency) * frequency is 0 for ' +
        `${start}, ${end}, ${frequency}: widen the range`,
    );
  return when;
}

/** The runnable Schedule of a parsed Distiller document for a model's prunable tensors. */
export function scheduleFromDistiller(
  doc: DistillerSchedule,
  modelTensors: readonly string[],
  fileName = 'schedule.yaml',
  opts: ImportOptions = {},
): Omit<DistillerImport, 'document' | 'warnings'> {
  const r = new Resolver(fileName, modelTensors);
  const ignored: string[] = [];
  const unsupported: { line: number; what: string }[] = [];
  for (const q of doc.quantizers)
    unsupported.push({ line: q.line, what: `quantizer "${q.name}" (${q.className}): PruneLab does not quantize` });
  for (const policy of doc.policies) {
    const args = Object.keys(policy.args).filter((a) => !HONOURED_ARGS.has(a));
    if (args.length > 0)
      unsupported.push({
        line: policy.line,
        what: `${policy.target} policy args ${args.join(', ')}: not supported by a run`,
      });
  }
  const schedule: Schedule = { rules: [] };
  const uses = new Map<string, number>();
  for (const policy of doc.policies) {
    if (policy.target === 'pruner') {
      const def = doc.pruners.find((d) => d.name === policy.instance) as DistillerPrunerDef;
      const when = isAgpClass(def.className) ? agpWhen(r, policy, def) : policy.when;
      const n = (uses.get(def.name) ?? 0) + 1;
      uses.set(def.name, n);
      const miniBatch = miniBatchArgs(policy);
      const problem = miniBatch && miniBatchProblem(miniBatch);
      if (problem) r.fail(policy.line, problem);
      schedule.rules.push({
        name: n === 1 ? def.name : `${def.name}@${n}`,
        when,
        ...r.pruner(def),
        ...(miniBatch ? { miniBatch } : {}),
      } as ScheduleRule);
      continue;
    }
    const name = policy.instance;
    if (policy.target === 'quantizer') continue;
    if (policy.target === 'regularizer') {
      const def = doc.regularizers.find((d) => d.name === name);
      if (def)
        (schedule.regularizers ??= []).push({
          name,
          regularizer: r.regularizer(def.spec, def),
          when: policy.when,
          keepMask: policy.args.keep_mask ?? false,
        });
    } else if (policy.target === 'lr_scheduler') {
      const def = doc.lrSchedulers.find((d) => d.name === name);
      if (def && schedule.lrSchedulers?.length)
        unsupported.push({ line: policy.line, what: `a second LR scheduler "${name}": one at a time` });
      else if (def) (schedule.lrSchedulers ??= []).push({ name, scheduler: def.spec, when: policy.when });
    } else if (policy.target === 'extension') {
      const def = doc.extensions.find((d) => d.name === name);
      if (def && opts.thinning === false)
        unsupported.push({
          line: policy.line,
          what: `extension "${name}" (${def.className}): this model cannot be thinned during a run`,
        });
      else if (def) {
        const { removes, arch, dataset } = def.spec;
        const rule = { name, removes, when: policy.when, ...(arch !== undefined ? { arch } : {}) };
        (schedule.thinning ??= []).push(dataset !== undefined ? { ...rule, dataset } : rule);
      }
    }
  }
  for (const def of doc.pruners)
    if (!uses.has(def.name)) ignored.push(`pruner "${def.name}" (line ${def.line}): no policy uses it`);
  unsupported.sort((a, b) => a.line - b.line);
  if (unsupported.length > 0 && !opts.skipUnsupported)
    r.fail(
      unsupported[0].line,
      `${unsupported.map((u) => `${u.what} (line ${u.line})`).join('; ')}; run without ` +
        `${unsupported.length === 1 ? 'it' : 'them'}: --skip-unsupported, or "Run without unsupported entries"`,
    );
  for (const u of unsupported) ignored.push(`${u.what} (line ${u.line})`);
  try {
    validateSchedule(schedule);
    for (const rule of schedule.rules) ruleTensors(rule, modelTensors);
  } catch (e) {
    if (e instanceof ScheduleError) throw new DistillerYamlError(`${fileName}: ${e.message}`, 0, 0);
    throw e;
  }
  return { schedule, ignored };
}

/** Only a model that trains (TF.js layers) is thinned during a run; the others run their masks only. */
export function thinsDuringRun(format: string): boolean {
  return format === 'tfjs-layers';
}

/** Parses a Distiller schedule against a model's prunable tensor names. */
export function importDistillerYaml(
  text: string,
  modelTensors: readonly string[],
  fileName = 'schedule.yaml',
  opts: ImportOptions = {},
): DistillerImport {
  const document = parseDistillerYaml(text, fileName);
  return { ...scheduleFromDistiller(document, modelTensors, fileName, opts), warnings: document.warnings, document };
}
