import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { SUMMARY_COLUMNS, weightsSparsitySummary } from '../pruning/summary';
import { exportDistillerYaml } from '../schedule/distiller-export';
import { parseDistillerYaml } from '../schedule/distiller-parse';
import { parseDistillerCsv } from '../sensitivity/csv';
import type { CostReport } from '../cost/cost-report';
import { COST_COLUMNS } from './cost-csv';
import { masksJson } from './masks-json';
import { buildReportFiles, safeFileName, zipReport } from './report-files';
import { inlineSvg } from './report-html';
import type { ReportInput } from './report-input';

const tensors = [
  { name: 'conv1/kernel', shape: [3, 3, 1, 2], role: 'conv' },
  { name: 'dense/kernel', shape: [4, 2], role: 'dense' },
];
const conv = Float32Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? 0 : i / 10));
const dense = Float32Array.from([0, 1, 0, 2, 0, 0, 3, 4]);

const cost: CostReport = {
  tensors: [
    {
      name: '=conv1/kernel',
      layerName: 'conv1',
      layerClass: 'Conv2D',
      shape: [3, 3, 1, 2],
      params: 18,
      nnz: 12,
      macsDense: 1000,
      macsEffective: 667,
      bytes: { dense: 72, bitmask: 51, csr: 108, gzip: 40 },
    },
  ],
  total: {
    params: 18,
    nnz: 12,
    macsDense: 1000,
    macsEffective: 667,
    bytes: { dense: 72, bitmask: 51, csr: 108, gzip: 40 },
  },
};

function input(over: Partial<ReportInput> = {}): ReportInput {
  const schedule = {
    rules: [
      {
        name: 'agp_dense',
        pruner: { kind: 'agp' as const, initialSparsity: 0.05, finalSparsity: 0.8 },
        tensors: ['dense/kernel'],
        when: { start: 0, end: 4, frequency: 1 },
      },
    ],
    epochs: 6,
  };
  return {
    modelName: 'lenet <tiny>',
    format: 'tfjs-layers',
    modelFiles: [
      { name: 'model.json', bytes: new TextEncoder().encode('{"format":"layers-model"}').buffer as ArrayBuffer },
      { name: 'group1-shard1of1.bin', bytes: conv.buffer.slice(0) as ArrayBuffer },
    ],
    masksJson: masksJson(tensors as never, {
      'conv1/kernel': Uint8Array.from(conv, (v) => (v ? 1 : 0)),
      'dense/kernel': Uint8Array.from(dense, (v) => (v ? 1 : 0)),
    }),
    scheduleYaml: exportDistillerYaml(schedule),
    runs: [
      {
        label: 'PruneLab sweep',
        rows: [
          { parameter: 'conv1/kernel', sparsity: 0, top1: 91.5, top5: 99.5, loss: 0.25, n: 100 },
          { parameter: 'conv1/kernel', sparsity: 0.5, top1: 88.25, top5: 99, loss: 0.4, n: 100 },
        ],
      },
      {
        label: 'PruneLab sweep',
        rows: [{ parameter: 'dense/kernel', sparsity: 0.9, top1: 80, top5: 97, loss: 1, n: 100 }],
      },
    ],
    charts: [
      {
        name: 'sensitivity-top1',
        title: 'Top-1 vs sparsity',
        svg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><image href="https://example.com/x.png"/><rect width="5" height="5" fill="#123456"/></svg>',
      },
    ],
    viewsWithoutCharts: ['schedule'],
    summary: {
      rows: weightsSparsitySummary([
        { name: 'conv1/kernel', shape: [3, 3, 1, 2], values: conv },
        { name: 'dense/kernel', shape: [4, 2], values: dense },
      ]),
      convention: 'TF.js layout',
    },
    cost,
    dense: { top1: 91.5, top5: 99.5, loss: 0.25, n: 100 },
    pruned: { top1: 90.1, top5: 99.25, loss: 0.3, n: 100 },
    sparsity: 0.4,
    createdAt: '2026-01-02T03:04:05Z',
    ...over,
  };
}

