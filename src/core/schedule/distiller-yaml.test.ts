import { describe, expect, it } from 'vitest';
import { DistillerYamlError, exportDistillerYaml, importDistillerYaml } from './distiller-yaml';
import { tensorForWeightName, toModelTensorNames, weightNameForTensor } from './weight-names';

const TENSORS = ['conv1/kernel', 'conv2/kernel', 'fc1/kernel', 'fc2/kernel'];

// The REFERENCE example, plus the other pruner classes and the keys Distiller has that PruneLab ignores.
const YAML = `version: 1
pruners:
  fc_pruner:
    class: AutomatedGradualPruner
    initial_sparsity: 0.05
    final_sparsity: 0.80
    weights: [fc1.weight, fc2.weight]
  conv_pruner:
    class: L1RankedStructureParameterPruner_AGP
    initial_sparsity: 0.10
    final_sparsity: 0.50
    group_type: Filters
    weights: [module.conv2.weight]
  levels:
    class: SparsityLevelParameterPruner
    levels: {conv1.weight: 0.3, '*': 0.1}
  han:
    class: SensitivityPruner
    sensitivities: {fc1.weight: 1.2}
  thresh:
    class: MagnitudeParameterPruner
    thresholds: {'*': 0.01}
  rows:
    class: L2RankedStructureParameterPruner
    group_type: Rows
    desired_sparsity: 0.25
    weights: [fc2.weight]
lr_schedulers:
  exp:
    class: ExponentialLR
    gamma: 0.95
policies:
  - pruner: {instance_name: fc_pruner}
    starting_epoch: 0
    ending_epoch: 10
    frequency: 2
  - pruner: {instance_name: conv_pruner}
    epochs: [0, 2, 4]
  - pruner: {instance_name: levels}
    epochs: [1]
  - pruner: {instance_name: han}
    starting_epoch: 0
    ending_epoch: 6
    frequency: 3
  - pruner: {instance_name: thresh}
    epochs: [5]
  - pruner: {instance_name: rows}
    epochs: [3]
  - lr_scheduler: {instance_name: exp}
    starting_epoch: 0
    ending_epoch: 10
    frequency: 1
`;

function errorOf(fn: () => unknown): DistillerYamlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DistillerYamlError);
    return e as DistillerYamlError;
  }
  throw new Error('expected an error');
}

describe('weight names', () => {
  it('maps PyTorch names to TF.js tensor names and back', () => {
    expect(tensorForWeightName('fc1.weight', TENSORS)).toBe('fc1/kernel');
    expect(tensorForWeightName('module.conv1.weight', TENSORS)).toBe('conv1/kernel');
    // a sensitivity CSV's DataParallel names meet the model's tensors the same way
    const rows = [
      { parameter: 'module.conv1.weight', sparsity: 0.05 },
      { parameter: 'other.weight', sparsity: 0 },
    ];
    expect(toModelTensorNames(rows, TENSORS).map((r) => r.parameter)).toEqual(['conv1/kernel', 'other.weight']);
    expect(tensorForWeightName('features.module.0.weight', ['features_0/kernel'])).toBe('features_0/kernel');
    expect(tensorForWeightName('fc1/kernel', TENSORS)).toBe('fc1/kernel');
    expect(tensorForWeightName('fc1.bias', TENSORS)).toBeNull();
    expect(tensorForWeightName('fc9.weight', TENSORS)).toBeNull();
    expect(weightNameForTensor('conv2/kernel')).toBe('conv2.weight');
    expect(weightNameForTensor('conv2/kernel', 'module.')).toBe('module.conv2.weight');
  });
});

