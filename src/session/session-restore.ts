// Restoring a saved session at boot: each part is read and checked on its own (a part that fails
// starts clean and is named in a notice), the dropped files' bytes are read back first, then the lab
// boots on them, and what was done with them (plan, runs, schedule, view) is put back.
import type { StoreApi } from 'zustand/vanilla';
import type { NamedBytes } from '../core/types';
import { i18n } from '../i18n/i18n';
import type { Address } from '../state/address';
import { noPlan } from '../state/plan-slice';
import type { BootOptions } from '../state/runtime-slice';
import type { LabState, ModelSource } from '../state/types';
import type { SessionBackend } from './session-backend';
import { checkPart, SessionPartError } from './session-check';
import { PART_NAMES, type FileRef, type PartName, type SessionParts } from './session-parts';

export interface SavedSession {
  parts: Partial<SessionParts>;
  /** the bytes of the dropped model and data files */
  modelFiles: NamedBytes[] | null;
  dataFiles: NamedBytes[] | null;
  /** parts that could not be restored, with the reason */
  failures: { part: PartName; reason: string }[];
}

async function filesOf(backend: SessionBackend, refs: FileRef[]): Promise<NamedBytes[]> {
  const out: NamedBytes[] = [];
  for (const r of refs) {
    const bytes = await backend.readBlob(r.key);
    if (!(bytes instanceof ArrayBuffer) || bytes.byteLength !== r.size)
      throw new Error(`the bytes of ${r.name} are missing`);
    out.push({ name: r.name, bytes });
  }
  return out;
}

export async function readSavedSession(backend: SessionBackend): Promise<SavedSession> {
  const saved: SavedSession = { parts: {}, modelFiles: null, dataFiles: null, failures: [] };
  const stored = await backend.readParts();
  for (const name of PART_NAMES) {
    if (stored[name] === undefined) continue;
    try {
      const part = checkPart(name, stored[name]);
      if (name === 'model') {
        const s = (part as SessionParts['model']).source;
        if (s?.kind === 'files') saved.modelFiles = await filesOf(backend, s.files);
      }
      if (name === 'data') {
        const s = (part as SessionParts['data']).source;
        if (s.kind === 'files') saved.dataFiles = await filesOf(backend, s.files);
      }
      (saved.parts as Record<PartName, unknown>)[name] = part;
    } catch (e) {
      const reason = e instanceof SessionPartError ? e.message : (e as Error).message;
      saved.failures.push({ part: name, reason });
    }
  }
  return saved;
}

/** The boot options: what the address asks for wins over what was saved (a shared link opens as sent). */
/** The address opens the saved model (or names none): then the plan and runs made on it apply. */
export function opensSavedModel(saved: SavedSession, address: Address): boolean {
  const m = saved.parts.model?.source;
  return !address.model || (m?.kind === 'demo' && m.id === address.model);
}

export function bootOptionsFor(saved: SavedSession, address: Address): BootOptions {
  const m = saved.parts.model?.source;
  let modelSource: ModelSource | undefined;
  if (!address.model && m?.kind === 'files' && saved.modelFiles)
    modelSource = { kind: 'files', name: m.name, files: saved.modelFiles };
  return {
    model: address.model ?? (m?.kind === 'demo' ? m.id : undefined),
    modelSource,
    backend: address.backend,
    plan: address.plan ?? (opensSavedModel(saved, address) ? saved.parts.plan?.plan : undefined),
    evalLimit: address.evalLimit ?? saved.parts.data?.evalLimit ?? undefined,
  };
}

/**
 * Puts back what needs no worker (data settings, schedule, view, lesson step), before boot. The language
 * is not among them: the page switches and remembers it at once (`i18n.ts`), so it is already right.
 */
export function applyBeforeBoot(store: StoreApi<LabState>, saved: SavedSession, address: Address) {
  const { data, schedule, ui, plan } = saved.parts;
  if (data) {
    const files = data.source.kind === 'files' && saved.dataFiles;
    store.setState({
      scaling: data.scaling,
      mapping: data.mapping,
      dataSource: files ? { kind: 'files', files } : { kind: 'demo' },
    });
  }
  if (schedule) store.setState({ ...schedule });
  if (plan) store.setState({ ranking: plan.ranking });
  if (ui) {
    store.setState({
      inspectTab: ui.inspectTab,
      presenter: address.presenter ?? ui.presenter,
      theme: address.theme ?? ui.theme,
    });
  }
  const view = address.view ?? ui?.view;
  if (view) store.setState({ view });
  const lessonStep = address.lessonStep ?? ui?.lessonStep;
  if (lessonStep !== undefined) store.setState({ lessonStep });
}

/**
 * Puts back what belongs to the loaded model (runs, training, "Prune all" options), after boot; the
 * fine-tuned weights of the step the run had adopted go back into the worker.
 */
export async function applyAfterBoot(store: StoreApi<LabState>, saved: SavedSession) {
  const { runs, training, plan } = saved.parts;
  if (plan) store.setState({ allLayers: plan.allLayers });
  if (runs) store.setState({ runs: runs.runs, activeRun: runs.activeRun, budget: runs.budget });
  if (!training) return;
  const checkpointWeights = training.checkpointWeights ?? {};
  store.setState({ run: training.run, han: training.han, checkpointWeights, adoptedWeights: null });
  const step = training.run?.adoptedStep;
  if (step != null && checkpointWeights[step]) await store.getState().restoreCheckpoint(step);
}

/**
 * Boots the lab on the saved session. If the saved files cannot be opened, the lab boots on the demo
 * instead (model and data parts start clean, said in a notice) and keeps the rest.
 */
export async function bootSavedSession(
  store: StoreApi<LabState>,
  saved: SavedSession,
  address: Address,
): Promise<void> {
  const notify = store.getState().notify;
  for (const f of saved.failures)
    notify(
      'warning',
      i18n.t('session.notice.partFailed', { part: i18n.t(`session.part.${f.part}`), reason: f.reason }),
    );
  applyBeforeBoot(store, saved, address);
  const opts = bootOptionsFor(saved, address);
  await store.getState().boot(opts);
  const usedFiles = !!opts.modelSource || store.getState().dataSource.kind === 'files';
  if (store.getState().workerStatus === 'failed' && usedFiles) {
    notify('warning', i18n.t('session.notice.filesFailed'));
    store.setState({ ...noPlan, dataSource: { kind: 'demo' }, mapping: null });
    await store.getState().boot({ model: address.model, backend: address.backend, plan: address.plan });
    return;
  }
  if (store.getState().workerStatus === 'ready' && opensSavedModel(saved, address)) await applyAfterBoot(store, saved);
}
