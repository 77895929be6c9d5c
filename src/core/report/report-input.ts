// What a shareable report is made of: data only, gathered by the page (or a test) and turned into
// files by buildReportFiles.
import type { CostReport } from '../cost/cost-report';
import type { SparsityTable } from '../lab/types';
import type { SensitivityRow } from '../sensitivity/types';
import type { Metrics, NamedBytes } from '../types';

/** A chart as a standalone SVG document (the page's chart export). */
export interface ReportChart {
  /** file-name stem, e.g. `sensitivity-top1` */
  name: string;
  title: string;
  svg: string;
}

export interface ReportRun {
  label: string;
  rows: readonly SensitivityRow[];
}

export interface ReportInput {
  modelName: string;
  /** the model's format: tfjs-layers, tfjs-graph, onnx, keras */
  format: string;
  /** the pruned model in its own format's files (model.json + shards, or one .onnx) */
  modelFiles: readonly NamedBytes[];
  /** masks.json (1 = kept) */
  masksJson: string;
  /** the schedule being edited, as Distiller YAML; null when it cannot be written */
  scheduleYaml: string | null;
  runs: readonly ReportRun[];
  charts: readonly ReportChart[];
  /** the page's views that drew no chart (nothing to show yet), so none of theirs is included */
  viewsWithoutCharts: readonly string[];
  summary: SparsityTable | null;
  cost: CostReport | null;
  /** the dense and the pruned model on the full evaluation set (null: not measured) */
  dense: Metrics | null;
  pruned: Metrics | null;
  /** over all prunable tensors, 0..1 */
  sparsity: number | null;
  /** ISO time the report was made */
  createdAt: string;
}
