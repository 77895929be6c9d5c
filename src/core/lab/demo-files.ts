// Test and bench helper: a demo model's files (model.json and its weight shards) read from public/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NamedBytes } from '../types';

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');

export function demoModelFiles(id: string): NamedBytes[] {
  const dir = path.join(PUBLIC_DIR, 'models', id);
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const names: string[] = ['model.json', ...json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths)];
  return names.map((name) => {
    const b = readFileSync(path.join(dir, name));
    return { name, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  });
}
