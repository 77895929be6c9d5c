// A Distiller schedule YAML -> DistillerSchedule, without a model: every section and every policy,
// each checked against what Distiller accepts, each refusal naming its line.
import { isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseExtensionDef, parseLrSchedulerDef, parseRegularizerDef } from './distiller-component-parse';
import type { DistillerPolicy, DistillerSchedule, PolicyArgs, PolicyTarget } from './distiller-document';
import { parsePrunerDef } from './distiller-pruner-parse';
import type { EpochSpec } from './schedule';
import { readDistillerYamlRoot, suggestion, type Reader } from './yaml-reader';

export const TOP_LEVEL = [
  'version',
  'pruners',
  'regularizers',
  'quantizers',
  'lr_schedulers',
  'extensions',
  'policies',
];
const TARGETS: PolicyTarget[] = ['pruner', 'regularizer', 'quantizer', 'lr_scheduler', 'extension'];
const POLICY_KEYS = [...TARGETS, 'epochs', 'starting_epoch', 'ending_epoch', 'frequency'];
const BOOLEAN_ARGS = [
  'keep_mask',
  'mask_on_forward_only',
  'mask_gradients',
  'use_double_copies',
  'discard_masks_at_minibatch_end',
  'skip_first_minibatch',
  'fold_batchnorm',
] as const;
const ARGS: Partial<Record<PolicyTarget, string[]>> = {
  pruner: [...BOOLEAN_ARGS, 'mini_batch_pruning_frequency'],
  regularizer: ['keep_mask'],
};

function parseWhen(r: Reader, policy: Map<string, Pair>, at: Node): EpochSpec {
  const epochs = policy.get('epochs');
  if (epochs) {
    for (const k of ['starting_epoch', 'ending_epoch', 'frequency'])
      if (policy.has(k))
        r.fail(policy.get(k), 'a policy takes either "epochs" or starting_epoch/ending_epoch/frequency, not both');
    if (!isSeq(epochs.value) || epochs.value.items.length === 0)
      r.fail((epochs.value as Node) ?? epochs, 'epochs must be a non-empty list of integers');
    return { epochs: epochs.value.items.map((item) => r.integer(item, 'an epoch', epochs)) };
  }
  // Distiller's defaults when a key is left out: starting_epoch 0, ending_epoch 1, frequency 1.
  const int = (k: string, fallback: number) => {
    const p = policy.get(k);
    return p ? r.integer(p.value, k, p) : fallback;
  };
  const start = int('starting_epoch', 0);
  const end = int('ending_epoch', 1);
  const frequency = int('frequency', 1);
  if (end <= start)
    r.fail(policy.get('ending_epoch') ?? at, `ending_epoch (${end}) must be greater than starting_epoch (${start})`);
  if (frequency < 1) r.fail(policy.get('frequency') ?? at, `frequency must be >= 1; got ${frequency}`);
  return { start, end, frequency };
}

function parseArgs(r: Reader, target: PolicyTarget, p: Pair | undefined): PolicyArgs {
  const args: PolicyArgs = {};
  if (!p || p.value === null) return args;
  const allowed = ARGS[target] ?? [];
  for (const [key, pair] of r.fields(
    r.map(p.value, `args of a ${target} policy`, p),
    allowed,
    `args of a ${target} policy`,
  )) {
    if (key === 'mini_batch_pruning_frequency') args.mini_batch_pruning_frequency = r.integer(pair.value, key, pair);
    else args[key as (typeof BOOLEAN_ARGS)[number]] = r.boolean(pair.value, key, pair);
  }
  return args;
}

const sectionOf = (target: PolicyTarget) => (target === 'lr_scheduler' ? 'lr_schedulers' : `${target}s`);

