// The page's address: what a shared link opens. `?model=` (a demo), `?backend=`, `?limit=`, `?view=`,
// `?lesson=` (1-based step), `?present=1` (presenter mode), `?theme=` (light|dark, until the page's
// own choice replaces it) in the query, and the plan in the hash (`#plan=<json>`). One reader and one
// writer, so every part of the page agrees on the names.
import { lessonParamOf, lessonStepFromParam } from '../core/lesson/lesson-steps';
import { parsePlan, type PrunePlan } from '../core/plan/plan';
import type { BackendRequest } from '../worker/protocol';
import { DEMO_MODELS, type DemoId, type ModelSource, type Theme, type View } from './types';

const BACKENDS: readonly BackendRequest[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];
const VIEW_IDS: readonly View[] = ['prune', 'sensitivity', 'schedule'];

/**
 * A plan longer than this (hundreds of tensors) stays out of the address: Chromium takes up to a few
 * hundred ms to change a fragment that long, and the page stalls.
 */
export const ADDRESS_PLAN_CHARS = 8000;

/** What an address asks for; a part it does not name is undefined. */
export interface Address {
  model?: DemoId;
  backend?: BackendRequest;
  evalLimit?: number;
  plan?: PrunePlan;
  /** why the plan in the hash could not be read */
  planError?: string;
  view?: View;
  /** 0-based, as the store holds it (`?lesson=1` is step 0) */
  lessonStep?: number;
  presenter?: boolean;
  theme?: Theme;
}

/** What the page writes into its address. */
export interface AddressState {
  modelSource: ModelSource | null;
  backendRequest: BackendRequest;
  plan: PrunePlan;
  view: View;
  lessonStep: number | null;
  presenter: boolean;
  theme: Theme;
}

const positiveInt = (text: string | null): number | undefined => {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n > 0 ? n : undefined;
};

export function readAddress(href: string): Address {
  const url = new URL(href);
  const q = url.searchParams;
  const out: Address = {};
  const model = DEMO_MODELS.find((m) => m.id === q.get('model'));
  if (model) out.model = model.id;
  const backend = BACKENDS.find((b) => b === q.get('backend'));
  if (backend) out.backend = backend;
  const limit = positiveInt(q.get('limit'));
  if (limit) out.evalLimit = limit;
  const view = VIEW_IDS.find((v) => v === q.get('view'));
  if (view) out.view = view;
  const lesson = lessonStepFromParam(q.get('lesson'));
  if (lesson !== null) out.lessonStep = lesson;
  const present = q.get('present');
  if (present !== null) out.presenter = ['1', 'true'].includes(present);
  const theme = q.get('theme');
  if (theme === 'light' || theme === 'dark') out.theme = theme;
  const planText = new URLSearchParams(url.hash.slice(1)).get('plan');
  if (planText) {
    try {
      out.plan = parsePlan(planText);
    } catch (e) {
      out.planError = (e as Error).message;
    }
  }
  return out;
}

/** `href` with the state's parts written in (other query parameters kept). */
export function addressFor(href: string, s: AddressState): string {
  const url = new URL(href);
  const q = url.searchParams;
  if (s.modelSource?.kind === 'demo') q.set('model', s.modelSource.id);
  else q.delete('model');
  if (s.backendRequest === 'auto') q.delete('backend');
  else q.set('backend', s.backendRequest);
  if (s.view === 'prune') q.delete('view');
  else q.set('view', s.view);
  const lesson = lessonParamOf(s.lessonStep);
  if (lesson === null) q.delete('lesson');
  else q.set('lesson', lesson);
  if (s.presenter) q.set('present', '1');
  else q.delete('present');
  // a theme chosen in the page replaces `?theme=` (the choice is remembered in storage instead)
  if (q.has('theme') && q.get('theme') !== s.theme) q.delete('theme');
  const hash = Object.keys(s.plan.tensors).length
    ? new URLSearchParams({ plan: JSON.stringify(s.plan) }).toString()
    : '';
  url.hash = hash.length <= ADDRESS_PLAN_CHARS ? hash : '';
  return url.href;
}
