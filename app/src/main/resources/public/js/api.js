// The HTTP API (docs/api.md) and the site's one HTTP client: every widget calls the server through
// `request` here. Every call resolves with parsed JSON or rejects with an ApiError whose message is
// a sentence fit to show to the learner; nothing hangs for ever. Every call carries the anonymous
// learner id (X-Learner-Id), so runs, progress and answers stay together.
//
// On a copy of the site without a server (`saferlhub export-site`, see site-mode.js) the same
// calls work where they can: GETs of fixed data read the copy's JSON files, progress is kept in
// this browser (local-progress.js), and whatever needs a server goes to the one the copy was made
// with (--server) or rejects at once with an ApiError whose `noServer` is true and whose message
// says politely what is not available.
import { learnerId } from './store.js';
import { dataFile, isStatic, serverUrl } from './site-mode.js';
import { localProgress } from './local-progress.js';

const TIMEOUT_MS = 30000;
/** A seed experiment trains up to 10 runs one after another. */
const EXPERIMENT_TIMEOUT_MS = 300000;

const BUSY_TRAINING = (wait) => `The server is busy training other agents. Try again${wait}.`;
const BUSY_WRITES = (wait) => `The server has received many answers in a short time. Try again${wait}.`;

export class ApiError extends Error {
  constructor(message, { status = 0, field = null, retryAfter = null, noServer = false } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    this.retryAfter = retryAfter;
    /** True when the call needs a SafeRLHub server and this copy of the site has none. */
    this.noServer = noServer;
  }
}

