// onnxruntime-web in the worker: its wasm binary is served by Vite (a `?url` import) instead of being
// looked up beside the bundle, where a dev server would answer with its HTML page.
import * as ort from 'onnxruntime-web';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

ort.env.wasm.wasmPaths = { wasm: ortWasm };
