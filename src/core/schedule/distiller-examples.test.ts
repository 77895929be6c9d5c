// Every pruning schedule of Distiller's examples/ folder parses, file by file, and reads the same
// sections, classes and policies as PyYAML's reading of it (fixtures/distiller-examples/pyyaml-trees.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDistillerYaml } from './distiller-parse';

const DIR = path.join(__dirname, 'fixtures', 'distiller-examples');
const { trees } = JSON.parse(readFileSync(path.join(DIR, 'pyyaml-trees.json'), 'utf8')) as {
  trees: Record<string, Record<string, unknown>>;
};
const read = (file: string) => parseDistillerYaml(readFileSync(path.join(DIR, file), 'utf8'), file);
const classes = (section: unknown) =>
  Object.entries((section ?? {}) as Record<string, { class: string }>).map(([name, body]) => [name, body.class]);

describe('Distiller example schedules', () => {
  it('has the 48 pruning schedules and the BaiduRNNPruner example', () => {
    expect(Object.keys(trees)).toHaveLength(49);
  });

  for (const file of Object.keys(trees)) {
    it(`parses ${file}`, () => {
      const tree = trees[file];
      const doc = read(file);
      expect(doc.pruners.map((d) => [d.name, d.className])).toEqual(classes(tree.pruners));
      expect(doc.regularizers.map((d) => [d.name, d.className])).toEqual(classes(tree.regularizers));
      expect(doc.lrSchedulers.map((d) => [d.name, d.className])).toEqual(classes(tree.lr_schedulers));
      expect(doc.extensions.map((d) => [d.name, d.className])).toEqual(classes(tree.extensions));
      const policies = (tree.policies ?? []) as Record<string, { instance_name: string }>[];
      expect(doc.policies.map((p) => [p.target, p.instance])).toEqual(
        policies.map((p) => {
          const target = Object.keys(p).find((k) => !/epoch|frequency/.test(k)) as string;
          return [target, p[target].instance_name];
        }),
      );
    });
  }
});

describe('what the examples need', () => {
  it('a single weight name is a list of one (resnet50.schedule_agp)', () => {
    const fc = read('agp-pruning/resnet50.schedule_agp.yaml').pruners.find((p) => p.name === 'fc_pruner');
    expect(fc?.spec).toEqual({ kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.8, weights: ['module.fc.weight'] });
  });

  it('a flow list at the key indentation with comment lines (resnet50.schedule_agp)', () => {
    const conv = read('agp-pruning/resnet50.schedule_agp.yaml').pruners.find((p) => p.name === 'conv_pruner');
    const weights = conv?.spec.kind === 'agp' ? conv.spec.weights : [];
    expect(weights).toHaveLength(52);
    expect(weights[0]).toBe('module.layer1.0.conv1.weight');
    expect(weights).not.toContain('module.conv1.weight');
    expect(conv?.nameLines['module.layer1.0.conv1.weight']).toBe(100);
  });

  it('duplicate keys: the last value, with a warning (ssl_channels-removal_training)', () => {
    const doc = read('ssl/ssl_channels-removal_training.yaml');
    expect(doc.warnings).toHaveLength(2);
    expect(doc.warnings[0]).toMatch(/line 77: duplicate key "module.layer2.1.conv2.weight" \(first on line 75\)/);
  });

  it('group_dependency: Leader (resnet20_filters.schedule_agp_4)', () => {
    const doc = read('agp-pruning/resnet20_filters.schedule_agp_4.yaml');
    const leaders = doc.pruners.filter(
      (p) => p.spec.kind === 'ranked-structure' && p.spec.groupDependency === 'leader',
    );
    expect(leaders).toHaveLength(1);
  });

  it('Dynamic Network Surgery (resnet20.network_surgery)', () => {
    const doc = read('network_surgery/resnet20.network_surgery.yaml');
    expect(doc.pruners[0].spec).toMatchObject({
      kind: 'splicing',
      lowThreshMult: 0.9,
      hiThreshMult: 1.1,
      sensitivityMultiplier: 0.015,
    });
    expect(doc.policies[0].args).toEqual({
      keep_mask: true,
      mini_batch_pruning_frequency: 1,
      mask_on_forward_only: true,
    });
    expect(doc.lrSchedulers[0].spec).toEqual({ kind: 'step', stepSize: 45, gamma: 0.1 });
  });

  it('DropFilter, random levels, APoZ and blocks', () => {
    expect(read('drop_filter/plain20_cifar_dropfilter_training.yaml').pruners[0].spec).toMatchObject({
      kind: 'ranked-structure',
      ranking: 'bernoulli',
      group: 'Filters',
      target: { kind: 'agp', initialSparsity: 0.05, finalSparsity: 0.5 },
    });
    expect(read('drop_filter/resnet20_cifar_randomlevel_training.yaml').pruners[0].spec).toMatchObject({
      ranking: 'l1',
      target: { kind: 'random-level', low: 0.1, high: 0.2 },
    });
    expect(read('network_trimming/resnet56_cifar_activation_apoz.yaml').pruners[0].spec).toMatchObject({
      ranking: 'apoz',
    });
    const blocks = read('agp-pruning/resnet50.schedule_agp.1x1x8-blocks.yaml').pruners.find(
      (p) => p.spec.kind === 'ranked-structure',
    );
    expect(blocks?.spec).toMatchObject({ group: 'Blocks', blockShape: [1, 8, 1, 1] });
  });

  it('regularizers, plateau LR and thinning extensions', () => {
    const gss = read('gss/gss_channels-removal_training.yaml');
    expect(gss.regularizers.map((r) => r.spec.kind)).toEqual(['group-lasso', 'group-variance']);
    expect(gss.extensions[0].spec).toMatchObject({ removes: 'channels', thinningFunction: 'remove_channels' });
    const l1 = read('network_slimming/resnet20_slimming.yaml').regularizers[0].spec;
    expect(l1.kind).toBe('l1');
    expect(read('agp-pruning/prune_resnext101_fine75.yaml').lrSchedulers[0].spec).toMatchObject({
      kind: 'reduce-on-plateau',
      cooldown: 3,
      patience: 3,
      factor: 0.1,
    });
    const baidu = read('baidu-rnn-pruning/word_lang_model.schedule_baidu_rnn.yaml').pruners[0].spec;
    expect(baidu).toEqual({
      kind: 'baidu-rnn',
      q: 0.17,
      rampEpochOffset: 3,
      rampSlopeMult: 2,
      weights: ['rnn.weight_ih_l0'],
    });
  });
});
