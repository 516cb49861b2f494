// The HTTP API (docs/api.md) and the site's one HTTP client: every widget calls the server through
// `request` here. Every call resolves with parsed JSON or rejects with an ApiError whose message is
// a sentence fit to show to the learner; nothing hangs for ever. Every call carries the anonymous
// learner id (X-Learner-Id), so runs, progress and answers stay together.
import { learnerId } from './store.js';

const TIMEOUT_MS = 30000;
/** A seed experiment trains up to 10 runs one after another. */
const EXPERIMENT_TIMEOUT_MS = 300000;

const BUSY_TRAINING = (wait) => `The server is busy training other agents. Try again${wait}.`;
const BUSY_WRITES = (wait) => `The server has received many answers in a short time. Try again${wait}.`;

export class ApiError extends Error {
  constructor(message, { status = 0, field = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    this.retryAfter = retryAfter;
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
  const headers = headersFor('application/json', options.headers);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(method, url, {
    body, headers, timeout: options.timeout, keepalive: options.keepalive,
  });
  if (!response.ok) throw await failure(response, options.busy, options.notFound);
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
  const response = await send('GET', url, { headers: headersFor('text/csv, */*', headers) });
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
