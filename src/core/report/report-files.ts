// The shareable report as files: the pruned model, its masks, the schedule YAML, every sensitivity
// run as Distiller CSV, every chart as SVG, the sparsity summary and the cost table as CSV, and a
// self-contained report.html showing them together. Pure: data in, a file map out; zipReport packs it.
import { zipSync } from 'fflate';
import { summaryToCsv } from '../pruning/summary';
import { toDistillerCsv } from '../sensitivity/csv';
import { costToCsv } from './cost-csv';
import { reportHtml, type ReportLinks } from './report-html';
import type { ReportInput } from './report-input';

export type ReportFiles = Record<string, Uint8Array>;

/** A name safe in a zip on every system: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return cleaned || 'file';
}

/** Distinct names for a list: a repeat gets `-2`, `-3`, ... before its extension. */
function distinct(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    if (count === 1) return n;
    const dot = n.lastIndexOf('.');
    return dot > 0 ? `${n.slice(0, dot)}-${count}${n.slice(dot)}` : `${n}-${count}`;
  });
}

export function buildReportFiles(input: ReportInput): ReportFiles {
  const text = (s: string) => new TextEncoder().encode(s);
  const files: ReportFiles = {};
  const links: ReportLinks = { model: [], runs: [], charts: [] };

  for (const f of input.modelFiles) {
    const name = `model/${safeFileName(f.name)}`;
    files[name] = new Uint8Array(f.bytes.slice(0));
    links.model.push(name);
  }
  files['masks.json'] = text(input.masksJson);
  if (input.scheduleYaml !== null) files['schedule.yaml'] = text(input.scheduleYaml);

  const runNames = distinct(input.runs.map((r) => `sensitivity/${safeFileName(r.label)}.csv`));
  input.runs.forEach((r, i) => {
    files[runNames[i]] = text(toDistillerCsv(r.rows));
    links.runs.push(runNames[i]);
  });

  const chartNames = distinct(input.charts.map((c) => `charts/${safeFileName(c.name)}.svg`));
  input.charts.forEach((c, i) => {
    files[chartNames[i]] = text(c.svg);
    links.charts.push(chartNames[i]);
  });

  if (input.summary) files['sparsity-summary.csv'] = text(summaryToCsv(input.summary.rows));
  if (input.cost) files['cost.csv'] = text(costToCsv(input.cost));
  files['report.html'] = text(reportHtml(input, links));
  return files;
}

/** The report's files as one .zip (deflated; the model's weights compress well once pruned). */
export function zipReport(files: ReportFiles): Uint8Array {
  return zipSync(files, { level: 6 });
}