describe('importDistillerYaml', () => {
  it('reads every pruner class and policy form', () => {
    const { schedule, ignored } = importDistillerYaml(YAML, TENSORS);
    const byName = Object.fromEntries(schedule.rules.map((r) => [r.name, r]));
    expect(byName.fc_pruner).toEqual({
      name: 'fc_pruner',
      pruner: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.8 },
      tensors: ['fc1/kernel', 'fc2/kernel'],
      when: { start: 0, end: 10, frequency: 2 },
    });
    // an evenly spaced epoch list is the same AGP policy as start/end/frequency
    expect(byName.conv_pruner.when).toEqual({ start: 0, end: 5, frequency: 2 });
    expect(byName.conv_pruner.pruner).toEqual({
      kind: 'agp',
      initialSparsity: 0.1,
      finalSparsity: 0.5,
      structure: { group: 'filters' },
    });
    expect(byName.levels).toMatchObject({
      pruner: { kind: 'level', levels: { 'conv1/kernel': 0.3, '*': 0.1 } },
      tensors: '*',
    });
    expect(byName.han).toMatchObject({
      pruner: { kind: 'sensitivity', sensitivities: { 'fc1/kernel': 1.2 } },
      tensors: ['fc1/kernel'],
    });
    expect(byName.thresh.pruner).toEqual({ kind: 'magnitude', thresholds: { '*': 0.01 } });
    // Distiller's ranked pruners rank 'Rows' with rank_and_prune_channels: the columns of a PyTorch
    // [out, in] weight, i.e. input features: 'channels'
    expect(byName.rows.pruner).toEqual({ kind: 'structured', group: 'channels', norm: 'l2', sparsity: 0.25 });
    // the LR scheduler runs: nothing of it is ignored
    expect(ignored.some((s) => /lr_scheduler/.test(s))).toBe(false);
    expect(schedule.lrSchedulers).toHaveLength(1);
  });

  it('round trip import -> export -> import gives the same schedule', () => {
    const first = importDistillerYaml(YAML, TENSORS).schedule;
    const text = exportDistillerYaml(first, { modelTensors: TENSORS });
    expect(text).toContain('class: AutomatedGradualPruner');
    expect(text).toContain('fc1.weight');
    expect(importDistillerYaml(text, TENSORS).schedule).toEqual(first);
    const withPrefix = exportDistillerYaml(first, { modelTensors: TENSORS, prefix: 'module.' });
    expect(withPrefix).toContain('module.fc1.weight');
    expect(importDistillerYaml(withPrefix, TENSORS).schedule).toEqual(first);
  });

  it('a typo in a key gets its line and a suggestion', () => {
    const typo = YAML.replace('    final_sparsity: 0.80', '    final_sparsty: 0.80');
    const e = errorOf(() => importDistillerYaml(typo, TENSORS, 'my.yaml'));
    expect(e.line).toBe(6);
    expect(e.message).toMatch(
      /^my\.yaml line 6: unknown key "final_sparsty" in pruner "fc_pruner".*did you mean "final_sparsity"/,
    );
  });

  it('names the line of an unknown weight, an unsupported class, a missing instance and a bad number', () => {
    let e = errorOf(() =>
      importDistillerYaml(YAML.replace('[fc1.weight, fc2.weight]', '[fc1.weight, fc7.weight]'), TENSORS),
    );
    expect(e.line).toBe(7);
    expect(e.message).toMatch(/weight "fc7.weight" of pruner "fc_pruner" is not a prunable tensor/);
    e = errorOf(() =>
      importDistillerYaml(YAML.replace('class: SensitivityPruner', 'class: BernoulliFilterPrunr'), TENSORS),
    );
    expect(e.line).toBe(18);
    expect(e.message).toMatch(
      /pruner class "BernoulliFilterPrunr" is not supported.*did you mean "BernoulliFilterPruner"/,
    );
    e = errorOf(() => importDistillerYaml(YAML.replace('{instance_name: thresh}', '{instance_name: tresh}'), TENSORS));
    expect(e.line).toBe(45);
    expect(e.message).toMatch(/policy names pruner "tresh", which is not defined.*did you mean "thresh"/);
    e = errorOf(() => importDistillerYaml(YAML.replace('initial_sparsity: 0.05', 'initial_sparsity: 5'), TENSORS));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/between 0 and 1/);
    e = errorOf(() => importDistillerYaml(YAML.replace('policies:', 'policy:'), TENSORS));
    expect(e.message).toMatch(/line 32: unknown top-level key "policy".*did you mean "policies"/);
    e = errorOf(() => importDistillerYaml('pruners:\n  a: [1,\n', TENSORS));
    expect(e.message).toMatch(/not valid YAML/);
  });
});

