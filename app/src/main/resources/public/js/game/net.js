// The game's calls to the site API (docs/api.md, "Site and community API"): every quiz question,
// and the opt-in high-score table. Errors reject with an ApiError whose message can be shown.
import { ApiError } from '../api.js';
import { learnerId } from '../store.js';

const TIMEOUT_MS = 20000;

/** Lets the high-score table know a score was saved: detail {rank, nickname, score}. */
export const SCORE_SAVED = 'saferlhub:score-saved';

async function send(method, url, body, extraHeaders = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    const headers = { Accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(e && e.name === 'AbortError'
      ? 'The server took too long to answer. Please try again.'
      : 'Could not reach the server. Check that it is running and try again.');
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    const raw = await response.text();
    data = raw ? JSON.parse(raw) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const retryAfter = response.headers.get('Retry-After');
    let message = data && typeof data.error === 'string' ? data.error : null;
    if (response.status === 429) {
      message = `Too many requests just now. Try again${retryAfter ? ` in ${retryAfter} seconds` : ' in a moment'}.`;
    } else if (response.status === 404 && !message) {
      message = 'This server does not offer that yet (404).';
    }
    throw new ApiError(message || `The server answered ${response.status}. Please try again.`, {
      status: response.status, field: data && typeof data.field === 'string' ? data.field : null, retryAfter,
    });
  }
  if (data === null && response.status !== 204) {
    throw new ApiError('The server sent an answer this page cannot read.', { status: response.status });
  }
  return data;
}

export const gameApi = {
  /** Every question of every lesson: GET /api/quizzes. */
  quizzes: () => send('GET', '/api/quizzes'),
  /** Saves a score: POST /api/scores → {id, rank}. */
  saveScore: (score) => send('POST', '/api/scores', score, { 'X-Learner-Id': learnerId() }),
  /** The best scores, best first: GET /api/scores?limit=n. */
  scores: (limit = 10) => send('GET', `/api/scores?limit=${encodeURIComponent(limit)}`),
};
