import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvText, csvTextValue } from './csv-cell';
import { parseDistillerCsv, toDistillerCsv, toNniCsv } from './sensitivity/csv';
import { summaryToCsv, type SummaryRow } from './pruning/summary';

const FORMULAS = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];

describe('CSV text cells', () => {
  it('escapes every formula-leading text with an apostrophe, quoted, and leaves plain names alone', () => {
    expect(csvText('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvText('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvText('\tcmd')).toBe('"\'\tcmd"');
    expect(csvText('conv1/kernel')).toBe('conv1/kernel');
    expect(csvText('a,b')).toBe('"a,b"');
  });

  it('a spreadsheet reading the cells sees text starting with an apostrophe, never a formula', () => {
    for (const name of FORMULAS) {
      const [[field]] = Papa.parse<string[]>(csvText(name)).data;
      expect(field).toBe(`'${name}`);
      expect(csvTextValue(field)).toBe(name);
    }
  });

  it('the Distiller and NNI sensitivity CSVs escape the names; importing gives the names back', () => {
    const rows = FORMULAS.map((parameter) => ({ parameter, sparsity: 0.5, top1: 90, top5: 99, loss: 0.25 }));
    const csv = toDistillerCsv(rows);
    for (const line of csv.trim().split('\n').slice(1)) expect(line).toMatch(/^"'/);
    expect(parseDistillerCsv(csv, 's.csv').map((c) => c.parameter)).toEqual(FORMULAS);
    const nni = toNniCsv(rows.map((r) => ({ ...r, agreement: 1, kl: 0 })) as never, 'top1');
    for (const line of nni.trim().split('\n').slice(1)) expect(line).toMatch(/^"'/);
  });

  it('the sparsity summary escapes a formula-looking tensor name but not its negative numbers', () => {
    const row = { name: '=cmd|calc', shape: '(3, 3)', nnzDense: 9, nnzSparse: 9, mean: -0.5 } as unknown as SummaryRow;
    const line = summaryToCsv([row]).split('\r\n')[1];
    expect(line.startsWith('"\'=cmd|calc"')).toBe(true);
    expect(line).toContain(',-0.5');
  });
});
