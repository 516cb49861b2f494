// The little state the widgets share: the anonymous learner id, the last finished training run
// and the algorithm chosen in the training form. Widgets talk through DOM events on document,
// so any of them may be absent from a page.

export const RUN_FINISHED = 'run-finished';
export const RUN_STARTED = 'run-started';
export const ALGORITHM_CHANGED = 'algorithm-changed';
/** The training form changed: detail { values } (the form's raw strings, keyed as in the API). */
export const CONFIG_CHANGED = 'config-changed';

/** localStorage key of the learner id (docs/api.md, "Learner identity"). */
export const LEARNER_KEY = 'saferlhub.learner';
/** localStorage key of the id of the learner's last finished Blackjack run. */
export const LAST_RUN_KEY = 'saferlhub.lastRun.blackjack';

const LEARNER_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

let lastRun = null;
let algorithm = null;
let learner = null;

function storageGet(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null; // storage blocked (private mode, sandboxed frame)
  }
}

function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch (e) {
    return false;
  }
}

/** A random version-4 UUID; crypto.randomUUID exists only in secure contexts (https, localhost). */
function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID();
  }
  const b = new Uint8Array(16);
  window.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * This browser's anonymous learner id: made once, kept in localStorage["saferlhub.learner"] and
 * sent as X-Learner-Id. If storage is blocked the id lasts as long as the page.
 */
export function learnerId() {
  if (learner) return learner;
  const stored = storageGet(LEARNER_KEY);
  if (stored && LEARNER_PATTERN.test(stored)) {
    learner = stored;
  } else {
    learner = randomId();
    storageSet(LEARNER_KEY, learner);
  }
  return learner;
}

/** Remembers the id of the learner's last finished run (survives reloads). */
export function rememberLastRun(id) {
  if (id) storageSet(LAST_RUN_KEY, id);
}

/** The id of the learner's last finished run in this browser, or null. */
export function lastRunId() {
  return storageGet(LAST_RUN_KEY);
}

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

/** Announces the training form's values: `config-changed` { values }. */
export function publishConfig(values) {
  document.dispatchEvent(new CustomEvent(CONFIG_CHANGED, { detail: { values } }));
}
