// The learner's progress kept in this browser, for a copy of the site without a server
// (site-mode.js): api.js answers GET and POST /api/progress from here, with the server's answers
// and rules (docs/api.md, "Site and community API"), so the learning path, lesson visits and quiz
// scores work the same. Stored in localStorage["saferlhub.progress"]; if storage is blocked it
// lasts as long as the page.

const KEY = 'saferlhub.progress';
const MODULE = /^[a-z0-9-]{1,40}$/;
/** A quiz attempt passes at 70 % or more, as on the server. */
const passes = (score, total) => 10 * score >= 7 * total;

let memory = {};

function load() {
  try {
    const data = JSON.parse(window.localStorage.getItem(KEY) || '{}');
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  } catch (e) {
    return memory;
  }
}

function save(modules) {
  memory = modules;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(modules));
  } catch (e) {
    // Kept in memory only.
  }
}

/** An Error with the field's name, as the server's 400 answers have. */
function invalid(field, message) {
  const error = new Error(message);
  error.field = field;
  return error;
}

/**
 * GET → { modules: { <module>: { visited, quizBest, quizTotal, quizPassed } } }; POST { module,
 * event: 'visited' } or { module, event: 'quiz', score, total } → null. Throws an Error with a
 * `field` for input the server would refuse.
 */
export function localProgress(method, body) {
  const modules = load();
  if (method === 'GET') return { modules };
  if (method !== 'POST') throw invalid('method', `progress is read with GET and written with POST, not ${method}`);
  const { module, event, score, total } = body || {};
  if (typeof module !== 'string' || !MODULE.test(module)) {
    throw invalid('module', "module must be 1 to 40 characters of a-z, 0-9 and '-'");
  }
  const p = modules[module] || { visited: false, quizBest: 0, quizTotal: 0, quizPassed: false };
  if (event === 'visited') {
    p.visited = true;
  } else if (event === 'quiz') {
    if (!Number.isInteger(total) || total < 1) throw invalid('total', 'total must be a whole number of at least 1');
    if (!Number.isInteger(score) || score < 0 || score > total) {
      throw invalid('score', `score must be a whole number from 0 to ${total}`);
    }
    // The best attempt has the higher share of right answers, then the higher score.
    const ratio = score * p.quizTotal - p.quizBest * total;
    if (p.quizTotal === 0 || ratio > 0 || (ratio === 0 && score > p.quizBest)) {
      p.quizBest = score;
      p.quizTotal = total;
    }
    p.quizPassed = p.quizPassed || passes(score, total);
  } else {
    throw invalid('event', 'event must be one of visited, quiz');
  }
  modules[module] = p;
  save(modules);
  return null;
}
