// Distiller compression-schedule YAML <-> Schedule. Import checks every key against the pruner
// class it belongs to and reports problems with their line; keys Distiller has but PruneLab does
// not act on (regularizers, quantizers, lr_schedulers, extensions) are accepted and listed as
// ignored. `PolynomialDecayPruner` is PruneLab's own class (TF-MOT's PolynomialDecay), not Distiller's.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
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

export class DistillerYamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'DistillerYamlError';
  }
}

export interface DistillerImport {
  schedule: Schedule;
  /** What was accepted but not acted on, e.g. "regularizers (line 12)". */
  ignored: string[];
}

const TOP_LEVEL = ['version', 'pruners', 'regularizers', 'quantizers', 'lr_schedulers', 'extensions', 'policies'];
const IGNORED_TOP_LEVEL = ['regularizers', 'quantizers', 'lr_schedulers', 'extensions'];
const POLICY_KEYS = [
  'pruner',
  'regularizer',
  'quantizer',
  'lr_scheduler',
  'extension',
  'epochs',
  'starting_epoch',
  'ending_epoch',
  'frequency',
];

const PRUNER_KEYS: Record<string, string[]> = {
  AutomatedGradualPruner: ['class', 'initial_sparsity', 'final_sparsity', 'weights'],
  L1RankedStructureParameterPruner_AGP: ['class', 'initial_sparsity', 'final_sparsity', 'group_type', 'weights'],
  PolynomialDecayPruner: ['class', 'initial_sparsity', 'final_sparsity', 'power', 'weights'],
  MagnitudeParameterPruner: ['class', 'thresholds'],
  SparsityLevelParameterPruner: ['class', 'levels'],
  SensitivityPruner: ['class', 'sensitivities'],
  L1RankedStructureParameterPruner: ['class', 'group_type', 'desired_sparsity', 'weights'],
  L2RankedStructureParameterPruner: ['class', 'group_type', 'desired_sparsity', 'weights'],
};

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

