// The game's calls to the site API (docs/api.md, "Site and community API"): every quiz question,
// and the opt-in high-score table. Errors reject with an ApiError whose message can be shown.
import { request } from '../api.js';
import { learnerId } from '../store.js';

const TIMEOUT_MS = 20000;

/** Lets the high-score table know a score was saved: detail {rank, nickname, score}. */
export const SCORE_SAVED = 'saferlhub:score-saved';

const BUSY = (wait) => `Too many requests just now. Try again${wait}.`;

/** One call through the site's HTTP client, worded for the game. */
function send(method, url, body, extraHeaders = {}) {
  return request(method, url, body, {
    headers: extraHeaders, timeout: TIMEOUT_MS, busy: BUSY, empty: true,
    notFound: 'This server does not offer that yet (404).',
  });
}

export const gameApi = {
  /** Every question of every lesson: GET /api/quizzes. */
  quizzes: () => send('GET', '/api/quizzes'),
  /** Saves a score: POST /api/scores → {id, rank}. */
  saveScore: (score) => send('POST', '/api/scores', score, { 'X-Learner-Id': learnerId() }),
  /** The best scores, best first: GET /api/scores?limit=n. */
  scores: (limit = 10) => send('GET', `/api/scores?limit=${encodeURIComponent(limit)}`),
};
