// report.html: one self-contained page (inline CSS, inline SVG charts, tables; no script, no
// external request) showing the report's figures, tables and charts together, linking its files.
import { SUMMARY_COLUMNS, summaryCells } from '../pruning/summary';
import { formatSparsity } from '../sensitivity/csv';
import { COST_COLUMNS, costRows } from './cost-csv';
import type { Metrics } from '../types';
import type { ReportInput } from './report-input';

/** The report's file names, for the links in the page. */
export interface ReportLinks {
  model: string[];
  runs: string[];
  charts: string[];
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#172033;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d6dbe6;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}.meta{color:#5a6478}
table{border-collapse:collapse;font-size:12px;margin:6px 0 12px}th,td{border:1px solid #d6dbe6;padding:3px 6px;text-align:right}
th{background:#eef1f7}td:first-child,th:first-child{text-align:left}
figure{margin:12px 0}figure svg{max-width:100%;height:auto}figcaption{color:#5a6478;font-size:12px}
pre{background:#f4f6fa;border:1px solid #d6dbe6;padding:8px;overflow:auto;font-size:12px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0}
`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An exported chart as inline markup: no XML prolog, no script, no link that leaves the page. */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject>/gi, '')
    .replace(/\s(?:xlink:)?href\s*=\s*("[^"]*"|'[^']*')/gi, (m, v: string) => (/^["']#/.test(v) ? m : ''))
    .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .trim();
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  // 4 significant digits for measured values; counts stay whole
  const cell = (v: string | number) =>
    escapeHtml(typeof v !== 'number' ? v : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
  return (
    `<table><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

const fileList = (names: readonly string[]) =>
  names.length
    ? `<ul>${names.map((n) => `<li><a href="${escapeHtml(n)}">${escapeHtml(n)}</a></li>`).join('')}</ul>`
    : '';

const pct = (v: number) => `${v.toFixed(2)}%`;
const metricsText = (m: Metrics | null) =>
  m ? `top-1 ${pct(m.top1)}, top-5 ${pct(m.top5)}, loss ${m.loss.toFixed(4)} (${m.n} images)` : 'not measured';

function headline(input: ReportInput): [string, string][] {
  return [
    ['Dense model', metricsText(input.dense)],
    ['Pruned model', metricsText(input.pruned)],
    ['Sparsity (prunable tensors)', input.sparsity === null ? 'not measured' : pct(100 * input.sparsity)],
  ];
}

export function reportHtml(input: ReportInput, links: ReportLinks): string {
  const parts: string[] = [];
  parts.push(`<h1>PruneLab report: ${escapeHtml(input.modelName)}</h1>`);
  parts.push(`<p class="meta">Format ${escapeHtml(input.format)} · made ${escapeHtml(input.createdAt)}</p>`);
  parts.push(
    `<dl>${headline(input)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
      .join('')}</dl>`,
  );

  parts.push('<h2>Files</h2>');
  parts.push(`<h3>Pruned model</h3>${fileList(links.model)}`);
  parts.push(`<p><a href="masks.json">masks.json</a> (1 = kept)</p>`);

  parts.push('<h2 id="sparsity">Sparsity summary</h2>');
  parts.push(
    input.summary
      ? `<p><a href="sparsity-summary.csv">sparsity-summary.csv</a> · ${escapeHtml(input.summary.convention)}</p>` +
          table(SUMMARY_COLUMNS, input.summary.rows.map(summaryCells))
      : '<p>Not available.</p>',
  );

  parts.push('<h2 id="cost">Cost</h2>');
  parts.push(
    input.cost
      ? `<p><a href="cost.csv">cost.csv</a></p>` + table(COST_COLUMNS, costRows(input.cost))
      : '<p>Not available.</p>',
  );

  parts.push('<h2 id="charts">Charts</h2>');
  input.charts.forEach((c, i) => {
    const file = links.charts[i];
    parts.push(
      `<figure>${inlineSvg(c.svg)}<figcaption>${escapeHtml(c.title)} · <a href="${escapeHtml(file)}">${escapeHtml(file)}</a></figcaption></figure>`,
    );
  });
  if (!input.charts.length) parts.push('<p>No chart was drawn.</p>');
  for (const view of input.viewsWithoutCharts)
    parts.push(
      `<p>The ${escapeHtml(view)} view drew no chart (nothing to show yet), so none of its charts is here.</p>`,
    );

  parts.push('<h2 id="sensitivity">Sensitivity analyses</h2>');
  if (!input.runs.length) parts.push('<p>No sensitivity analysis was run.</p>');
  input.runs.forEach((r, i) => {
    parts.push(
      `<h3>${escapeHtml(r.label)} · <a href="${escapeHtml(links.runs[i])}">${escapeHtml(links.runs[i])}</a></h3>`,
    );
    parts.push(
      table(
        ['parameter', 'sparsity', 'top1', 'top5', 'loss'],
        r.rows.map((x) => [
          x.parameter,
          formatSparsity(x.sparsity),
          x.top1.toFixed(2),
          x.top5.toFixed(2),
          x.loss.toFixed(4),
        ]),
      ),
    );
  });

  parts.push('<h2 id="schedule">Schedule</h2>');
  parts.push(
    input.scheduleYaml !== null
      ? `<p><a href="schedule.yaml">schedule.yaml</a> (Distiller)</p><pre>${escapeHtml(input.scheduleYaml)}</pre>`
      : '<p>The schedule could not be written as Distiller YAML.</p>',
  );

  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>PruneLab report: ${escapeHtml(input.modelName)}</title><style>${STYLE}</style></head><body>` +
    parts.join('\n') +
    '</body></html>\n'
  );
}
