// Property-based tests of the sensitivity CSV import and the shard merge: any text is read into
// curves (finite numbers, sparsities in [0, 1]) or refused by a SensitivityInputError naming the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCleanRefusal, fuzzParams } from '../fuzz/fuzz-settings';
import { parseDistillerCsv, toDistillerCsv, type SensitivityPoint } from './csv';
import { SensitivityInputError } from './errors';
import { mergeShards, toShardCsv, type ShardHeader } from './shard-csv';

const cell = fc.oneof(
  fc.constantFrom('0.5', '1', '0', '-0.1', '1.5', 'NaN', 'Infinity', '', ' 3 ', '1e3', '=SUM(A1)', '@x', '"a\nb"'),
  fc.string({ maxLength: 6 }),
  fc.double({ min: -1, max: 2, noNaN: true }).map(String),
);
const header = fc.constantFrom(
  'parameter,sparsity,top1,top5,loss',
  '\uFEFFparameter,sparsity,top1,top5,loss',
  'parameter,sparsity,top1,top5',
  'sparsity,parameter,top1,top5,loss',
  'parameter,sparsity,top1,top5,loss,extra',
  '',
);
const csvText = fc
  .tuple(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 6 }))
  .map(([h, rows]) => [h, ...rows.map((r) => r.join(','))].join('\n'));

function checkCurves(text: string): void {
  try {
    for (const curve of parseDistillerCsv(text, 'sens.csv')) {
      expect(curve.parameter.trim()).not.toBe('');
      for (const p of curve.points) {
        expect(p.sparsity >= 0 && p.sparsity <= 1).toBe(true);
        for (const v of [p.top1, p.top5, p.loss]) expect(Number.isFinite(v)).toBe(true);
      }
    }
  } catch (err) {
    expectCleanRefusal(err, [SensitivityInputError], 'sens.csv');
  }
}

const points: SensitivityPoint[] = ['a', 'b'].flatMap((parameter) =>
  [0, 0.5].map((sparsity) => ({ parameter, sparsity, top1: 90, top5: 99, loss: 0.3 })),
);
const shardHeader = (shard: string): ShardHeader => ({
  shard,
  model: 'm',
  data: 'd',
  settings: 's',
  tensors: ['a', 'b'],
  levels: [0, 0.5],
});

describe('sensitivity CSV import', () => {
  it('any grid under a right or wrong header: curves of finite numbers, or a refusal naming the file', () => {
    fc.assert(fc.property(csvText, checkCurves), fuzzParams(400));
  });

  it('a written CSV with characters changed: curves or a refusal naming the file', () => {
    const written = toDistillerCsv(points);
    const changed = fc
      .array(fc.tuple(fc.nat(), fc.constantFrom(',', '\n', '"', 'x', '-', '9', '\r')), { maxLength: 4 })
      .map((edits) => {
        const chars = [...written];
        for (const [at, c] of edits) chars[at % chars.length] = c;
        return chars.join('');
      });
    fc.assert(fc.property(changed, checkCurves), fuzzParams(200));
  });
});

describe('shard merge', () => {
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('0/2', '1/2', '2/2', 'x', 3, null, ['a'], 'a,b'),
  );
  const field = fc.constantFrom<keyof ShardHeader>('shard', 'model', 'data', 'settings', 'tensors', 'levels');

  it('shard comments with any field replaced by any JSON: a merged CSV or a refusal naming a shard file', () => {
    fc.assert(
      fc.property(field, json, fc.boolean(), (key, value, cut) => {
        const first = { ...shardHeader('0/2'), [key]: value };
        let text = toShardCsv(first as ShardHeader, points.slice(0, 2));
        if (cut) text = text.slice(0, text.length / 2);
        const files = [
          { name: 'one.csv', text },
          { name: 'two.csv', text: toShardCsv(shardHeader('1/2'), points.slice(2)) },
        ];
        try {
          expect(mergeShards(files)).toBe(toDistillerCsv(points));
        } catch (err) {
          if (!(err instanceof SensitivityInputError)) throw err;
          expect(err.message).toMatch(/one\.csv|two\.csv/);
          expect(err.message).not.toMatch(/\n/);
        }
      }),
      fuzzParams(300),
    );
  });
});

describe('what the fuzzing found, kept as cases', () => {
  it('a header cell holding a line break is quoted on one line', () => {
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5,"lo\nss"\n', 'sens.csv')).toThrow(
      /^sens\.csv is not a Distiller sensitivity CSV: .*extra 'lo\\nss'\)$/,
    );
  });

  it('a shard comment whose tensors are null is refused by name, not a TypeError in the merge', () => {
    const text = toShardCsv({ ...shardHeader('0/2'), tensors: null } as unknown as ShardHeader, points.slice(0, 2));
    expect(() => mergeShards([{ name: 'one.csv', text }])).toThrow(
      new SensitivityInputError("one.csv: the shard comment's 'tensors' must be a list of names"),
    );
  });
});
