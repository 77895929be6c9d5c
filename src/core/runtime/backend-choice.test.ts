import { describe, expect, it } from 'vitest';
import { chooseBackend, softwareAdapterReason, type BackendProbe } from './backend-choice';

const swiftshader: BackendProbe = {
  name: 'webgpu',
  available: true,
  adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
};
const realGpu: BackendProbe = {
  name: 'webgpu',
  available: true,
  adapter: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false },
};
const wasm: BackendProbe = { name: 'wasm', available: true };
const webgl: BackendProbe = { name: 'webgl', available: true };
const cpu: BackendProbe = { name: 'cpu', available: true };

describe('chooseBackend', () => {
  it('takes WebGPU on a hardware adapter when nothing was measured', () => {
    expect(chooseBackend([realGpu, wasm, webgl, cpu])).toEqual({
      name: 'webgpu',
      reason: 'WebGPU adapter is a hardware GPU (nvidia ampere)',
    });
  });

  it('takes wasm over a software WebGPU adapter, recognised by name or by isFallbackAdapter', () => {
    expect(chooseBackend([swiftshader, wasm, webgl, cpu])).toEqual({
      name: 'wasm',
      reason: 'WebGPU adapter is a software fallback (swiftshader); using wasm',
    });
    const llvmpipe: BackendProbe = {
      name: 'webgpu',
      available: true,
      adapter: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
    };
    expect(chooseBackend([llvmpipe, wasm]).name).toBe('wasm');
    const flagged: BackendProbe = {
      name: 'webgpu',
      available: true,
      adapter: { vendor: 'x', isFallbackAdapter: true },
    };
    expect(chooseBackend([flagged, wasm]).reason).toBe(
      'WebGPU adapter is a software fallback (fallback adapter); using wasm',
    );
  });

  it('falls back wasm -> WebGL -> cpu, saying what was unavailable', () => {
    const noGpu: BackendProbe = { name: 'webgpu', available: false, error: 'no adapter' };
    expect(chooseBackend([noGpu, wasm, webgl, cpu])).toEqual({
      name: 'wasm',
      reason: 'WebGPU unavailable (no adapter); using wasm',
    });
    const noWasm: BackendProbe = { name: 'wasm', available: false, error: 'fetch failed' };
    expect(chooseBackend([noGpu, noWasm, webgl, cpu])).toEqual({
      name: 'webgl',
      reason: 'WebGPU unavailable (no adapter); wasm unavailable (fetch failed); using WebGL',
    });
    expect(chooseBackend([noGpu, noWasm, { name: 'webgl', available: false }, cpu]).name).toBe('cpu');
    expect(chooseBackend([]).name).toBe('cpu');
    expect(chooseBackend([{ name: 'cpu', available: false }]).reason).toMatch(/no backend reported available/);
  });

  it('prefers measurements: lowest median among available backends wins', () => {
    const choice = chooseBackend([
      { ...swiftshader, medianMs: 12000 },
      { ...wasm, medianMs: 180 },
      { ...webgl, medianMs: 558 },
      { ...cpu, medianMs: 1600 },
    ]);
    expect(choice).toEqual({
      name: 'wasm',
      reason:
        'WebGPU adapter is a software fallback (swiftshader); wasm measured 3.1x faster than WebGL (180 ms vs 558 ms)',
    });
    // a measured hardware GPU that is slower than wasm loses
    expect(
      chooseBackend([
        { ...realGpu, medianMs: 50 },
        { ...wasm, medianMs: 20 },
      ]).name,
    ).toBe('wasm');
    expect(
      chooseBackend([
        { ...realGpu, medianMs: 5 },
        { ...wasm, medianMs: 20 },
      ]),
    ).toEqual({
      name: 'webgpu',
      reason: 'WebGPU measured 4.0x faster than wasm (5.0 ms vs 20 ms)',
    });
    // measurements of unavailable backends and non-numbers are ignored
    expect(
      chooseBackend([
        { ...realGpu, available: false, medianMs: 1 },
        { ...wasm, medianMs: 20 },
        { ...cpu, medianMs: Number.NaN },
      ]),
    ).toEqual({
      name: 'wasm',
      reason: 'WebGPU unavailable; wasm was the only backend measured (20 ms)',
    });
  });
});

describe('softwareAdapterReason', () => {
  it('names software renderers and accepts real GPUs', () => {
    expect(softwareAdapterReason({ architecture: 'swiftshader' })).toBe('swiftshader');
    expect(softwareAdapterReason({ description: 'Microsoft Basic Render Driver' })).toBe('microsoft basic render');
    expect(softwareAdapterReason({ vendor: 'apple', architecture: 'metal-3' })).toBeNull();
    expect(softwareAdapterReason(undefined)).toBeNull();
  });
});
