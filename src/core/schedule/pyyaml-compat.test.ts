import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { relaxFlowForPyYaml } from './pyyaml-compat';
import { readDistillerYamlRoot } from './yaml-reader';

const DIR = path.join(__dirname, 'fixtures', 'distiller-examples');
const { trees } = JSON.parse(readFileSync(path.join(DIR, 'pyyaml-trees.json'), 'utf8')) as {
  trees: Record<string, unknown>;
};

describe('reading YAML as PyYAML does', () => {
  it('reads every Distiller example to the values PyYAML reads', () => {
    expect(Object.keys(trees).length).toBeGreaterThanOrEqual(49);
    for (const [file, tree] of Object.entries(trees)) {
      const { root } = readDistillerYamlRoot(readFileSync(path.join(DIR, file), 'utf8'), file);
      expect(root.toJSON(), file).toEqual(tree);
    }
  });
});

// Expected values printed by PyYAML 6.0 (yaml.safe_load) for each snippet.
const SNIPPETS: [string, string, unknown][] = [
  [
    'a flow list at the key indentation, with comment lines',
    'p:\n  weights: [\n  #c.weight,\n  a.weight,\n  b.weight]\n  x: 1\n',
    { p: { weights: ['a.weight', 'b.weight'], x: 1 } },
  ],
  ['# right after a flow collection', 'w: [a, b]#comment\nv: {k: 1}#c\n', { w: ['a', 'b'], v: { k: 1 } }],
  ['# right after a quoted scalar', 'k: \'v\'#c\nj: "w"#d\n', { k: 'v', j: 'w' }],
  ['# right after a comma', 'w: [a,#b\n c]\n', { w: ['a', 'c'] }],
  ['# inside a plain scalar stays text', 'url: http://x#y\nz: a#b c\n', { url: 'http://x#y', z: 'a#b c' }],
  ['a flow list item of a sequence', '- [a,\nb]\n- c\n', [['a', 'b'], 'c']],
  ['a bracket inside quotes', "name: 'a [b'\nx: 1\n", { name: 'a [b', x: 1 }],
  ['a bracket inside a block scalar', 'text: |\n  a [\n  b\nb: 1\n', { text: 'a [\nb\n', b: 1 }],
  ['nested flow collections', 'p:\n  r: {m: [1,\n2], n: 3}\n  s: 4\n', { p: { r: { m: [1, 2], n: 3 }, s: 4 } }],
];

describe('relaxFlowForPyYaml', () => {
  for (const [what, text, expected] of SNIPPETS) {
    it(`reads ${what} as PyYAML does, keeping every line`, () => {
      const relaxed = relaxFlowForPyYaml(text);
      expect(relaxed.split('\n').length).toBe(text.split('\n').length);
      expect(parse(relaxed)).toEqual(expected);
    });
  }

  it('keeps the last of duplicate keys in the first place, with a warning naming both lines', () => {
    const { root, warnings } = readDistillerYamlRoot('a: 1\nb: 2\na: 3\n', 'd.yaml');
    expect(root.toJSON()).toEqual({ a: 3, b: 2 });
    expect(Object.keys(root.toJSON() as object)).toEqual(['a', 'b']);
    expect(warnings).toEqual([
      'd.yaml line 3: duplicate key "a" (first on line 1); the last value is used, as PyYAML does',
    ]);
  });

  it('still refuses what PyYAML refuses, naming the line', () => {
    expect(() => readDistillerYamlRoot('a: 1\nb: [1,\n', 'bad.yaml')).toThrow(/^bad\.yaml line \d+: not valid YAML/);
    expect(() => readDistillerYamlRoot('a: 1\nb: c: 2\n', 'bad.yaml')).toThrow(/^bad\.yaml line 2: not valid YAML/);
  });
});