describe('report files', () => {
  it('zips every part, and each file reads back in its own format', () => {
    const zip = unzipSync(zipReport(buildReportFiles(input())));
    expect(Object.keys(zip).sort()).toEqual([
      'charts/sensitivity-top1.svg',
      'cost.csv',
      'masks.json',
      'model/group1-shard1of1.bin',
      'model/model.json',
      'report.html',
      'schedule.yaml',
      'sensitivity/PruneLab-sweep-2.csv',
      'sensitivity/PruneLab-sweep.csv',
      'sparsity-summary.csv',
    ]);
    // the model bytes are carried unchanged
    expect(new Float32Array(zip['model/group1-shard1of1.bin'].buffer.slice(0))).toEqual(conv);
    expect(JSON.parse(strFromU8(zip['model/model.json']))).toEqual({ format: 'layers-model' });

    const masks = JSON.parse(strFromU8(zip['masks.json']));
    expect(masks.format).toBe('prunelab-masks');
    expect(masks.tensors['dense/kernel']).toEqual({
      shape: [4, 2],
      kept: 4,
      encoding: 'rle',
      first: 0,
      runs: [1, 1, 1, 1, 2, 2],
    });
    expect(masks.tensors['conv1/kernel'].kept).toBe(12);

    const schedule = parseDistillerYaml(strFromU8(zip['schedule.yaml']));
    expect(schedule.pruners.map((p) => p.name)).toEqual(['agp_dense']);

    const curves = parseDistillerCsv(strFromU8(zip['sensitivity/PruneLab-sweep.csv']));
    expect(curves).toHaveLength(1);
    expect(curves[0].points.map((p) => [p.sparsity, p.top1, p.loss])).toEqual([
      [0, 91.5, 0.25],
      [0.5, 88.25, 0.4],
    ]);
    expect(parseDistillerCsv(strFromU8(zip['sensitivity/PruneLab-sweep-2.csv']))[0].parameter).toBe('dense/kernel');

    const summary = Papa.parse<string[]>(strFromU8(zip['sparsity-summary.csv']).trim()).data;
    expect(summary[0]).toEqual([...SUMMARY_COLUMNS]);
    expect(summary.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['conv1/kernel', '12'],
      ['dense/kernel', '4'],
      ['Total sparsity:', '16'],
    ]);

    const costCsv = Papa.parse<string[]>(strFromU8(zip['cost.csv']).trim()).data;
    expect(costCsv[0]).toEqual([...COST_COLUMNS]);
    expect(costCsv[1][0]).toBe("'=conv1/kernel"); // a formula-looking name is escaped
    expect(costCsv[2].slice(0, 8)).toEqual(['Total', '', '', '', '18', '12', '1000', '667']);

    expect(strFromU8(zip['charts/sensitivity-top1.svg'])).toContain('<rect width="5"');
  });

  it('writes a report.html that shows the tables and charts with no external request', () => {
    const html = strFromU8(buildReportFiles(input())['report.html']);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('PruneLab report: lenet &#60;tiny&#62;');
    for (const h of [...SUMMARY_COLUMNS, ...COST_COLUMNS]) expect(html).toContain(`<th scope="col">${h}</th>`);
    expect(html).toContain('<td>dense/kernel</td><td>0.90</td><td>80.00</td>');
    expect(html).toContain('<rect width="5" height="5" fill="#123456"/>');
    expect(html).toContain('agp_dense');
    expect(html).toContain('<dt>Pruned model</dt><dd>top-1 90.10%, top-5 99.25%, loss 0.3000 (100 images)</dd>');
    expect(html).toContain('<dd>40.00%</dd>');
    expect(html).toContain('The schedule view drew no chart');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).not.toMatch(/<link\b/i);
  });

  it('leaves out what is not there, and says so in the page', () => {
    const files = buildReportFiles(
      input({
        scheduleYaml: null,
        summary: null,
        cost: null,
        runs: [],
        charts: [],
        dense: null,
        pruned: null,
        sparsity: null,
      }),
    );
    expect(Object.keys(files).sort()).toEqual([
      'masks.json',
      'model/group1-shard1of1.bin',
      'model/model.json',
      'report.html',
    ]);
    const html = strFromU8(files['report.html']);
    expect(html).toContain('No sensitivity analysis was run.');
    expect(html).toContain('The schedule could not be written as Distiller YAML.');
    expect(html).toContain('<dt>Pruned model</dt><dd>not measured</dd>');
  });

  it('keeps file names inside their folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileName('모델 파일.onnx')).toBe('onnx');
    expect(safeFileName('///')).toBe('file');
    expect(inlineSvg('<svg><a href="#x" onclick="x()"><use xlink:href="http://e/x"/></a></svg>')).toBe(
      '<svg><a href="#x"><use/></a></svg>',
    );
  });
});
