// The HTTP API (docs/api.md). Every call resolves with parsed JSON or rejects with an ApiError
// whose message is a sentence fit to show to the learner; nothing hangs for ever.

const TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(message, { status = 0, field = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

async function request(method, url, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
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
  if (response.status === 204) return null;
  let data = null;
  try {
    const text = await response.text();
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const retryAfter = response.headers.get('Retry-After');
    let message = data && typeof data.error === 'string' ? data.error : null;
    if (response.status === 429) {
      message = `The server is busy training other agents. Try again${
        retryAfter ? ` in ${retryAfter} seconds` : ' in a moment'
      }.`;
    }
    throw new ApiError(message || `The server answered ${response.status}. Please try again.`, {
      status: response.status,
      field: data && typeof data.field === 'string' ? data.field : null,
      retryAfter,
    });
  }
  if (data === null) {
    throw new ApiError('The server sent an answer this page cannot read.', { status: response.status });
  }
  return data;
}

const enc = encodeURIComponent;

export const api = {
  rules: () => request('GET', '/api/blackjack/rules'),
  hand: (rules, seed, actions) => request('POST', '/api/blackjack/hand', { rules, seed, actions }),
  startRun: (config) => request('POST', '/api/runs', config),
  stopRun: (id) => request('DELETE', `/api/runs/${enc(id)}`),
  run: (id) => request('GET', `/api/runs/${enc(id)}`),
  agentHand: (id, seed) => request('POST', `/api/runs/${enc(id)}/hand`, { seed }),
  source: (algorithm) => request('GET', `/api/source/${enc(algorithm)}`),
  eventsUrl: (id) => `/api/runs/${enc(id)}/events`,
};
