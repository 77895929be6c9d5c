import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The worker bundle is emitted as an ES module; wasm binaries are imported with `?url`.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // onnxruntime-web locates its wasm itself; pre-bundling would break that in the dev server
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
