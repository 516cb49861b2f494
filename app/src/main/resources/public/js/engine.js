// The one way a page trains an agent, wherever the run happens. `train(fields, handlers)` runs the
// SafeRLHub engine in a Web Worker in this browser (WebAssembly GC, or plain JavaScript where that
// is missing); only where the browser cannot run the engine at all does it ask the server
// (POST /api/runs and its event stream), and a copy of the site without a server never does.
// Either way the widget gets the same points and the same report (docs/api.md, "The run report"):
// for the same fields and seed they are equal bit for bit.
//
//   const run = train(fields, { onStart, onPoint });
//   run.stop();                     // immediate
//   const end = await run.done;     // { result, summary, where, build, id, stopped }
//
// where: 'browser' or 'server'; build: 'wasm' or 'js' in the browser; result: the full report, or
// null when a run stopped where the browser cannot keep a stopped run's result; summary: the short
// report (what `saferlhub train --json` prints), for "Download run (JSON)".
import { api, ApiError } from './api.js';
import { isStatic } from './site-mode.js';

const WORKER_URL = new URL('./engine-worker.js', import.meta.url);

/** Whether this page is a copy of the site without a server (`saferlhub export-site`). */
export const withoutServer = isStatic;

/**
 * The engine the page's address asks for, read once when the page loads (widgets rewrite the
 * address later): `?engine=js` the JavaScript build, `?engine=server` the server; else the best
 * this browser runs.
 */
const REQUESTED = (() => {
  const value = new URLSearchParams(window.location.search).get('engine');
  return value === 'js' || value === 'server' ? value : 'auto';
})();

function requested() {
  return REQUESTED;
}

/** Words for where a run happened, for the page to show. */
export function whereText(end) {
  if (!end) return '';
  if (end.where === 'server') return 'Trained on the server.';
  return end.build === 'js'
    ? 'Trained in your browser, by the plain JavaScript build of the engine (this browser could not run the WebAssembly one).'
    : 'Trained in your browser (WebAssembly).';
}

// ----- the server's stateless API (GridWorld, Blackjack hands), answered by one worker that keeps GridWorld sessions -----

let apiWorker = null;
let apiBroken = false;
let apiNext = 1;
const apiPending = new Map();

/** Raised when the engine cannot answer here, so the caller asks the server instead. */
export class EngineUnavailable extends Error {}

function startApiWorker() {
  const worker = new Worker(WORKER_URL, { type: 'module' });
  worker.onmessage = (event) => {
    const m = event.data || {};
    const waiting = apiPending.get(m.id);
    if (m.type !== 'api' || !waiting) return;
    apiPending.delete(m.id);
    if (m.failed) {
      apiBroken = true;
      waiting.reject(new EngineUnavailable(m.failed));
    } else {
      waiting.resolve(m.answer);
    }
  };
  worker.onerror = (event) => {
    if (event && event.preventDefault) event.preventDefault();
    apiBroken = true;
    for (const waiting of apiPending.values()) waiting.reject(new EngineUnavailable('The engine stopped.'));
    apiPending.clear();
  };
  return worker;
}

/**
 * Sends one request of the server's stateless API (docs/api.md: the GridWorld API, Blackjack
 * hands) to the engine in this browser: resolves with the server's answer `{ status, body }`, or
 * rejects with EngineUnavailable where the engine cannot run here (the caller then asks the
 * server, if there is one).
 */
export function engineRequest(method, path, body) {
  if (requested() === 'server' || apiBroken || typeof Worker !== 'function') {
    return Promise.reject(new EngineUnavailable('The engine does not run in this page.'));
  }
  try {
    if (!apiWorker) apiWorker = startApiWorker();
  } catch (e) {
    apiBroken = true;
    return Promise.reject(new EngineUnavailable('The engine could not start.'));
  }
  const id = apiNext++;
  return new Promise((resolve, reject) => {
    apiPending.set(id, { resolve, reject });
    apiWorker.postMessage({
      type: 'api', id, method, path, body: body === undefined ? '' : JSON.stringify(body),
    });
  });
}