function suggestion(word: string, options: string[]): string {
  const best = options.map((o) => [o, editDistance(word, o)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 3 ? `; did you mean "${best[0]}"?` : '';
}

class Reader {
  readonly lines = new LineCounter();
  constructor(readonly file: string) {}

  pos(node: Node | Pair | null | undefined): { line: number; col: number } {
    const n = (node && 'range' in node ? node : (node as Pair | undefined)?.key) as Node | undefined;
    const offset = n?.range?.[0] ?? 0;
    return this.lines.linePos(offset);
  }

  fail(node: Node | Pair | null | undefined, reason: string): never {
    const { line, col } = this.pos(node);
    throw new DistillerYamlError(`${this.file} line ${line}: ${reason}`, line, col);
  }

  map(node: unknown, what: string, at: Node | Pair | null | undefined): YAMLMap {
    if (!isMap(node)) this.fail((node as Node) ?? at, `${what} must be a mapping (key: value lines)`);
    return node;
  }

  keyOf(pair: Pair): string {
    return isScalar(pair.key) ? String(pair.key.value) : this.fail(pair.key as Node, 'keys must be plain names');
  }

  number(node: unknown, what: string, at: Node | Pair | undefined): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(
        (node as Node) ?? at,
        `${what} must be a number; got ${isScalar(node) ? JSON.stringify(node.value) : 'nothing'}`,
      );
    return v;
  }

  integer(node: unknown, what: string, at: Node | Pair | undefined): number {
    const v = this.number(node, what, at);
    if (!Number.isInteger(v) || v < 0) this.fail(node as Node, `${what} must be an integer >= 0; got ${v}`);
    return v;
  }

  string(node: unknown, what: string, at: Node | Pair | undefined): string {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string')
      this.fail(
        (node as Node) ?? at,
        `${what} must be a name; got ${isScalar(node) ? JSON.stringify(node.value) : 'nothing'}`,
      );
    return v;
  }
}

interface ParsedPruner {
  name: string;
  node: Pair;
  className: string;
  build: () => Omit<ScheduleRule, 'name' | 'when'>;
}

function parsePruner(r: Reader, pair: Pair, modelTensors: readonly string[]): ParsedPruner {
  const name = r.keyOf(pair);
  const body = r.map(pair.value, `pruner "${name}"`, pair);
  const classPair = body.items.find((p) => r.keyOf(p) === 'class');
  if (!classPair) r.fail(pair, `pruner "${name}" has no "class"`);
  const className = r.string(classPair.value, `class of pruner "${name}"`, classPair);
  const allowed = PRUNER_KEYS[className];
  if (!allowed)
    r.fail(
      classPair.value as Node,
      `pruner class "${className}" is not supported; supported: ${Object.keys(PRUNER_KEYS).join(', ')}${suggestion(className, Object.keys(PRUNER_KEYS))}`,
    );
  const fields = new Map<string, Pair>();
  for (const p of body.items) {
    const key = r.keyOf(p);
    if (!allowed.includes(key))
      r.fail(
        p,
        `unknown key "${key}" in pruner "${name}" (${className} takes ${allowed.join(', ')})${suggestion(key, allowed)}`,
      );
    fields.set(key, p);
  }
  const need = (key: string): Pair => fields.get(key) ?? r.fail(pair, `pruner "${name}" (${className}) needs "${key}"`);
  const sparsity = (key: string) => {
    const p = need(key);
    const v = r.number(p.value, `${key} of pruner "${name}"`, p);
    if (v < 0 || v > 1)
      r.fail(p.value as Node, `${key} of pruner "${name}" must be between 0 and 1 (a fraction); got ${v}`);
    return v;
  };
  const tensorOf = (weight: string, at: Node | Pair) =>
    weight === '*'
      ? '*'
      : (tensorForWeightName(weight, modelTensors) ??
        r.fail(
          at,
          `weight "${weight}" of pruner "${name}" is not a prunable tensor of this model (expected e.g. ${modelTensors
            .slice(0, 3)
            .map((t) => `${weightNameForTensor(t)} or ${t}`)
            .join(', ')})`,
        ));
  const weights = (): string[] => {
    const p = need('weights');
    if (!isSeq(p.value) || p.value.items.length === 0)
      r.fail((p.value as Node) ?? p, `weights of pruner "${name}" must be a non-empty list`);
    return p.value.items.map((item) => tensorOf(r.string(item, `a weight of pruner "${name}"`, p), item as Node));
  };
  const valueMap = (key: string, check: (v: number, at: Node) => void): Record<string, number> => {
    const p = need(key);
    const m = r.map(p.value, `${key} of pruner "${name}"`, p);
    const out: Record<string, number> = {};
    for (const item of m.items) {
      const tensor = tensorOf(r.keyOf(item), item);
      const v = r.number(item.value, `${key} of ${r.keyOf(item)}`, item);
      check(v, item.value as Node);
      out[tensor] = v;
    }
    return out;
  };
  const nonNegative = (v: number, at: Node) => {
    if (v < 0) r.fail(at, `must be >= 0; got ${v}`);
  };
  const fraction = (v: number, at: Node) => {
    if (v < 0 || v > 1) r.fail(at, `must be between 0 and 1 (a fraction); got ${v}`);
  };
  const groupType = (): ScheduleGroup => {
    const p = need('group_type');
    const g = r.string(p.value, `group_type of pruner "${name}"`, p);
    // PyTorch dense weights are [out, in]: a row is an output neuron (a "filter"), a column an input feature.
    const groups: Record<string, ScheduleGroup> = {
      Filters: 'filters',
      Channels: 'channels',
      Rows: 'filters',
      Cols: 'channels',
    };
    if (!groups[g]) {
      r.fail(
        p.value as Node,
        `group_type "${g}" is not supported; supported: Filters, Channels, Rows, Cols${suggestion(g, Object.keys(groups))}`,
      );
    }
    return groups[g];
  };
  const tensorsOfMap = (values: Record<string, number>): string[] | '*' => ('*' in values ? '*' : Object.keys(values));

  let build: ParsedPruner['build'];
  switch (className) {
    case 'AutomatedGradualPruner':
    case 'L1RankedStructureParameterPruner_AGP':
    case 'PolynomialDecayPruner': {
      const initialSparsity = sparsity('initial_sparsity');
      const finalSparsity = sparsity('final_sparsity');
      const tensors = weights();
      let pruner: PrunerConfig;
      if (className === 'PolynomialDecayPruner') {
        const powerPair = fields.get('power');
        pruner = {
          kind: 'polynomial-decay',
          initialSparsity,
          finalSparsity,
          power: powerPair ? r.number(powerPair.value, 'power', powerPair) : 3,
        };
      } else if (className === 'AutomatedGradualPruner') pruner = { kind: 'agp', initialSparsity, finalSparsity };
      else pruner = { kind: 'agp', initialSparsity, finalSparsity, structure: { group: groupType() } };
      build = () => ({ pruner, tensors });
      break;
    }
    case 'MagnitudeParameterPruner': {
      const thresholds = valueMap('thresholds', nonNegative);
      build = () => ({ pruner: { kind: 'magnitude', thresholds }, tensors: tensorsOfMap(thresholds) });
      break;
    }
    case 'SparsityLevelParameterPruner': {
      const levels = valueMap('levels', fraction);
      build = () => ({ pruner: { kind: 'level', levels }, tensors: tensorsOfMap(levels) });
      break;
    }
    case 'SensitivityPruner': {
      const sensitivities = valueMap('sensitivities', nonNegative);
      build = () => ({ pruner: { kind: 'sensitivity', sensitivities }, tensors: tensorsOfMap(sensitivities) });
      break;
    }
    default: {
      const s = sparsity('desired_sparsity');
      const group = groupType();
      const tensors = weights();
      const norm = className.startsWith('L1') ? 'l1' : 'l2';
      build = () => ({ pruner: { kind: 'structured', group, norm, sparsity: s }, tensors });
    }
  }
  return { name, node: pair, className, build };
}

function parseWhen(r: Reader, policy: YAMLMap, pruner: ParsedPruner, at: Node): EpochSpec {
  const get = (k: string) => policy.items.find((p) => r.keyOf(p) === k);
  const epochs = get('epochs');
  const agpLike = ['AutomatedGradualPruner', 'L1RankedStructureParameterPruner_AGP', 'PolynomialDecayPruner'].includes(
    pruner.className,
  );
  if (epochs) {
    for (const k of ['starting_epoch', 'ending_epoch', 'frequency'])
      if (get(k)) r.fail(get(k), `a policy takes either "epochs" or starting_epoch/ending_epoch/frequency, not both`);
    if (!isSeq(epochs.value) || epochs.value.items.length === 0)
      r.fail((epochs.value as Node) ?? epochs, 'epochs must be a non-empty list of integers');
    const list = epochs.value.items.map((item) => r.integer(item, 'an epoch', epochs));
    if (!agpLike) return { epochs: list };
    // AGP reads starting/ending epoch and frequency; an evenly spaced list says the same thing.
    const freq = list.length > 1 ? list[1] - list[0] : 1;
    if (list.some((e, i) => i > 0 && e - list[i - 1] !== freq) || freq < 1) {
      r.fail(
        epochs,
        `${pruner.className} needs evenly spaced epochs (or starting_epoch/ending_epoch/frequency); got [${list.join(', ')}]`,
      );
    }
    return { start: list[0], end: list[list.length - 1] + 1, frequency: freq };
  }
  // Distiller's defaults when a key is left out: starting_epoch 0, ending_epoch 1, frequency 1.
  const start = get('starting_epoch')
    ? r.integer(get('starting_epoch')?.value, 'starting_epoch', get('starting_epoch'))
    : 0;
  const end = get('ending_epoch') ? r.integer(get('ending_epoch')?.value, 'ending_epoch', get('ending_epoch')) : 1;
  const frequency = get('frequency') ? r.integer(get('frequency')?.value, 'frequency', get('frequency')) : 1;
  if (end <= start)
    r.fail(get('ending_epoch') ?? at, `ending_epoch (${end}) must be greater than starting_epoch (${start})`);
  if (frequency < 1) r.fail(get('frequency') ?? at, `frequency must be >= 1; got ${frequency}`);
  if (
    agpLike &&
    pruner.className !== 'PolynomialDecayPruner' &&
    Math.floor((end - start - 1) / frequency) * frequency <= 0
  ) {
    r.fail(
      get('ending_epoch') ?? at,
      `AGP span floor((ending_epoch - starting_epoch - 1) / frequency) * frequency is 0 for ${start}, ${end}, ${frequency}: widen the range`,
    );
  }
  return { start, end, frequency };
}

/** Parses a Distiller schedule against a model's prunable tensor names. */
export function importDistillerYaml(
  text: string,
  modelTensors: readonly string[],
  fileName = 'schedule.yaml',
): DistillerImport {
  const r = new Reader(fileName);
  const doc = parseDocument(text, { lineCounter: r.lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? 0;
    throw new DistillerYamlError(
      `${fileName} line ${line}: not valid YAML: ${e.message.split('\n')[0]}`,
      line,
      e.linePos?.[0].col ?? 0,
    );
  }
  const root = r.map(doc.contents, 'the schedule', null);
  const ignored: string[] = [];
  const top = new Map<string, Pair>();
  for (const p of root.items) {
    const key = r.keyOf(p);
    if (!TOP_LEVEL.includes(key))
      r.fail(
        p,
        `unknown top-level key "${key}" (a Distiller schedule has ${TOP_LEVEL.join(', ')})${suggestion(key, TOP_LEVEL)}`,
      );
    top.set(key, p);
    if (IGNORED_TOP_LEVEL.includes(key)) ignored.push(`${key} (line ${r.pos(p).line})`);
  }
  const version = top.get('version');
  if (version && r.number(version.value, 'version', version) !== 1)
    r.fail(
      version.value as Node,
      `only version 1 schedules exist; got ${String((version.value as { value?: unknown }).value)}`,
    );

  const pruners = new Map<string, ParsedPruner>();
  const prunersPair = top.get('pruners');
  if (prunersPair) {
    for (const p of r.map(prunersPair.value, 'pruners', prunersPair).items) {
      const parsed = parsePruner(r, p, modelTensors);
      pruners.set(parsed.name, parsed);
    }
  }
  const policiesPair = top.get('policies');
  const rules: ScheduleRule[] = [];
  const uses = new Map<string, number>();
  if (policiesPair) {
    const list = isSeq(policiesPair.value)
      ? policiesPair.value
      : r.fail((policiesPair.value as Node) ?? policiesPair, 'policies must be a list (lines starting with "- ")');
    for (const item of list.items) {
      const policy = r.map(item, 'a policy', policiesPair);
      for (const p of policy.items) {
        const key = r.keyOf(p);
        if (!POLICY_KEYS.includes(key))
          r.fail(
            p,
            `unknown key "${key}" in a policy (a policy takes ${POLICY_KEYS.join(', ')})${suggestion(key, POLICY_KEYS)}`,
          );
      }
      const prunerRef = policy.items.find((p) => r.keyOf(p) === 'pruner');
      if (!prunerRef) {
        const other = policy.items
          .map((p) => r.keyOf(p))
          .find((k) => ['regularizer', 'quantizer', 'lr_scheduler', 'extension'].includes(k));
        if (!other) r.fail(item as Node, 'a policy must name a pruner (pruner: {instance_name: ...})');
        ignored.push(`${other} policy (line ${r.pos(item as Node).line})`);
        continue;
      }
      const ref = r.map(prunerRef.value, 'pruner of a policy', prunerRef);
      for (const p of ref.items)
        if (r.keyOf(p) !== 'instance_name')
          r.fail(
            p,
            `unknown key "${r.keyOf(p)}" in a policy's pruner (expected instance_name)${suggestion(r.keyOf(p), ['instance_name'])}`,
          );
      const namePair =
        ref.items.find((p) => r.keyOf(p) === 'instance_name') ??
        r.fail(prunerRef, 'the policy\'s pruner needs "instance_name"');
      const instance = r.string(namePair.value, 'instance_name', namePair);
      const pruner =
        pruners.get(instance) ??
        r.fail(
          namePair.value as Node,
          `policy names pruner "${instance}", which is not defined under pruners (defined: ${[...pruners.keys()].join(', ') || 'none'})${suggestion(instance, [...pruners.keys()])}`,
        );
      const when = parseWhen(r, policy, pruner, item as Node);
      const n = (uses.get(instance) ?? 0) + 1;
      uses.set(instance, n);
      rules.push({ name: n === 1 ? instance : `${instance}@${n}`, when, ...pruner.build() });
    }
  }
  for (const [name, p] of pruners)
    if (!uses.has(name)) ignored.push(`pruner "${name}" (line ${r.pos(p.node).line}): no policy uses it`);
  const schedule: Schedule = { rules };
  try {
    validateSchedule(schedule);
    for (const rule of rules) ruleTensors(rule, modelTensors);
  } catch (e) {
    if (e instanceof ScheduleError) throw new DistillerYamlError(`${fileName}: ${e.message}`, 0, 0);
    throw e;
  }
  return { schedule, ignored };
}

export interface ExportOptions {
  /** Model tensor names: needed to expand '*' for pruners that list weights (AGP, structured). */
  modelTensors?: readonly string[];
  /** Prefix of exported weight names, e.g. "module." for a DataParallel model. Default none. */
  prefix?: string;
}

const GROUP_NAMES: Record<ScheduleGroup, string> = { filters: 'Filters', channels: 'Channels' };

/** Writes a schedule as a Distiller YAML (one pruner instance and one policy per rule). */
export function exportDistillerYaml(schedule: Schedule, opts: ExportOptions = {}): string {
  validateSchedule(schedule);
  const prefix = opts.prefix ?? '';
  const name = (t: string) => (t === '*' ? '*' : weightNameForTensor(t, prefix));
  const weightList = (rule: ScheduleRule): string[] => {
    if (rule.tensors !== '*') return rule.tensors.map(name);
    if (!opts.modelTensors)
      throw new ScheduleError(
        `rule "${rule.name}" applies to every tensor ('*'); pass the model's tensor names to export it`,
      );
    return opts.modelTensors.map(name);
  };
  const valueMap = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [name(k), v]));
  const pruners: Record<string, Record<string, unknown>> = {};
  const policies: Record<string, unknown>[] = [];
  for (const rule of schedule.rules) {
    const p = rule.pruner;
    let body: Record<string, unknown>;
    switch (p.kind) {
      case 'agp':
        body = p.structure
          ? {
              class: 'L1RankedStructureParameterPruner_AGP',
              initial_sparsity: p.initialSparsity,
              final_sparsity: p.finalSparsity,
              group_type: GROUP_NAMES[p.structure.group],
              weights: weightList(rule),
            }
          : {
              class: 'AutomatedGradualPruner',
              initial_sparsity: p.initialSparsity,
              final_sparsity: p.finalSparsity,
              weights: weightList(rule),
            };
        break;
      case 'polynomial-decay':
        body = {
          class: 'PolynomialDecayPruner',
          initial_sparsity: p.initialSparsity,
          final_sparsity: p.finalSparsity,
          power: p.power,
          weights: weightList(rule),
        };
        break;
      case 'level':
        body = { class: 'SparsityLevelParameterPruner', levels: valueMap(restrict(p.levels, rule)) };
        break;
      case 'magnitude':
        body = { class: 'MagnitudeParameterPruner', thresholds: valueMap(restrict(p.thresholds, rule)) };
        break;
      case 'sensitivity':
        body = { class: 'SensitivityPruner', sensitivities: valueMap(restrict(p.sensitivities, rule)) };
        break;
      case 'structured':
        body = {
          class: p.norm === 'l1' ? 'L1RankedStructureParameterPruner' : 'L2RankedStructureParameterPruner',
          group_type: GROUP_NAMES[p.group],
          desired_sparsity: p.sparsity,
          weights: weightList(rule),
        };
        break;
    }
    pruners[rule.name] = body;
    const when = rule.when;
    policies.push(
      'epochs' in when
        ? { pruner: { instance_name: rule.name }, epochs: when.epochs }
        : {
            pruner: { instance_name: rule.name },
            starting_epoch: when.start,
            ending_epoch: when.end,
            frequency: when.frequency,
          },
    );
  }
  return stringify({ version: 1, pruners, policies }, { flowCollectionPadding: false, lineWidth: 0 });
}

/** A map pruner's values limited to the rule's tensors (a '*' rule keeps its map as is). */
function restrict(values: Record<string, number>, rule: ScheduleRule): Record<string, number> {
  if (rule.tensors === '*') return values;
  const keep = new Set(rule.tensors);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (k === '*' || keep.has(k)) out[k] = v;
  return out;
}
