// The game's calls to the site API (docs/api.md, "The game"): a round played on the server (which
// keeps the answer key, grades each answer and computes the score), the opt-in high-score table,
// and, for a copy of the site without a server, every quiz question. Errors reject with an
// ApiError whose message can be shown.
import { request } from '../api.js';

const TIMEOUT_MS = 20000;

/** Lets the high-score table know a score was saved: detail {rank, nickname, score}. */
export const SCORE_SAVED = 'saferlhub:score-saved';

const BUSY = (wait) => `Too many requests just now. Try again${wait}.`;

/** One call through the site's HTTP client, worded for the game. */
function send(method, url, body) {
  return request(method, url, body, {
    timeout: TIMEOUT_MS, busy: BUSY, empty: true,
    notFound: 'This server does not offer that yet (404).',
  });
}

const enc = encodeURIComponent;

export const gameApi = {
  /** The rules and the size of the question pool: GET /api/games/rules. */
  rules: () => send('GET', '/api/games/rules'),
  /** Starts a round: POST /api/games → the round's state {id, seed, lives, score, …}. */
  start: (seed) => send('POST', '/api/games', { seed }),
  /** The question waiting for an answer, without its answer key: → {number, question, game}. */
  next: (id) => send('POST', `/api/games/${enc(id)}/next`, {}),
  /** Grades one answer (an option index, or null when the time ran out) → the right option, why, and the points. */
  answer: (id, question, option) => send('POST', `/api/games/${enc(id)}/answers`,
    { question, option: option === undefined ? null : option }),
  /** Saves a finished round's score under a nickname: POST /api/scores → {id, rank, score, …}. */
  saveScore: (game, nickname) => send('POST', '/api/scores', { game, nickname }),
  /** The best scores, best first: GET /api/scores?limit=n. */
  scores: (limit = 10) => send('GET', `/api/scores?limit=${encodeURIComponent(limit)}`),
  /** Every question of every lesson, answers included: GET /api/quizzes (a copy without a server). */
  quizzes: () => send('GET', '/api/quizzes'),
};
