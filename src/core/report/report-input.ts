// What a shareable report is made of: data only, gathered by the page (or a test) and turned into
// files by buildReportFiles.
import type { CostReport } from '../cost/cost-report';
import type { SparsityTable } from '../lab/types';
import type { SensitivityRow } from '../sensitivity/types';
import type { NamedBytes } from '../types';

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
  /** charts that were not drawn, with the reason */
  skippedCharts: readonly string[];
  summary: SparsityTable | null;
  cost: CostReport | null;
  /** headline figures (label, value), e.g. dense and pruned top-1 */
  figures: readonly { label: string; value: string }[];
  /** ISO time the report was made */
  createdAt: string;
}
