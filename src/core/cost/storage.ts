// Storage cost of one weight tensor under three encodings, and of the gzipped float32 bytes.
// CSR uses PyTorch's 2-D view of a kernel, weight.view(out, -1): one row per output channel /
// neuron (the last TF.js axis), columns = everything else (in · kh · kw for a conv kernel).

export const CSR_VIEW_NOTE =
  'CSR uses the 2-D view [out, in·kh·kw] (PyTorch weight.view(out, -1)): one row per filter / output neuron; ' +
  'bytes = 4·nnz values + 4·nnz column indices + 4·(rows + 1) row pointers. Bitmask = numel/8 (rounded up) + 4·nnz.';

export interface StorageBytes {
  /** float32, every element: 4 · numel */
  dense: number;
  /** one bit per element + the non-zero float32 values: ceil(numel / 8) + 4 · nnz */
  bitmask: number;
  /** CSR on [rows = out, cols = rest]: 4 · nnz + 4 · nnz + 4 · (rows + 1) */
  csr: number;
}

/** Rows of the CSR view: the last axis of a TF.js kernel (output channels / neurons). */
export function csrRows(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1];
}

export function storageBytes(numel: number, nnz: number, rows: number): StorageBytes {
  return { dense: 4 * numel, bitmask: Math.ceil(numel / 8) + 4 * nnz, csr: 8 * nnz + 4 * (rows + 1) };
}

/**
 * Bytes of gzip(float32 little-endian values), through the platform's CompressionStream so the
 * same code runs in Node, a browser page and a Web Worker.
 */
export async function gzipSize(values: Float32Array): Promise<number> {
  // Blob copies the bytes, so a view on any buffer will do.
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength) as Uint8Array<ArrayBuffer>;
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  const reader = stream.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
  }
  return total;
}