describe('importDistillerYaml: what Distiller accepts', () => {
  it('takes a single weight name for a list, and carries group_dependency: Leader', () => {
    const text = `pruners:
  p:
    class: L1RankedStructureParameterPruner_AGP
    initial_sparsity: 0.1
    final_sparsity: 0.5
    group_type: Filters
    group_dependency: Leader
    weights: conv1.weight
policies:
  - pruner: {instance_name: p}
    starting_epoch: 0
    ending_epoch: 4
    frequency: 1
`;
    const { schedule } = importDistillerYaml(text, TENSORS);
    expect(schedule.rules[0]).toMatchObject({
      tensors: ['conv1/kernel'],
      pruner: { kind: 'agp', structure: { group: 'filters', groupDependency: 'leader' } },
    });
    const again = importDistillerYaml(exportDistillerYaml(schedule), TENSORS).schedule;
    expect(again).toEqual(schedule);
    const e = errorOf(() => importDistillerYaml(text.replace('Leader', 'Follower'), TENSORS));
    expect(e.line).toBe(7);
    expect(e.message).toMatch(/group_dependency "Follower" is not supported; Distiller has only Leader/);
  });

  it('carries regularizers, LR schedulers and thinning; refuses thinning on its line for a model that cannot thin', () => {
    const text = `pruners:
  p: {class: AutomatedGradualPruner, initial_sparsity: 0.1, final_sparsity: 0.5, weights: [fc1.weight]}
regularizers:
  lasso:
    class: GroupLassoRegularizer
    reg_regims:
      conv2.weight: [0.0008, Channels]
    threshold_criteria: Mean_Abs
lr_schedulers:
  lr: {class: StepLR, step_size: 2, gamma: 0.5}
extensions:
  thin: {class: ChannelRemover, thinning_func_str: remove_channels, arch: x, dataset: y}
policies:
  - pruner: {instance_name: p}
    starting_epoch: 0
    ending_epoch: 4
    frequency: 1
  - regularizer: {instance_name: lasso, args: {keep_mask: True}}
    starting_epoch: 0
    ending_epoch: 3
    frequency: 1
  - lr_scheduler: {instance_name: lr}
    starting_epoch: 0
    ending_epoch: 4
    frequency: 1
  - extension: {instance_name: thin}
    epochs: [3]
`;
    const noThin = { thinning: false };
    const refused = errorOf(() => importDistillerYaml(text, TENSORS, 'schedule.yaml', noThin));
    expect(refused.line).toBe(26);
    expect(refused.message).toMatch(
      /extension "thin" \(ChannelRemover\): this model cannot be thinned.*--skip-unsupported/,
    );
    expect(importDistillerYaml(text, TENSORS, 'schedule.yaml', { ...noThin, skipUnsupported: true }).ignored).toEqual([
      'extension "thin" (ChannelRemover): this model cannot be thinned during a run (line 26)',
    ]);
    const { schedule, ignored } = importDistillerYaml(text, TENSORS);
    expect(schedule.regularizers).toEqual([
      {
        name: 'lasso',
        regularizer: {
          kind: 'group-lasso',
          regimes: { 'conv2/kernel': { value: 0.0008, group: 'Channels' } },
          thresholdCriteria: 'Mean_Abs',
        },
        when: { start: 0, end: 3, frequency: 1 },
        keepMask: true,
      },
    ]);
    expect(schedule.lrSchedulers).toEqual([
      { name: 'lr', scheduler: { kind: 'step', stepSize: 2, gamma: 0.5 }, when: { start: 0, end: 4, frequency: 1 } },
    ]);
    expect(schedule.thinning).toEqual([
      { name: 'thin', removes: 'channels', when: { epochs: [3] }, arch: 'x', dataset: 'y' },
    ]);
    expect(importDistillerYaml(exportDistillerYaml(schedule), TENSORS).schedule).toEqual(schedule);
    expect(ignored).toEqual([]);
  });

  it('refuses, on its line, a bad policy argument and one a run does not support', () => {
    const text = `pruners:
  drop:
    class: BernoulliFilterPruner
    desired_sparsity: 0.1
    group_type: Filters
    weights: [conv1.weight]
policies:
  - pruner:
      instance_name: drop
      args: {keep_mask: yes please}
    epochs: [0]
`;
    let e = errorOf(() => importDistillerYaml(text, TENSORS));
    expect(e.line).toBe(10);
    expect(e.message).toMatch(/keep_mask must be True or False/);
    expect(importDistillerYaml(text.replace('yes please', 'True'), TENSORS).schedule.rules[0].pruner).toEqual({
      kind: 'ranked-filters',
      ranking: 'bernoulli',
      target: { sparsity: 0.1 },
    });
    const perBatch = text.replace('keep_mask: yes please', 'skip_first_minibatch: True');
    e = errorOf(() => importDistillerYaml(perBatch, TENSORS));
    expect(e.line).toBe(8);
    expect(e.message).toMatch(/policy args skip_first_minibatch: not supported by a run/);
    const frequency = text.replace('keep_mask: yes please', 'mini_batch_pruning_frequency: 16');
    expect(importDistillerYaml(frequency, TENSORS).schedule.rules[0].miniBatch).toEqual({ pruningFrequency: 16 });
    expect(importDistillerYaml(perBatch, TENSORS, 'x.yaml', { skipUnsupported: true }).ignored).toHaveLength(1);
  });
});
