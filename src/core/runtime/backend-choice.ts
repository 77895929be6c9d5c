// Picking a tf.js backend from what the environment offers. Pure: the worker probes
// (availability, adapter info, optional timings) and this decides.

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

export interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  error?: string;
  adapter?: AdapterInfo;
  /** Median time of a reference forward pass, when measured. */
  medianMs?: number;
}

export interface BackendChoice {
  name: BackendName;
  reason: string;
}

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'wasm', webgl: 'WebGL', cpu: 'cpu' };
const FALLBACK_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu'];
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/**
 * Why an adapter is a software one ("swiftshader", "fallback adapter"), or null for a real GPU.
 * Software WebGPU runs shaders on the CPU and is far slower than wasm.
 */
export function softwareAdapterReason(adapter: AdapterInfo | undefined): string | null {
  if (!adapter) return null;
  for (const field of [adapter.architecture, adapter.description, adapter.vendor]) {
    const match = field ? SOFTWARE_RENDERERS.exec(field) : null;
    if (match) return match[0].toLowerCase();
  }
  return adapter.isFallbackAdapter ? 'fallback adapter' : null;
}

function hasMeasurement(p: BackendProbe): p is BackendProbe & { medianMs: number } {
  return typeof p.medianMs === 'number' && Number.isFinite(p.medianMs) && p.medianMs > 0;
}

function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toPrecision(2)} ms`;
}

/** A note on WebGPU's state when it is not the choice, or '' when there is nothing to say. */
function webgpuNote(probes: BackendProbe[]): string {
  const gpu = probes.find((p) => p.name === 'webgpu');
  if (!gpu) return '';
  if (!gpu.available) return gpu.error ? `WebGPU unavailable (${gpu.error})` : 'WebGPU unavailable';
  const software = softwareAdapterReason(gpu.adapter);
  return software ? `WebGPU adapter is a software fallback (${software})` : '';
}

function joinReason(...parts: string[]): string {
  return parts.filter(Boolean).join('; ');
}

/**
 * The backend to use. Measured timings win when there are any (lowest median among available
 * backends); otherwise WebGPU on a hardware adapter, else wasm, else WebGL, else cpu.
 */
export function chooseBackend(probes: BackendProbe[]): BackendChoice {
  const available = probes.filter((p) => p.available);
  const measured = available.filter(hasMeasurement).sort((a, b) => a.medianMs - b.medianMs);
  if (measured.length > 0) {
    const [best, runnerUp] = measured;
    const note = best.name === 'webgpu' ? '' : webgpuNote(probes);
    const speed = runnerUp
      ? `${LABEL[best.name]} measured ${(runnerUp.medianMs / best.medianMs).toFixed(1)}x faster than ` +
        `${LABEL[runnerUp.name]} (${formatMs(best.medianMs)} vs ${formatMs(runnerUp.medianMs)})`
      : `${LABEL[best.name]} was the only backend measured (${formatMs(best.medianMs)})`;
    return { name: best.name, reason: joinReason(note, speed) };
  }

  const gpu = available.find((p) => p.name === 'webgpu');
  if (gpu && !softwareAdapterReason(gpu.adapter)) {
    const what = [gpu.adapter?.vendor, gpu.adapter?.architecture].filter(Boolean).join(' ');
    return { name: 'webgpu', reason: `WebGPU adapter is a hardware GPU${what ? ` (${what})` : ''}` };
  }
  const note = webgpuNote(probes);
  for (const name of FALLBACK_ORDER) {
    if (available.some((p) => p.name === name)) {
      const skipped = FALLBACK_ORDER.slice(0, FALLBACK_ORDER.indexOf(name))
        .map((n) => probes.find((p) => p.name === n))
        .filter((p): p is BackendProbe => p !== undefined)
        .map((p) => `${LABEL[p.name]} unavailable${p.error ? ` (${p.error})` : ''}`);
      return { name, reason: joinReason(note, ...skipped, `using ${LABEL[name]}`) };
    }
  }
  return { name: 'cpu', reason: joinReason(note, 'no backend reported available; using cpu') };
}
