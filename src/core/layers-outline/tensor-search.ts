// The search box of every tensor list: words match a tensor's name, its op (class or role, "1x1",
// "depthwise") or its shape ("3x3", "3x3x16x32"); every word must match. A word may name its field:
// name:, op:, shape:.
import type { PrunableTensor } from '../types';
import { isPointwise, kernelSize } from './tensor-kinds';

type SearchFacts = Pick<PrunableTensor, 'name' | 'layerClass' | 'shape' | 'role' | 'axes'>;

const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[×*]/g, 'x')
    .replace(/[[\]\s]/g, '')
    .replace(/,/g, 'x');

function ops(t: SearchFacts): string[] {
  const out = [t.layerClass.toLowerCase(), t.role];
  if (isPointwise(t)) out.push('1x1', 'pointwise');
  if (t.role !== 'dense') out.push('conv');
  return out;
}

function shapes(t: SearchFacts): string[] {
  return [normal(t.shape.join('x')), normal(kernelSize(t))].filter((s) => s !== '');
}

function wordMatches(t: SearchFacts, word: string): boolean {
  const colon = word.indexOf(':');
  const field = colon > 0 ? word.slice(0, colon) : '';
  const w = normal(colon > 0 ? word.slice(colon + 1) : word);
  if (w === '') return true;
  const inName = () => t.name.toLowerCase().includes(w);
  const inOps = () => ops(t).some((o) => o.includes(w));
  const inShape = () => shapes(t).some((s) => s === w || s.startsWith(`${w}x`));
  if (field === 'name') return inName();
  if (field === 'op') return inOps();
  if (field === 'shape') return inShape();
  return inName() || inOps() || inShape();
}

/** Whether a tensor matches every word of the query (an empty query matches all). */
export function tensorMatches(t: SearchFacts, query: string): boolean {
  return query
    .replace(/\s*[,×*]\s*/g, 'x')
    .trim()
    .split(/\s+/)
    .every((word) => wordMatches(t, word.toLowerCase()));
}

/** The names of the tensors that match, in the order given. */
export function searchTensors(tensors: readonly SearchFacts[], query: string): string[] {
  if (query.trim() === '') return tensors.map((t) => t.name);
  return tensors.filter((t) => tensorMatches(t, query)).map((t) => t.name);
}
