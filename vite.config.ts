import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation (SharedArrayBuffer) is what lets tf.js wasm and onnxruntime-web run on
// several threads. Every server we start sends these headers; everything the page loads is same-origin.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const COI_SCRIPT = 'coi-serviceworker.js';

/**
 * Static hosts that cannot set headers (GitHub Pages, a plain bucket) get them from coi-serviceworker:
 * served beside index.html and loaded first, it registers itself as a service worker that adds the
 * headers to every response and reloads the page once. Where the server already isolates the page it
 * does nothing.
 */
function coiServiceWorker(): Plugin {
  const source = () => readFileSync(createRequire(import.meta.url).resolve(`coi-serviceworker/${COI_SCRIPT}`), 'utf8');
  return {
    name: 'prunelab-coi-serviceworker',
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: `./${COI_SCRIPT}` }, injectTo: 'head-prepend' }],
    configureServer(server) {
      server.middlewares.use(`/${COI_SCRIPT}`, (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: COI_SCRIPT, source: source() });
    },
  };
}

// The built page's Content Security Policy: everything from its own origin, no remote origin, no eval.
// 'wasm-unsafe-eval' lets tf.js and onnxruntime-web compile their WebAssembly (it allows no JS eval);
// blob: workers are tf.js wasm's threads (started from bundled source text); data: is the favicon.
// Styles set by React go through the CSSOM, which the policy does not restrict.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'prunelab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * tf.js wasm starts each pthread worker from the source text of its threaded module's factory
 * (`wasmFactoryThreadedSimd.toString()`, evaluated alone in a Blob), so that function must not read a
 * variable of the scope around it. Its one such read is Emscripten's
 * `typeof _scriptDir !== "undefined" && _scriptDir` (`_scriptDir` is declared by the IIFE around the
 * factory). The compressor rewrites a typeof test of a declared variable into `_scriptDir !== void 0`,
 * which throws a ReferenceError in the pthread worker, where `_scriptDir` does not exist: the threads
 * never start. In a worker `_scriptDir` is always undefined (no document.currentScript, no __filename),
 * so the read is replaced by `false` before minification, and the worker bundle is fully minified.
 */
function wasmThreadsFactory(): Plugin {
  const read = 'typeof _scriptDir !== "undefined" && _scriptDir';
  return {
    name: 'prunelab-wasm-threads-factory',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm-threaded-simd.js') || id.includes('.worker.js')) return null;
      if (!code.includes(read)) this.error(`tfjs-backend-wasm's threaded factory changed: '${read}' not found`);
      return { code: code.replace(read, 'false'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), coiServiceWorker(), contentSecurityPolicy()],
  worker: { format: 'es', plugins: () => [wasmThreadsFactory()], rolldownOptions: { output: { minify: true } } },
  // onnxruntime-web locates its wasm itself; pre-bundling would break that in the dev server
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});
