// tf.js backend for the command line: wasm by default (SIMD/XNNPACK, the fastest without a GPU),
// the pure-JS cpu backend on request.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CliError } from './errors';

export const CLI_BACKENDS = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

let wasmPathsSet = false;

function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

export async function useCliBackend(name: string | undefined): Promise<CliBackend> {
  const backend = (name ?? 'wasm') as CliBackend;
  if (!CLI_BACKENDS.includes(backend))
    throw new CliError(`--backend must be one of ${CLI_BACKENDS.join(', ')}; got '${name}'`, 2);
  // PROD silences tf.js's console hints (e.g. "install tfjs-node"), which would mix into stderr.
  tf.env().set('PROD', true);
  if (backend === 'wasm' && !wasmPathsSet) {
    setWasmPaths(wasmDistDir());
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new CliError(`the tf.js backend '${backend}' could not start`);
  return backend;
}
