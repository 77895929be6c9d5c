import { describe, expect, it } from 'vitest';
import { DistillerYamlError, exportDistillerYaml, importDistillerYaml } from './distiller-yaml';
import { tensorForWeightName, weightNameForTensor } from './weight-names';

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
    // PyTorch Rows of a dense [out, in] weight are output neurons: 'filters'
    expect(byName.rows.pruner).toEqual({ kind: 'structured', group: 'filters', norm: 'l2', sparsity: 0.25 });
    expect(ignored.some((s) => s.startsWith('lr_schedulers (line 28)'))).toBe(true);
    expect(ignored.some((s) => s.startsWith('lr_scheduler policy'))).toBe(true);
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
      importDistillerYaml(YAML.replace('class: SensitivityPruner', 'class: BernoulliFilterPruner'), TENSORS),
    );
    expect(e.line).toBe(18);
    expect(e.message).toMatch(/pruner class "BernoulliFilterPruner" is not supported/);
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
