// Saves bytes produced in the page as a file, the way a download link would.

import type { NamedBytes } from '../../core/types';

export function saveBytes(
  name: string,
  bytes: ArrayBuffer | Uint8Array | string,
  mime = 'application/octet-stream',
): void {
  // Copy into a plain ArrayBuffer-backed view: a Blob cannot take a view of shared memory.
  const part: BlobPart = typeof bytes === 'string' ? bytes : new Uint8Array(bytes.slice(0));
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function mimeOf(name: string): string {
  return name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}

/** Saves several files one after another (browsers drop clicks that come in the same instant). */
export async function saveFiles(files: NamedBytes[]): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 200));
    saveBytes(f.name, f.bytes, mimeOf(f.name));
  }
}
