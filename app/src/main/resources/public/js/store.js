// The little state the widgets share: the last finished training run and the algorithm chosen
// in the training form. Widgets talk through DOM events on document, so any of them may be
// absent from a page.

export const RUN_FINISHED = 'run-finished';
export const RUN_STARTED = 'run-started';
export const ALGORITHM_CHANGED = 'algorithm-changed';

let lastRun = null;
let algorithm = null;

/** The last finished run: { id, result }, or null. */
export function getLastRun() {
  return lastRun;
}

/** Announces a finished run: document receives `run-finished` with detail { id, result }. */
export function publishRun(id, result) {
  lastRun = { id, result };
  document.dispatchEvent(new CustomEvent(RUN_FINISHED, { detail: { id, result } }));
}

/** Announces that a new run started (other widgets may mark their view as outdated). */
export function publishRunStarted(id, config) {
  document.dispatchEvent(new CustomEvent(RUN_STARTED, { detail: { id, config } }));
}

export function getAlgorithm() {
  return algorithm;
}

/** Announces the algorithm chosen in the training form: `algorithm-changed` { algorithm }. */
export function publishAlgorithm(id) {
  if (id === algorithm) return;
  algorithm = id;
  document.dispatchEvent(new CustomEvent(ALGORITHM_CHANGED, { detail: { algorithm: id } }));
}
