// Values the session tests share: a plan, dropped files and a short sweep.
import type { PrunePlan } from '../core/plan/plan';

export const plan = { version: 1, tensors: { 'fc1/kernel': { kind: 'level', sparsity: 0.5 } } } as PrunePlan;
export const bytes = (...v: number[]) => new Float32Array(v).buffer as ArrayBuffer;
export const files = () => [
  { name: 'model.json', bytes: new TextEncoder().encode('{"m":1}').buffer as ArrayBuffer },
  { name: 'weights.bin', bytes: bytes(1, 2, 3) },
];
export const sweep = {
  tensors: ['fc1/kernel'],
  group: 'element' as const,
  levels: [0, 0.5],
  subset: null,
  minTop1: null,
  mode: 'labels' as const,
};
