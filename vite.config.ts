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

// The worker bundle is emitted as an ES module, minified by renaming and whitespace only: tf.js wasm
// starts its pthread workers from the source text of a bundled function (the threaded module's
// factory, stringified into a Blob), and the compressor's rewrites of that function break the
// threads (the backend never starts); renaming inside it is consistent and keeps them working
// (3.3 MB instead of 5.0 MB unminified; full minification would save 0.1 MB more). Wasm binaries are
// imported with `?url`.
export default defineConfig({
  plugins: [react(), coiServiceWorker(), contentSecurityPolicy()],
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: true, codegen: true } } } },
  // onnxruntime-web locates its wasm itself; pre-bundling would break that in the dev server
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});