/**
 * One call of the server's stateless API, answered by the engine in this page where it runs and
 * by the server (through `server()`, a call of api.js) where it does not: resolves with the
 * answer's body or rejects with an ApiError, as api.js's calls do.
 */
export function localOrServer(method, path, body, server) {
  return engineRequest(method, path, body).then(({ status, body: answer }) => {
    if (status >= 200 && status < 300) return status === 204 ? null : answer;
    const message = answer && typeof answer.error === 'string' ? answer.error : `The engine answered ${status}.`;
    throw new ApiError(message, { status, field: answer && typeof answer.field === 'string' ? answer.field : null });
  }, (e) => {
    if (e instanceof EngineUnavailable) return server();
    throw e;
  });
}

/** Trains the run `fields` describes; see the top of this file. */
export function train(fields, handlers = {}) {
  const mode = requested();
  if (mode !== 'server' && typeof Worker === 'function') {
    return inBrowser(fields, handlers, mode === 'js');
  }
  if (withoutServer()) {
    const failed = Promise.reject(new ApiError('This browser cannot run the training engine, and '
      + 'this copy of SafeRLHub has no server to train on. Try a recent Chrome, Edge, Firefox or Safari.'));
    return { done: failed, stop() {} };
  }
  return onServer(fields, handlers);
}

/**
 * Trains a seed experiment (`fields` as for POST /api/experiments, `seeds` included): resolves
 * with `{ answer, where, build }`, the server's answer (`runs` empty in the browser, whose
 * `reports` hold each seed's run report to save).
 */
export function experiment(fields, handlers = {}) {
  const mode = requested();
  const onServerNow = () => {
    const done = api.experiment(fields, fields.seeds).then((answer) => ({ answer, where: 'server', build: null }));
    return { done, stop() {} };
  };
  if (mode === 'server' || typeof Worker !== 'function') {
    if (withoutServer()) {
      return { done: Promise.reject(new ApiError('This browser cannot run the training engine.')), stop() {} };
    }
    return onServerNow();
  }
  const run = inBrowser(fields, handlers, mode === 'js', 'experiment', onServerNow);
  return {
    done: run.done.then((end) => (end.answer ? end : { answer: end.result, where: end.where, build: end.build })),
    stop: run.stop,
  };
}

/**
 * A worker whose engine is loaded, kept from a run that ended normally for the next: loading and
 * compiling the engine takes a worker about as long as a million Blackjack episodes.
 */
let idleWorker = null;

