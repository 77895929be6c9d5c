import { describe, expect, it } from 'vitest';
import { parseDistillerCsv, toDistillerCsv, toNniCsv } from './csv';
import type { SensitivityRow } from './types';

const rows: SensitivityRow[] = [
  { parameter: 'module.conv1.weight', sparsity: 0, top1: 91.8, top5: 99.64, loss: 0.35213, n: 10000 },
  { parameter: 'module.conv1.weight', sparsity: 0.05, top1: 91.74, top5: 99.63, loss: 0.353412, n: 10000 },
  { parameter: 'fc1/kernel', sparsity: 0, top1: 91.8, top5: 99.64, loss: 0.35213, n: 10000 },
];

describe('sensitivity CSV', () => {
  it('writes Distiller long format with the exact header and fixed decimals', () => {
    const text = toDistillerCsv(rows);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('parameter,sparsity,top1,top5,loss');
    expect(lines[2]).toBe('module.conv1.weight,0.05,91.74,99.63,0.3534');
    expect(lines[1]).toBe('module.conv1.weight,0.00,91.80,99.64,0.3521');
  });
  it('round-trips through the importer, grouped per parameter', () => {
    const curves = parseDistillerCsv(toDistillerCsv(rows));
    expect(curves.map((c) => c.parameter)).toEqual(['module.conv1.weight', 'fc1/kernel']);
    expect(curves[0].points[1]).toEqual({
      parameter: 'module.conv1.weight',
      sparsity: 0.05,
      top1: 91.74,
      top5: 99.63,
      loss: 0.3534,
    });
    expect(curves[1].points).toHaveLength(1);
    // Windows line endings and a BOM are accepted.
    expect(parseDistillerCsv('\uFEFF' + toDistillerCsv(rows).replace(/\n/g, '\r\n'))).toEqual(curves);
  });
  it('writes NNI wide format with empty cells for levels not reached', () => {
    const text = toNniCsv(rows, 'top1');
    expect(text).toBe('layer,0.00,0.05\nmodule.conv1.weight,91.80,91.74\nfc1/kernel,91.80,\n');
    expect(toNniCsv(rows, 'loss').split('\n')[1]).toBe('module.conv1.weight,0.3521,0.3534');
  });
  it('rejects foreign or broken files naming the problem', () => {
    expect(() => parseDistillerCsv('layer,0.00,0.05\nfc1,1,2\n', 'nni.csv')).toThrow(
      "nni.csv is not a Distiller sensitivity CSV: the header must be exactly 'parameter,sparsity,top1,top5,loss' " +
        "(missing 'parameter', 'sparsity', 'top1', 'top5', 'loss'; extra 'layer', '0.00', '0.05')",
    );
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5\n')).toThrow("missing 'loss'");
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5,loss,n\n')).toThrow("extra 'n'");
    expect(() => parseDistillerCsv('parameter,sparsity,top5,top1,loss\n')).toThrow('wrong order');
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5,loss\nfc1,0.1,9x,99,0.3\n', 's.csv')).toThrow(
      "s.csv line 2, column 'top1': '9x' is not a number",
    );
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5,loss\nfc1,0.1,90,99\n')).toThrow(
      'line 2: expected 5 columns, found 4',
    );
    expect(() => parseDistillerCsv('parameter,sparsity,top1,top5,loss\nfc1,5,90,99,1\n')).toThrow(
      "column 'sparsity': 5 is outside [0, 1]",
    );
    expect(() => parseDistillerCsv('')).toThrow('is empty');
  });
});