function parsePolicy(r: Reader, item: unknown, at: Pair, defined: Record<PolicyTarget, string[]>): DistillerPolicy {
  const map = r.map(item, 'a policy', at);
  const fields = r.fields(map, POLICY_KEYS, 'a policy');
  const targets = TARGETS.filter((t) => fields.has(t));
  if (targets.length !== 1)
    r.fail(
      map,
      targets.length === 0
        ? 'a policy must name a pruner, regularizer, quantizer, lr_scheduler or extension ({instance_name: ...})'
        : `a policy names one instance; this one names ${targets.join(' and ')}`,
    );
  const target = targets[0];
  const refPair = fields.get(target) as Pair;
  const ref = r.fields(
    r.map(refPair.value, `${target} of a policy`, refPair),
    ['instance_name', 'args'],
    `a policy's ${target}`,
  );
  const namePair = ref.get('instance_name') ?? r.fail(refPair, `the policy's ${target} needs "instance_name"`);
  const instance = r.string(namePair.value, 'instance_name', namePair);
  const known = defined[target];
  if (!known.includes(instance))
    r.fail(
      namePair.value as Node,
      `policy names ${target} "${instance}", which is not defined under ${sectionOf(target)} ` +
        `(defined: ${known.join(', ') || 'none'})${suggestion(instance, known)}`,
    );
  return {
    target,
    instance,
    when: parseWhen(r, fields, map),
    args: parseArgs(r, target, ref.get('args')),
    line: r.line(map),
  };
}

function section<T>(r: Reader, top: Map<string, Pair>, key: string, parse: (r: Reader, p: Pair) => T): T[] {
  const p = top.get(key);
  if (!p || p.value === null) return [];
  return (r.map(p.value, key, p).items as Pair[]).map((item) => parse(r, item));
}

/** Reads a Distiller schedule; weight names stay as written (see importDistillerYaml for a model). */
export function parseDistillerYaml(text: string, fileName = 'schedule.yaml'): DistillerSchedule {
  const { reader: r, root, warnings } = readDistillerYamlRoot(text, fileName);
  for (const p of root.items as Pair[]) {
    const key = r.keyOf(p);
    if (!TOP_LEVEL.includes(key))
      r.fail(
        p,
        `unknown top-level key "${key}" (a Distiller schedule has ${TOP_LEVEL.join(', ')})` +
          suggestion(key, TOP_LEVEL),
      );
  }
  const top = r.fields(root as YAMLMap, TOP_LEVEL, 'the schedule');
  const out: DistillerSchedule = {
    pruners: section(r, top, 'pruners', parsePrunerDef),
    regularizers: section(r, top, 'regularizers', parseRegularizerDef),
    lrSchedulers: section(r, top, 'lr_schedulers', parseLrSchedulerDef),
    extensions: section(r, top, 'extensions', parseExtensionDef),
    quantizers: section(r, top, 'quantizers', (rr, p) => ({
      name: rr.keyOf(p),
      className: String(rr.map(p.value, `quantizer "${rr.keyOf(p)}"`, p).get('class') ?? ''),
      line: rr.line(p),
    })),
    policies: [],
    sectionLines: Object.fromEntries([...top].map(([k, p]) => [k, r.line(p)])),
    warnings,
  };
  const version = top.get('version');
  if (version) {
    out.version = r.number(version.value, 'version', version);
    if (out.version !== 1) r.fail(version.value as Node, `only version 1 schedules exist; got ${out.version}`);
  }
  const defined: Record<PolicyTarget, string[]> = {
    pruner: out.pruners.map((d) => d.name),
    regularizer: out.regularizers.map((d) => d.name),
    quantizer: out.quantizers.map((d) => d.name),
    lr_scheduler: out.lrSchedulers.map((d) => d.name),
    extension: out.extensions.map((d) => d.name),
  };
  const policies = top.get('policies');
  if (policies && policies.value !== null) {
    const list = isSeq(policies.value)
      ? policies.value
      : r.fail((policies.value as Node) ?? policies, 'policies must be a list (lines starting with "- ")');
    out.policies = list.items.map((item) => parsePolicy(r, item, policies, defined));
  }
  return out;
}