function inBrowser(fields, handlers, preferJs, kind = 'train', serverFallback = null) {
  const toServer = () => (serverFallback ? serverFallback() : onServer(fields, handlers));
  let worker;
  try {
    worker = idleWorker || new Worker(WORKER_URL, { type: 'module' });
    idleWorker = null;
  } catch (e) {
    return withoutServer() ? { done: Promise.reject(new ApiError('This browser cannot start the training engine.')), stop() {} }
      : toServer();
  }
  const shared = typeof SharedArrayBuffer === 'function' && self.crossOriginIsolated === true;
  const stopFlag = shared ? new Int32Array(new SharedArrayBuffer(4)) : null;
  let build = null;
  let finish;
  let settled = false;
  let fallback = null;
  const done = new Promise((resolve, reject) => {
    finish = (ok, value, reusable = false) => {
      if (settled) return;
      settled = true;
      if (reusable && !idleWorker) {
        worker.onmessage = null;
        worker.onerror = null;
        idleWorker = worker;
      } else {
        worker.terminate();
      }
      if (ok) resolve(value); else reject(value);
    };
  });
  worker.onmessage = (event) => {
    const m = event.data || {};
    if (m.type === 'ready') {
      if (!build) {
        build = m.build;
        if (handlers.onStart) handlers.onStart({ where: 'browser', build });
      }
    } else if (m.type === 'point') {
      if (handlers.onPoint) handlers.onPoint(m.point);
    } else if (m.type === 'done') {
      const a = m.answer || {};
      if (a.error) {
        finish(false, new ApiError(a.error, { status: 400, field: a.field || null }), true);
      } else if (kind === 'experiment') {
        finish(true, { answer: a, where: 'browser', build }, true);
      } else {
        finish(true, { result: a.full, summary: a.summary, where: 'browser', build, id: null, stopped: false }, true);
      }
    } else if (m.type === 'failed') {
      if (!build && !withoutServer()) {
        // The engine did not load here: train on the server instead, and say so.
        settled = true;
        worker.terminate();
        fallback = toServer();
        fallback.done.then(resolveOuter, rejectOuter);
      } else {
        finish(false, new ApiError(m.error || 'The engine failed.'));
      }
    }
  };
  worker.onerror = (event) => {
    if (event && event.preventDefault) event.preventDefault();
    if (!build && !withoutServer() && !settled) {
      settled = true;
      worker.terminate();
      fallback = toServer();
      fallback.done.then(resolveOuter, rejectOuter);
    } else {
      finish(false, new ApiError('The training engine stopped unexpectedly.'));
    }
  };
  let resolveOuter;
  let rejectOuter;
  const outer = new Promise((resolve, reject) => {
    resolveOuter = resolve;
    rejectOuter = reject;
    done.then(resolve, reject);
  });
  worker.postMessage({ type: kind, fields, stop: stopFlag, preferJs });
  return {
    done: outer,
    stop() {
      if (fallback) {
        fallback.stop();
      } else if (stopFlag) {
        Atomics.store(stopFlag, 0, 1); // the trainer sees it within 1,024 episodes and keeps its result
      } else {
        finish(true, { result: null, summary: null, where: 'browser', build, id: null, stopped: true });
      }
    },
  };
}

function onServer(fields, handlers) {
  let id = null;
  let source = null;
  let finish;
  let settled = false;
  const close = () => {
    if (source) source.close();
    source = null;
  };
  const done = new Promise((resolve, reject) => {
    finish = (ok, value) => {
      if (settled) return;
      settled = true;
      close();
      if (ok) resolve(value); else reject(value);
    };
  });
  const ended = (result) => finish(true, { result, summary: null, where: 'server', build: null, id, stopped: false });
  (async () => {
    let started;
    try {
      started = await api.startRun(fields);
    } catch (e) {
      finish(false, e);
      return;
    }
    id = started.id;
    if (settled) { // stopped while starting
      api.stopRun(id).catch(() => null);
      return;
    }
    if (handlers.onStart) handlers.onStart({ where: 'server', build: null, id, config: started.config });
    source = new EventSource(api.eventsUrl(id));
    const read = (fn) => (event) => {
      let data = {};
      try {
        data = event.data ? JSON.parse(event.data) : {};
      } catch (e) {
        finish(false, new ApiError('The server sent progress this page cannot read.'));
        return;
      }
      fn(data);
    };
    source.addEventListener('progress', read((p) => { if (!settled && handlers.onPoint) handlers.onPoint(p); }));
    source.addEventListener('done', read((r) => ended(r)));
    source.addEventListener('cancelled', read((d) => finish(true, {
      result: null, summary: null, where: 'server', build: null, id, stopped: true, error: d && d.error,
    })));
    source.addEventListener('failed', read((d) => finish(false, new ApiError(`Training failed: ${(d && d.error) || 'unknown error'}.`))));
    source.onerror = async () => {
      close();
      if (settled) return;
      try {
        const run = await api.run(id);
        if (run.status === 'done' && run.result) {
          ended(run.result);
          return;
        }
        finish(false, new ApiError(`Lost the connection to the training run (it is now ${run.status}). Press Train to start again.`));
      } catch (e) {
        finish(false, new ApiError(`Lost the connection to the training run. ${e.message}`));
      }
    };
  })();
  return {
    done,
    stop() {
      const runId = id;
      finish(true, { result: null, summary: null, where: 'server', build: null, id, stopped: true });
      if (runId) api.stopRun(runId).catch(() => null);
    },
  };
}
