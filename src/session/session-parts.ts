// The saved session, part by part. Each part is one record, so a corrupted one starts clean alone.
// Files people dropped are saved once as blobs keyed by their content's SHA-256 and named here by key.
import type { InputMapping } from '../core/data/input-mapping';
import type { HanReport, Schedule, TrainSettings } from '../core/lab/types';
import type { RankingDefaults } from '../core/plan/method-info';
import type { PrunePlan } from '../core/plan/plan';
import type { WeightSnapshot } from '../core/training/checkpoint';
import type { InputScaling, NamedBytes } from '../core/types';
import type {
  AllLayersOptions,
  DemoId,
  InspectTab,
  LabState,
  SensitivityRun,
  Theme,
  TrainingRun,
  View,
} from '../state/types';

/** In restore order: the model's files first, then the data, then what was done with them. */
export const PART_NAMES = ['model', 'data', 'plan', 'runs', 'schedule', 'training', 'ui'] as const;
export type PartName = (typeof PART_NAMES)[number];

/** A dropped file as the session holds it: its bytes are the blob under `key`. */
export interface FileRef {
  name: string;
  key: string;
  size: number;
}

export interface SessionParts {
  model: { source: { kind: 'demo'; id: DemoId } | { kind: 'files'; name: string; files: FileRef[] } | null };
  data: {
    source: { kind: 'demo' } | { kind: 'files'; files: FileRef[] };
    scaling: InputScaling;
    evalLimit: number | null;
    mapping: InputMapping | null;
  };
  plan: { plan: PrunePlan; allLayers: AllLayersOptions; ranking: RankingDefaults };
  runs: { runs: SensitivityRun[]; activeRun: number | null; budget: number };
  schedule: { schedule: Schedule; scheduleEpochs: number; train: TrainSettings };
  training: {
    run: TrainingRun | null;
    han: HanReport | null;
    /** the run's checkpoint weights by step (absent in sessions saved before they were kept) */
    checkpointWeights?: Record<number, WeightSnapshot>;
    /** the fine-tuned weights the model held beyond its files */
    adoptedWeights?: WeightSnapshot | null;
  };
  ui: {
    view: View;
    inspectTab: InspectTab;
    lessonStep: number | null;
    presenter: boolean;
    theme: Theme;
    language: string;
  };
}

/** The store fields each part is made of: a part is written again only when one of them changes. */
export const PART_FIELDS: Record<PartName, readonly (keyof LabState)[]> = {
  model: ['modelSource'],
  data: ['dataSource', 'scaling', 'evalLimit', 'mapping'],
  plan: ['plan', 'allLayers', 'ranking'],
  runs: ['runs', 'activeRun', 'budget'],
  schedule: ['schedule', 'scheduleEpochs', 'train'],
  training: ['run', 'han', 'checkpointWeights', 'adoptedWeights'],
  ui: ['view', 'inspectTab', 'lessonStep', 'presenter', 'theme'],
};

/** SHA-256 of the bytes, hex: the key a dropped file is saved under. */
export async function contentKey(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Files to save as blobs, by key, and the references that name them. */
export type Blobs = Map<string, ArrayBuffer>;

const keys = new WeakMap<ArrayBuffer, string>();

async function refsOf(files: readonly NamedBytes[], blobs: Blobs): Promise<FileRef[]> {
  const refs: FileRef[] = [];
  for (const f of files) {
    let key = keys.get(f.bytes);
    if (!key) {
      key = await contentKey(f.bytes);
      keys.set(f.bytes, key);
    }
    blobs.set(key, f.bytes);
    refs.push({ name: f.name, key, size: f.bytes.byteLength });
  }
  return refs;
}

/** A sweep or run cut short by the reload: it is not running any more. */
const stopped = <T extends { status: string }>(r: T): T =>
  r.status === 'running' || r.status === 'paused' ? { ...r, status: 'cancelled' } : r;

/** One part of the store's state as it is saved; dropped files go into `blobs`. */
export async function partOf(name: PartName, s: LabState, language: string, blobs: Blobs): Promise<unknown> {
  switch (name) {
    case 'model': {
      const m = s.modelSource;
      if (m?.kind !== 'files') return { source: m } satisfies SessionParts['model'];
      return { source: { kind: 'files', name: m.name, files: await refsOf(m.files, blobs) } };
    }
    case 'data': {
      const d = s.dataSource;
      const source = d.kind === 'files' ? { kind: 'files' as const, files: await refsOf(d.files, blobs) } : d;
      return { source, scaling: s.scaling, evalLimit: s.evalLimit, mapping: s.mapping } satisfies SessionParts['data'];
    }
    case 'plan':
      return { plan: s.plan, allLayers: s.allLayers, ranking: s.ranking } satisfies SessionParts['plan'];
    case 'runs':
      return { runs: s.runs.map(stopped), activeRun: s.activeRun, budget: s.budget } satisfies SessionParts['runs'];
    case 'schedule':
      return {
        schedule: s.schedule,
        scheduleEpochs: s.scheduleEpochs,
        train: s.train,
      } satisfies SessionParts['schedule'];
    case 'training':
      // the page keeps each checkpoint's weights, so "Go back to step N" and the adopted step survive
      return {
        run: s.run && { ...stopped(s.run), batch: null },
        han: s.han,
        checkpointWeights: s.checkpointWeights,
        adoptedWeights: s.adoptedWeights,
      } satisfies SessionParts['training'];
    case 'ui':
      return {
        view: s.view,
        inspectTab: s.inspectTab,
        lessonStep: s.lessonStep,
        presenter: s.presenter,
        theme: s.theme,
        language,
      } satisfies SessionParts['ui'];
  }
}
