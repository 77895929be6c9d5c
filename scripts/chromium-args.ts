// Headless Chromium flags shared by the e2e tests and the benchmarks. --enable-unsafe-webgpu is what
// WebGPU needs in headless Chromium; the rest keep a closed network quiet.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