/** What each route that needs a server offers, for the sentence a copy without one shows. */
const SERVER_FEATURES = [
  ['POST', /^\/api\/runs$/, 'training on a server'],
  [null, /^\/api\/runs\/[^/]+\/hand$/, 'dealing hands to a saved agent'],
  [null, /^\/api\/runs(\/|$)/, 'saving and reopening runs'],
  [null, /^\/api\/experiments$/, 'training several seeds at once'],
  [null, /^\/api\/blackjack\/hand$/, 'dealing Blackjack hands'],
  [null, /^\/api\/gridworld\//, 'this GridWorld tool'],
  [null, /^\/api\/lab\//, 'the policy lab'],
  [null, /^\/api\/scores$/, 'the shared high-score table'],
  [null, /^\/api\/feedback$/, 'sending feedback'],
  [null, /^\/api\/admin\//, 'reading the feedback answers'],
];

/** The polite sentence for a feature a copy without a server cannot offer. */
export function withoutServer(feature = 'this feature') {
  return `This copy of SafeRLHub runs without a server, so ${feature} is not available here.`;
}

function featureOf(method, url) {
  const path = url.split(/[?#]/)[0];
  const match = SERVER_FEATURES.find(([m, route]) => (m === null || m === method) && route.test(path));
  return match ? match[2] : undefined;
}

/**
 * Where a call goes: on the server's own pages, `url` itself. On a copy without a server, a GET
 * the copy holds as a file goes to that file; anything else goes to the server the copy was made
 * with, or rejects at once with a polite ApiError (noServer).
 */
function destination(method, url) {
  if (!isStatic()) return url;
  const file = method === 'GET' ? dataFile(url) : null;
  if (file) return file;
  const server = serverUrl();
  if (server && url.startsWith('/')) return server + url.slice(1);
  throw new ApiError(withoutServer(featureOf(method, url)), { noServer: true });
}

const PROGRESS = /^\/api\/progress(?:[?#]|$)/;

/** /api/progress on a copy of the site: kept in this browser, answered like the server does. */
function progressHere(method, body) {
  try {
    return localProgress(method, body);
  } catch (e) {
    throw new ApiError(e.message, { status: 400, field: e.field || null });
  }
}

/** The headers every call sends, plus `extra`. */
function headersFor(accept, extra) {
  const headers = { Accept: accept, ...(extra || {}) };
  const id = learnerId();
  if (id) headers['X-Learner-Id'] = id;
  return headers;
}

/** fetch with a time limit; network failures become an ApiError with a readable message. */
async function send(method, url, { body, headers, timeout = TIMEOUT_MS, keepalive = false } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    return await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
      keepalive,
    });
  } catch (e) {
    const timedOut = e && e.name === 'AbortError';
    throw new ApiError(
      timedOut
        ? 'The server took too long to answer. Please try again.'
        : 'Could not reach the server. Check that it is running and try again.',
    );
  } finally {
    clearTimeout(timer);
  }
}

async function readJson(response) {
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/**
 * The ApiError for a response that is not 2xx; `busy` words the 429 sentence, `notFound` a 404
 * the server did not explain.
 */
async function failure(response, busy = BUSY_TRAINING, notFound = null) {
  const data = await readJson(response);
  const retryAfter = response.headers.get('Retry-After');
  let message = data && typeof data.error === 'string' ? data.error : null;
  if (response.status === 429) {
    message = busy(retryAfter ? ` in ${retryAfter} seconds` : ' in a moment');
  } else if (response.status === 404 && !message && notFound) {
    message = notFound;
  }
  return new ApiError(message || `The server answered ${response.status}. Please try again.`, {
    status: response.status,
    field: data && typeof data.field === 'string' ? data.field : null,
    retryAfter,
  });
}

/**
 * One JSON call, the only way the site talks to its server. options: headers (extra), timeout
 * (ms), busy (words the 429 message), notFound (the sentence for an unexplained 404), keepalive
 * (the call may finish while the page unloads), empty: true when 201/204 without a body is a
 * success.
 */
export async function request(method, url, body, options = {}) {
  if (isStatic() && PROGRESS.test(url)) return progressHere(method, body);
  const target = destination(method, url);
  const headers = headersFor('application/json', options.headers);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(method, target, {
    body, headers, timeout: options.timeout, keepalive: options.keepalive,
  });
  if (!response.ok) {
    const fromCopy = isStatic() && target === dataFile(url);
    throw await failure(response, options.busy,
      fromCopy ? 'This copy of SafeRLHub does not include that.' : options.notFound);
  }
  if (response.status === 204) return null;
  const data = await readJson(response);
  if (data === null && options.empty) return null;
  if (data === null) {
    throw new ApiError('The server sent an answer this page cannot read.', { status: response.status });
  }
  return data;
}

/** A non-JSON download (e.g. CSV) as a Blob. */
async function download(url, headers) {
  const response = await send('GET', destination('GET', url), { headers: headersFor('text/csv, */*', headers) });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

const enc = encodeURIComponent;
const bearer = (token) => ({ Authorization: `Bearer ${token}` });

export const api = {
  rules: () => request('GET', '/api/blackjack/rules'),
  hand: (rules, seed, actions) => request('POST', '/api/blackjack/hand', { rules, seed, actions }),
  startRun: (config) => request('POST', '/api/runs', config),
  /** Saves a run this browser trained: { config, result } → { id }. */
  saveRun: (config, result) => request('POST', '/api/runs/saved', { config, result }),
  stopRun: (id) => request('DELETE', `/api/runs/${enc(id)}`),
  run: (id) => request('GET', `/api/runs/${enc(id)}`),
  agentHand: (id, seed) => request('POST', `/api/runs/${enc(id)}/hand`, { seed }),
  source: (algorithm) => request('GET', `/api/source/${enc(algorithm)}`),
  eventsUrl: (id) => `/api/runs/${enc(id)}/events`,
  /** This learner's saved runs, newest first. */
  myRuns: () => request('GET', '/api/runs'),
  /** Trains seeds seed, seed+1, … with one configuration; answers when all are done. */
  experiment: (config, seeds) => request('POST', '/api/experiments', { ...config, seeds },
    { timeout: EXPERIMENT_TIMEOUT_MS }),
  sendFeedback: (answers) => request('POST', '/api/feedback', answers, { busy: BUSY_WRITES, empty: true }),
  adminFeedback: (token) => request('GET', '/api/admin/feedback', undefined, { headers: bearer(token) }),
  adminFeedbackCsv: (token) => download('/api/admin/feedback.csv', bearer(token)),
};
