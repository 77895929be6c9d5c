// The text alternative of each chart: the numbers it draws as a ChartDataTable, one small component
// per chart, built from the same rows the chart plots.
import { useTranslation } from 'react-i18next';
import type { SensitivityRow } from '../../core/lab/types';
import { ChartDataTable, type Cell, type ChartDataColumn } from './ChartDataTable';

/** A layer-like first column, then figures. */
const columns = (first: string, ...figures: string[]): ChartDataColumn[] => [
  { label: first },
  ...figures.map((label) => ({ label, numeric: true })),
];

const fixed = (digits: number) => (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v.toFixed(digits);
const pct = fixed(2);
const loss = fixed(4);

/** Density per layer: dense and after pruning, in percent. */
export function DensityTable(props: { rows: readonly { name: string; pruned: number }[] }) {
  const { t } = useTranslation();
  return (
    <ChartDataTable
      caption={t('presenter.table.density')}
      columns={columns(t('presenter.table.layer'), t('presenter.table.densityPct'), t('presenter.table.sparsityPct'))}
      rows={props.rows.map((r) => [r.name, pct(r.pruned), pct(100 - r.pruned)])}
    />
  );
}

/** Every row of a sensitivity analysis: layer, sparsity and the figures measured there. */
export function SensitivityTable(props: { rows: readonly SensitivityRow[] }) {
  const { t } = useTranslation();
  const kl = props.rows.some((r) => r.kl !== undefined);
  const rows: Cell[][] = props.rows.map((r) => [
    r.parameter,
    pct(100 * r.sparsity),
    pct(r.top1),
    pct(r.top5),
    loss(kl ? r.kl : r.loss),
  ]);
  return (
    <ChartDataTable
      caption={t('presenter.table.sensitivity')}
      columns={columns(
        t('presenter.table.layer'),
        t('presenter.table.sparsityPct'),
        t('presenter.table.top1'),
        t('presenter.table.top5'),
        kl ? t('presenter.table.kl') : t('presenter.table.loss'),
      )}
      rows={rows}
    />
  );
}

/** One value per layer (a bar chart at one sparsity level). */
export function LayerValueTable(props: { caption: string; valueLabel: string; rows: readonly Cell[][] }) {
  const { t } = useTranslation();
  return (
    <ChartDataTable
      caption={props.caption}
      columns={columns(t('presenter.table.layer'), props.valueLabel)}
      rows={props.rows}
    />
  );
}

/** The heat map as a grid: a row per layer, a column per sparsity level, the top-1 drop in each cell. */
export function HeatmapTable(props: {
  tensors: readonly string[];
  levels: readonly number[];
  cells: readonly (readonly ({ drop: number } | null)[])[];
}) {
  const { t } = useTranslation();
  return (
    <ChartDataTable
      caption={t('presenter.table.heatmap')}
      columns={columns(t('presenter.table.layer'), ...props.levels.map((l) => `${pct(100 * l)}%`))}
      rows={props.tensors.map((name, i) => [name, ...props.cells[i].map((c) => pct(c?.drop))])}
    />
  );
}

/** The schedule's target sparsity per epoch, a column per pruned tensor. */
export function SchedulePreviewTable(props: {
  names: readonly string[];
  rows: readonly Record<string, number | null>[];
}) {
  const { t } = useTranslation();
  return (
    <ChartDataTable
      caption={t('presenter.table.preview')}
      columns={columns(t('presenter.table.epoch'), ...props.names)}
      rows={props.rows.map((r) => [r.epoch, ...props.names.map((n) => pct(r[n]))])}
    />
  );
}

/** Han's experiment: top-1 of one-shot and iterative pruning at each sparsity. */
export function HanTable(props: { rows: readonly { sparsity: number; oneShot?: number; iterative?: number }[] }) {
  const { t } = useTranslation();
  return (
    <ChartDataTable
      caption={t('presenter.table.han')}
      columns={columns(t('presenter.table.sparsityPct'), t('presenter.table.oneShot'), t('presenter.table.iterative'))}
      rows={props.rows.map((r) => [pct(r.sparsity), pct(r.oneShot), pct(r.iterative)])}
    />
  );
}

/** Kept weights per output channel (the last axis in TF.js layout: a conv filter, a dense neuron). */
export function keptPerOutput(mask: Uint8Array | null, shape: readonly number[]): { kept: number; total: number }[] {
  const outs = shape[shape.length - 1] ?? 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const per = size / outs;
  const kept = new Array<number>(outs).fill(mask ? 0 : per);
  if (mask) for (let i = 0; i < size; i++) kept[i % outs] += mask[i];
  return kept.map((k) => ({ kept: k, total: per }));
}

/** The mask heat map's columns as rows: how many weights of each filter or neuron are kept. */
export function MaskTable(props: { name: string; mask: Uint8Array | null; shape: readonly number[] }) {
  const { t } = useTranslation();
  const { name, mask, shape } = props;
  return (
    <ChartDataTable
      caption={t('presenter.table.mask', { name })}
      columns={columns(t('presenter.table.output'), t('presenter.table.kept'), t('presenter.table.keptPct'))}
      rows={() =>
        keptPerOutput(mask, shape).map((c, i) => [i, `${c.kept} / ${c.total}`, pct((100 * c.kept) / c.total)])
      }
    />
  );
}
