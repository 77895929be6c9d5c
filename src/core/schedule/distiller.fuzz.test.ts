// Property-based tests of the Distiller YAML reader: any text (Distiller-like tokens, real schedules
// with bytes changed, alias bombs) is read or refused by a DistillerYamlError naming the file, quickly.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCleanRefusal, fuzzParams, fuzzTimeout } from '../fuzz/fuzz-settings';
import { DistillerYamlError, importDistillerYaml, parseDistillerYaml } from './distiller-yaml';

const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/distiller-examples');
const examples = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .slice(0, 12)
  .map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));

const TOKENS = [
  'version: 1',
  'pruners:',
  'policies:',
  'lr_schedulers:',
  'regularizers:',
  'extensions:',
  'quantizers:',
  'my_pruner:',
  'class: AutomatedGradualPruner',
  'class: SensitivityPruner',
  'class: StructureParameterPruner',
  'initial_sparsity: 0.05',
  'final_sparsity: 1.5',
  'weights: [conv1.weight, fc.weight]',
  'weights:',
  '- module.conv1.weight',
  'sensitivities:',
  "'conv1.weight': 0.5",
  'starting_epoch: 0',
  'ending_epoch: -3',
  'frequency: 2',
  '- pruner:',
  'instance_name: my_pruner',
  'epochs: [0, 1, 2]',
  'a: &a [1, 2]',
  'b: *a',
  '<<: *a',
  '*b',
  '[',
  ']',
  '{',
  '}',
  ': :',
  '#',
  '|',
  '>',
  '"',
  "'",
  '? x',
  '---',
  '...',
  '\t',
  '%YAML 1.1',
];
const LINE = fc.tuple(
  fc.integer({ min: 0, max: 6 }),
  fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 3 }),
);
const yamlLike = fc
  .array(LINE, { maxLength: 14 })
  .map((lines) => lines.map(([n, t]) => ' '.repeat(n) + t.join(' ')).join('\n'));
const changedExample = fc
  .tuple(
    fc.nat(),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(':', '-', ' ', '\n', '[', '&', '*', 'x', '9')), { maxLength: 5 }),
  )
  .map(([which, edits]) => {
    const chars = [...examples[which % examples.length]];
    for (const [at, c] of edits) chars[at % chars.length] = c;
    return chars.join('');
  });

const MODEL = ['conv1.weight', 'layer1.0.conv1.weight', 'fc.weight'];

/** Reads the text both ways; refusals must name s.yaml on one line, and each read takes under 2 s. */
function readsOrRefuses(text: string): void {
  const started = Date.now();
  for (const read of [() => parseDistillerYaml(text, 's.yaml'), () => importDistillerYaml(text, MODEL, 's.yaml')]) {
    try {
      read();
    } catch (err) {
      expectCleanRefusal(err, [DistillerYamlError], 's.yaml');
    }
  }
  expect(Date.now() - started).toBeLessThan(2000);
}

describe('Distiller YAML', () => {
  it(
    'Distiller-like lines and real schedules with bytes changed: read, or refused naming the file',
    () => {
      fc.assert(fc.property(fc.oneof(yamlLike, changedExample), readsOrRefuses), fuzzParams(150));
    },
    fuzzTimeout(20_000),
  );

  it('an alias bomb (nine levels of nine aliases) is refused at its first alias, never expanded', () => {
    const agp = (name: string, weights: string) => [
      `  ${name}:`,
      '    class: AutomatedGradualPruner',
      '    initial_sparsity: 0.05',
      '    final_sparsity: 0.5',
      `    weights: ${weights}`,
    ];
    const lines = ['version: 1', 'pruners:', ...agp('p0', '&a0 [conv1.weight, conv1.weight]')];
    for (let i = 1; i < 10; i++)
      lines.push(
        ...agp(
          `p${i}`,
          `&a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        ),
      );
    const started = Date.now();
    expect(() => importDistillerYaml(lines.join('\n'), MODEL, 'bomb.yaml')).toThrow(
      /^bomb\.yaml line 12: YAML aliases \(\*a0\) are not read in a schedule; write the values out$/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
