// Registers every tf.js backend in the worker, probes what this machine offers, and picks one.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, type BackendName, type BackendProbe } from '../core/runtime/backend-choice';
import type { BackendRequest, RuntimeInfo } from './protocol';
import { configureThreads, wasmThreads } from './threads';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

export const ALL_BACKENDS: BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function probeWebGpuAdapter(): Promise<BackendProbe> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { name: 'webgpu', available: false, error: 'this browser exposes no WebGPU (navigator.gpu)' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { name: 'webgpu', available: false, error: 'no WebGPU adapter was offered' };
    const info = adapter.info ?? {};
    return {
      name: 'webgpu',
      available: true,
      adapter: {
        vendor: info.vendor,
        architecture: info.architecture,
        description: info.description,
        isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
      },
    };
  } catch (e) {
    return { name: 'webgpu', available: false, error: String((e as Error).message ?? e) };
  }
}

/**
 * A small LeNet-like conv + dense workload, timed as the median of three warm runs. A backend whose
 * first (warm-up) run is already `giveUpMs` slower than the best so far is not timed further: it
 * cannot win, and on a software adapter its runs would cost seconds.
 */
async function timeWorkload(giveUpMs = Infinity): Promise<number> {
  const x = tf.randomUniform([128, 28, 28, 1]);
  const k1 = tf.randomNormal([5, 5, 1, 20]);
  const k2 = tf.randomNormal([5, 5, 20, 50]);
  const w = tf.randomNormal([800, 100]);
  const run = () =>
    tf.tidy(() => {
      const a = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, k1 as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
      const b = tf.maxPool(tf.relu(tf.conv2d(a, k2 as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
      return tf.sum(tf.matMul(tf.reshape(b, [128, 800]), w as tf.Tensor2D));
    });
  try {
    const t0 = performance.now();
    const warm = run();
    await warm.data();
    warm.dispose();
    const first = performance.now() - t0;
    if (first > giveUpMs) return first;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = run();
      await r.data();
      r.dispose();
      times.push(performance.now() - t0);
    }
    times.sort((p, q) => p - q);
    return times[1];
  } finally {
    tf.dispose([x, k1, k2, w]);
  }
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

function adapterText(p: BackendProbe | undefined): string | undefined {
  const a = p?.adapter;
  if (!a) return undefined;
  const parts = [a.vendor, a.architecture, a.description].filter(Boolean);
  return `${parts.join(' · ') || 'unknown adapter'}${a.isFallbackAdapter ? ' (software fallback)' : ''}`;
}

export function isSoftwareAdapter(p: BackendProbe | undefined): boolean {
  const a = p?.adapter;
  if (!a) return false;
  const text = `${a.vendor ?? ''} ${a.architecture ?? ''} ${a.description ?? ''}`.toLowerCase();
  return Boolean(a.isFallbackAdapter) || /swiftshader|llvmpipe|software|lavapipe/.test(text);
}

/**
 * Picks the backend: an explicit request is honoured when it works (else the auto choice, and the
 * reason says so). Auto: detect the WebGPU adapter; a software adapter never wins over wasm. The
 * CPU backends that initialise are timed on a small LeNet-like workload and the fastest wins.
 */
export async function initBackend(request: BackendRequest, exclude: BackendName[] = []): Promise<RuntimeInfo> {
  const info = await chooseAndStart(request, exclude);
  const threads = wasmThreads();
  return { ...info, threads: info.backend === 'wasm' ? threads : 1, isolated: self.crossOriginIsolated === true };
}

async function chooseAndStart(request: BackendRequest, exclude: BackendName[]): Promise<RuntimeInfo> {
  configureThreads();
  const gpuProbe = await probeWebGpuAdapter();
  const software = isSoftwareAdapter(gpuProbe);
  if (request !== 'auto' && !exclude.includes(request)) {
    if ((request !== 'webgpu' || gpuProbe.available) && (await activate(request))) {
      if (request === 'webgpu' && software) tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', true);
      return {
        backend: request,
        requested: request,
        reason:
          request === 'webgpu' && software
            ? 'chosen by you; this WebGPU adapter is software, so it is slow'
            : 'chosen by you',
        adapter: adapterText(gpuProbe),
        softwareAdapter: software,
        probes: [gpuProbe],
      };
    }
  }
  const probes: BackendProbe[] = [gpuProbe];
  const candidates: BackendName[] =
    gpuProbe.available && !software ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'cpu'];
  for (const name of candidates.filter((n) => !exclude.includes(n))) {
    if (name === 'cpu') {
      probes.push({ name, available: true });
      continue;
    }
    if (!(await activate(name))) {
      const existing = probes.find((p) => p.name === name);
      if (existing) existing.available = false;
      else probes.push({ name, available: false, error: 'failed to initialise' });
      continue;
    }
    const best = Math.min(...probes.map((p) => p.medianMs ?? Infinity));
    const medianMs = await timeWorkload(10 * best);
    const existing = probes.find((p) => p.name === name);
    if (existing) existing.medianMs = medianMs;
    else probes.push({ name, available: true, medianMs });
  }
  const choice = chooseBackend(probes.filter((p) => !exclude.includes(p.name)));
  await activate(choice.name);
  const reason = request !== 'auto' ? `${request} could not start here; ${choice.reason}` : choice.reason;
  return {
    backend: choice.name,
    requested: request,
    reason,
    adapter: adapterText(gpuProbe),
    softwareAdapter: software,
    probes,
  };
}
