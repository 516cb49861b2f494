// The engine's Web Worker: runs the SafeRLHub engine (the Java run pipeline compiled by TeaVM) off
// the page's main thread, so the page stays responsive while an agent trains. It loads the
// WebAssembly (GC) build, or the plain JavaScript build where WebAssembly GC is missing or was
// refused, and answers one message per run:
//   → { type: 'experiment', fields, stop }  the same for a seed experiment (POST /api/experiments):
//                                        done's answer is the server's, with each seed's report
//   → { type: 'train', fields, stop }   fields: the run's fields (as for POST /api/runs);
//                                        stop: an Int32Array on a SharedArrayBuffer, or null
//   ← { type: 'ready', build }           once, when the engine has loaded ('wasm' or 'js')
//   ← { type: 'point', point }           each point of the learning curve
//   ← { type: 'done', answer }           { full, summary } or { error, field }
//   ← { type: 'failed', error }          the engine could not load or threw
//   → { type: 'api', id, method, path, body }   a request of the server's stateless API (lesson 2's
//                                        GridWorld, Blackjack hands; body: JSON text)
//   ← { type: 'api', id, answer }        { status, body }, as the server would answer; GridWorld
//                                        sessions stay in this worker while the page lives
//   ← { type: 'api', id, failed }        the engine could not load
// The page's Stop sets stop[0] = 1 where SharedArrayBuffer exists (the run then ends as cancelled
// with its result); elsewhere the page ends the worker.

const ENGINE = new URL('../engine/', import.meta.url);

/** A tiny module that uses a WebAssembly GC type: valid only where WebAssembly GC is supported. */
const GC_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 3, 1, 95, 0]);

export function wasmGcSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(GC_PROBE);
  } catch (e) {
    return false;
  }
}

let stopFlag = null;
let pending = null;

self.saferlhubPoint = (json) => {
  self.postMessage({ type: 'point', point: JSON.parse(json) });
};
self.saferlhubStopRequested = () => stopFlag !== null && Atomics.load(stopFlag, 0) !== 0;

async function loadWasm() {
  await import(new URL('saferlhub.wasm-runtime.js', ENGINE).href);
  const teavm = await self.TeaVM.wasmGC.load(new URL('saferlhub.wasm', ENGINE).href);
  const e = teavm.exports;
  return {
    build: 'wasm', train: (json) => e.train(json), experiment: (json) => e.experiment(json),
    api: (m, p, b) => e.api(m, p, b),
  };
}

async function loadJs() {
  const e = await import(new URL('saferlhub.js', ENGINE).href);
  return {
    build: 'js', train: (json) => e.train(json), experiment: (json) => e.experiment(json),
    api: (m, p, b) => e.api(m, p, b),
  };
}

async function load(preferJs) {
  if (!preferJs && wasmGcSupported()) {
    try {
      return await loadWasm();
    } catch (e) {
      // A browser that validates GC types but cannot run this module: use the JavaScript build.
    }
  }
  return loadJs();
}

function start(preferJs) {
  if (!pending) pending = load(preferJs);
  return pending;
}

self.onmessage = async (event) => {
  const message = event.data || {};
  let engine;
  try {
    engine = await start(message.preferJs === true);
  } catch (e) {
    const error = `The engine could not load: ${e && e.message ? e.message : e}`;
    self.postMessage(message.type === 'api' ? { type: 'api', id: message.id, failed: error } : { type: 'failed', error });
    return;
  }
  if (message.type === 'api') {
    let answer;
    try {
      answer = JSON.parse(engine.api(message.method, message.path, message.body || ''));
    } catch (e) {
      answer = { status: 500, body: { error: `The engine failed: ${e && e.message ? e.message : e}`, field: null } };
    }
    self.postMessage({ type: 'api', id: message.id, answer, build: engine.build });
    return;
  }
  if (message.type === 'load') {
    self.postMessage({ type: 'ready', build: engine.build });
    return;
  }
  if (message.type !== 'train' && message.type !== 'experiment') return;
  stopFlag = message.stop || null;
  self.postMessage({ type: 'ready', build: engine.build });
  try {
    const run = message.type === 'train' ? engine.train : engine.experiment;
    const answer = JSON.parse(run(JSON.stringify(message.fields || {})));
    self.postMessage({ type: 'done', answer });
  } catch (e) {
    self.postMessage({ type: 'failed', error: `The engine failed: ${e && e.message ? e.message : e}` });
  }
};
