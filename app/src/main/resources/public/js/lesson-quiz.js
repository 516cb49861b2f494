// <lesson-quiz lesson="blackjack">: the lesson's quiz (GET /api/quizzes/{lesson}), one question at
// a time. Each answer is checked at once and explained, right or wrong; the end shows the score, a
// review of every question and a retry. The score goes to the learner's progress
// (POST /api/progress). "your-run" questions are about the learner's latest trained agent
// (localStorage["saferlhub.lastRun.<lesson>"], then GET /api/runs/{id}, or a run that finishes on
// this page): their text is filled from the run, and the right option is computed from the run's
// policy against the optimal one. A "your-run" question with an env (a safety gridworld) is about
// the learner's latest agent on that world (<safety-train>: its 'safety-run' event, or
// localStorage["saferlhub.lastSafetyRun.<env>"]): right is [match] when the learned policy's
// performance kept up with its reward. Without a run they are left out, with a note saying why.
import { h, int, num, setChildren, uid } from './dom.js';
import { learnerRequest, postProgress } from './site.js';

const ALGORITHM_NAMES = {
  'q-learning': 'Q-learning', sarsa: 'SARSA', 'monte-carlo': 'Monte Carlo', 'expected-sarsa': 'Expected SARSA',
  'sarsa-lambda': 'SARSA(λ)', 'dyna-q': 'Dyna-Q', 'reinforce-baseline': 'REINFORCE with baseline',
};
const DEFAULT_PASS_PERCENT = 70;

class LessonQuiz extends HTMLElement {
  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.lesson = this.getAttribute('lesson') || 'blackjack';
    this.run = null; // { id, result } of the learner's latest run, once known
    this.titleId = uid('quiz-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', this.titleId);
    this.heading = h('h3', { class: 'widget-title', id: this.titleId }, 'Quiz');
    this.body = h('div', { class: 'quiz-body' });
    this.append(this.heading, this.body);
    // A run that finishes on this page is the learner's latest (train-agent announces it).
    this.onRun = (event) => {
      const detail = event.detail || {};
      if (detail.result && detail.result.policy) {
        this.run = { id: detail.id, result: detail.result };
        if (this.dataset.state !== 'question' && this.dataset.state !== 'checked') this.refreshRunNote();
      }
    };
    document.addEventListener('run-finished', this.onRun);
    // A safety-gridworld agent trained on this page (safety-train announces it).
    this.safetyRuns = {};
    this.onSafetyRun = (event) => {
      const detail = event.detail || {};
      if (!detail.env) return;
      this.safetyRuns[detail.env] = detail;
      if (this.dataset.state !== 'question' && this.dataset.state !== 'checked') this.refreshRunNote();
    };
    document.addEventListener('safety-run', this.onSafetyRun);
    this.load();
  }

  disconnectedCallback() {
    document.removeEventListener('run-finished', this.onRun);
    document.removeEventListener('safety-run', this.onSafetyRun);
  }

  /** The learner's latest agent on a safety gridworld: from this page, else from storage. */
  safetyRun(env) {
    if (this.safetyRuns[env]) return this.safetyRuns[env];
    try {
      const stored = JSON.parse(window.localStorage.getItem(`saferlhub.lastSafetyRun.${env}`) || 'null');
      if (stored && typeof stored.greedyReturn === 'number' && typeof stored.greedyPerformance === 'number') return stored;
    } catch (e) {
      // Storage off or unreadable: no run.
    }
    return null;
  }

  // ----- loading -----

  async load() {
    this.setState('loading');
    setChildren(this.body, h('p', { class: 'widget-note' }, 'Loading the quiz…'));
    try {
      const [quiz] = await Promise.all([
        learnerRequest('GET', `/api/quizzes/${encodeURIComponent(this.lesson)}`),
        this.loadLatestRun(),
      ]);
      if (!quiz || !Array.isArray(quiz.questions)) throw new Error('The quiz could not be read.');
      this.quiz = quiz;
      this.heading.textContent = quiz.title || 'Quiz';
      this.start();
    } catch (e) {
      this.setState('error');
      setChildren(this.body,
        h('p', { class: 'error-box', role: 'alert' }, `The quiz could not be loaded. ${e.message}`),
        h('button', { type: 'button', class: 'btn', 'data-action': 'reload', onclick: () => this.load() }, 'Try again'));
    }
  }

  /** The learner's latest run for this lesson from storage; never rejects. */
  async loadLatestRun() {
    if (this.run) return;
    let id = null;
    try {
      id = window.localStorage.getItem(`saferlhub.lastRun.${this.lesson}`);
    } catch (e) {
      id = null;
    }
    if (!id) return;
    try {
      const run = await learnerRequest('GET', `/api/runs/${encodeURIComponent(id)}`);
      if (!this.run && run && run.result && run.result.policy && run.result.optimalPolicy) {
        this.run = { id, result: run.result };
      }
    } catch (e) {
      // The run is gone (for example a fresh server): treat it as no run.
    }
  }

  // ----- one attempt -----

  /** Builds the question list of a new attempt: fixed questions, plus run questions if possible. */
  start() {
    const all = this.quiz.questions;
    this.skipped = 0;
    this.questions = [];
    for (const q of all) {
      if (q.kind === 'your-run' && q.env) {
        const run = this.safetyRun(q.env);
        const resolved = run ? resolveSafetyQuestion(q, run) : null;
        if (resolved) this.questions.push(resolved);
        else this.skipped += 1;
      } else if (q.kind === 'your-run') {
        const resolved = this.run ? resolveRunQuestion(q, this.run.result) : null;
        if (resolved) this.questions.push(resolved);
        else this.skipped += 1;
      } else {
        this.questions.push({
          id: q.id, kind: q.kind, prompt: q.prompt,
          options: q.options.map((o) => ({ text: o.text, correct: o.correct === true, explanation: o.explanation })),
        });
      }
    }
    this.answers = [];
    this.index = 0;
    this.showIntro();
  }

  showIntro() {
    this.setState('intro');
    const pass = this.quiz.passPercent || DEFAULT_PASS_PERCENT;
    this.runNote = h('p', { class: 'widget-note', 'data-role': 'run-note' });
    this.fillRunNote();
    const begin = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'start', onclick: () => this.showQuestion(true),
    }, 'Start the quiz');
    setChildren(this.body,
      h('p', {}, `${this.questions.length} questions, one at a time. Pick an answer and check it: every answer comes `
        + `with an explanation, whether it is right or wrong. ${pass} % or more passes, and you can retry as often as you like.`),
      this.runNote,
      h('div', { class: 'toolbar' }, begin));
  }

  fillRunNote() {
    if (!this.runNote) return;
    const runQuestions = this.quiz.questions.filter((q) => q.kind === 'your-run').length;
    const safetyQuestions = this.quiz.questions.filter((q) => q.kind === 'your-run' && q.env).length;
    if (runQuestions === 0) {
      this.runNote.hidden = true;
    } else if (safetyQuestions > 0) {
      setChildren(this.runNote, this.skipped > 0
        ? `${this.skipped} more ${this.skipped === 1 ? 'question is' : 'questions are'} about agents you train `
          + 'on this page. Train them above, then retry the quiz to get them.'
        : `${runQuestions} ${runQuestions === 1 ? 'question is' : 'questions are'} about the agents you trained.`);
    } else if (this.skipped > 0) {
      setChildren(this.runNote,
        `${this.skipped} more ${this.skipped === 1 ? 'question is' : 'questions are'} about your own agent. `,
        h('a', { href: '#train-an-agent' }, 'Train an agent'),
        ' first, then retry the quiz to get them.');
    } else {
      const config = (this.run.result && this.run.result.config) || {};
      const name = ALGORITHM_NAMES[config.algorithm] || 'your';
      setChildren(this.runNote,
        `${runQuestions} ${runQuestions === 1 ? 'question is' : 'questions are'} about your latest agent `
        + `(${name}${config.episodes ? `, ${int(config.episodes)} episodes` : ''}).`);
    }
  }

  /** A run arrived while no attempt was in progress: use it now. */
  refreshRunNote() {
    if (!this.quiz) return;
    if (this.dataset.state === 'intro') this.start();
    else if (this.dataset.state === 'done' && this.retryNote) {
      this.retryNote.textContent = 'You have a newly trained agent: retry to get questions about it.';
    }
  }

  showQuestion(focus) {
    this.setState('question');
    const q = this.questions[this.index];
    const name = uid(`quiz-${q.id}`);
    const legendId = uid('quiz-prompt');
    this.form = h('form', { class: 'quiz-question', novalidate: true, 'data-question-id': q.id });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.check();
    });
    const fieldset = h('fieldset', {},
      h('legend', { id: legendId, tabindex: '-1', class: 'quiz-prompt' },
        h('span', { class: 'quiz-count' }, `Question ${this.index + 1} of ${this.questions.length}`),
        q.prompt.split('\n\n').map((para) => h('span', { class: 'quiz-para' }, para))));
    q.options.forEach((o, i) => {
      const id = `${name}-${i}`;
      fieldset.append(h('div', { class: 'quiz-option', 'data-option': String(i) },
        h('input', { type: 'radio', id, name, value: String(i) }),
        h('label', { for: id }, o.text)));
    });
    this.message = h('p', { class: 'field-error', 'data-role': 'pick-first', 'aria-live': 'polite' });
    this.feedback = h('div', { class: 'quiz-feedback', 'data-role': 'feedback', tabindex: '-1', hidden: true });
    this.checkButton = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'check' }, 'Check answer');
    const last = this.index === this.questions.length - 1;
    this.nextButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'next', hidden: true, onclick: () => this.next(),
    }, last ? 'See your score' : 'Next question');
    this.form.append(fieldset, this.message, h('div', { class: 'toolbar' }, this.checkButton), this.feedback,
      h('div', { class: 'toolbar' }, this.nextButton));
    setChildren(this.body, this.form);
    if (focus) this.form.querySelector('legend').focus();
  }

  check() {
    const q = this.questions[this.index];
    const picked = this.form.querySelector('input[type=radio]:checked');
    if (!picked) {
      this.message.textContent = 'Pick an answer first.';
      return;
    }
    this.message.textContent = '';
    const chosen = Number(picked.value);
    const right = q.options.findIndex((o) => o.correct);
    const ok = chosen === right;
    this.answers.push({ question: q, chosen, right, ok });
    for (const input of this.form.querySelectorAll('input[type=radio]')) input.disabled = true;
    for (const row of this.form.querySelectorAll('.quiz-option')) {
      const i = Number(row.dataset.option);
      if (i === right) {
        row.classList.add('right');
        row.querySelector('label').append(h('span', { class: 'quiz-mark' }, ' ✓ right answer'));
      } else if (i === chosen) {
        row.classList.add('wrong');
        row.querySelector('label').append(h('span', { class: 'quiz-mark' }, ' ✕ your answer'));
      }
    }
    const parts = [
      h('p', { class: `quiz-verdict ${ok ? 'right' : 'wrong'}`, 'data-role': 'verdict' }, ok ? 'Right.' : 'Not quite.'),
      h('p', { 'data-role': 'explanation' }, q.options[chosen].explanation),
    ];
    if (!ok) {
      parts.push(
        h('p', { class: 'quiz-right-answer' }, h('strong', {}, 'The right answer: '), q.options[right].text),
        h('p', { 'data-role': 'right-explanation' }, q.options[right].explanation));
    }
    setChildren(this.feedback, parts);
    this.feedback.hidden = false;
    this.checkButton.hidden = true;
    this.nextButton.hidden = false;
    this.setState('checked');
    this.feedback.focus();
  }

  next() {
    this.index += 1;
    if (this.index < this.questions.length) this.showQuestion(true);
    else this.finish();
  }

  finish() {
    this.setState('done');
    const total = this.answers.length;
    const score = this.answers.filter((a) => a.ok).length;
    const percent = total ? Math.round((100 * score) / total) : 0;
    const pass = this.quiz.passPercent || DEFAULT_PASS_PERCENT;
    const passed = total > 0 && score * 100 >= pass * total;
    this.dataset.score = String(score);
    this.dataset.total = String(total);
    const title = h('h4', { class: 'quiz-score', tabindex: '-1', 'data-role': 'score' },
      `Your score: ${score} of ${total} (${percent} %)`);
    const verdict = h('p', { class: `quiz-verdict ${passed ? 'right' : 'wrong'}` }, passed
      ? 'Passed. Well done.'
      : `Not passed yet: ${pass} % passes. Read the explanations below, then try again.`);
    const saved = h('p', { class: 'widget-note', 'data-role': 'saved', 'aria-live': 'polite' }, 'Saving to your progress…');
    this.retryNote = h('p', { class: 'widget-note' });
    if (this.skipped > 0) {
      this.retryNote.append(`${this.skipped} ${this.skipped === 1 ? 'question' : 'questions'} about your own agent `
        + 'were left out because you have not trained one yet. ',
      h('a', { href: '#train-an-agent' }, 'Train an agent'), ', then retry.');
    }
    const review = h('ol', { class: 'quiz-review', 'data-role': 'review' },
      this.answers.map((a) => reviewItem(a)));
    const retry = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'retry', onclick: () => {
        this.start();
        this.showQuestion(true);
      },
    }, 'Retry the quiz');
    setChildren(this.body, title, verdict, saved, this.retryNote,
      h('h4', { class: 'quiz-review-title' }, 'Review'), review, h('div', { class: 'toolbar' }, retry));
    title.focus();
    if (total > 0) {
      postProgress({ module: this.lesson, event: 'quiz', score, total }).then(
        () => {
          saved.textContent = 'Saved to your progress: the learning path on the home page shows your best score.';
          this.dataset.saved = 'true';
        },
        (e) => {
          saved.textContent = `Your score could not be saved to your progress. ${e.message}`;
          this.dataset.saved = 'false';
        },
      );
    } else {
      saved.textContent = '';
    }
  }

  setState(state) {
    this.dataset.state = state;
  }
}

/** One entry of the final review: the question, both answers and the explanations. */
function reviewItem(a) {
  const q = a.question;
  return h('li', { class: a.ok ? 'right' : 'wrong', 'data-question-id': q.id },
    h('p', { class: 'quiz-review-prompt' }, q.prompt.replace(/\n\n/g, ' ')),
    h('p', {}, h('strong', {}, a.ok ? '✓ Your answer (right): ' : '✕ Your answer: '), q.options[a.chosen].text),
    a.ok ? null : h('p', {}, h('strong', {}, 'Right answer: '), q.options[a.right].text),
    h('details', {},
      h('summary', {}, 'Why'),
      h('p', {}, q.options[a.chosen].explanation),
      a.ok ? null : h('p', {}, q.options[a.right].explanation)));
}

// ----- questions about the learner's own run -----

const DEALER = ['ace', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

/**
 * Fills a your-run question from a run result (docs/api.md): texts get the placeholders, and the
 * [match] option is right when the agent's greedy action in the cell is the optimal one.
 * Returns null if the run lacks that cell.
 */
export function resolveRunQuestion(q, result) {
  const cell = q.cell;
  const part = cell.usableAce ? 'usable' : 'no_usable';
  const index = cell.dealer - 1;
  const row = result.policy?.[part]?.[String(cell.total)];
  const best = result.optimalPolicy?.[part]?.[String(cell.total)];
  if (typeof row !== 'string' || typeof best !== 'string' || !row[index] || !best[index]) return null;
  const action = row[index] === 'H' ? 'hit' : 'stick';
  const optimal = best[index] === 'H' ? 'hit' : 'stick';
  const q2 = result.q?.[part]?.[String(cell.total)];
  const visits = result.visits?.[part]?.[String(cell.total)]?.[index];
  const config = result.config || {};
  const values = {
    action,
    optimal,
    hand: `${cell.usableAce ? 'soft' : 'hard'} ${cell.total}`,
    dealer: DEALER[index],
    visits: typeof visits === 'number' ? int(visits) : 'an unknown number of',
    qHit: q2 ? num(q2.hit[index], 3) : '?',
    qStick: q2 ? num(q2.stick[index], 3) : '?',
    episodes: int(result.episodes || config.episodes || 0),
    algorithm: ALGORITHM_NAMES[config.algorithm] || 'your algorithm',
  };
  return fillQuestion(q, values, action === optimal);
}

/** A your-run question with its placeholders filled; [match] is right when `matches`. */
function fillQuestion(q, values, matches) {
  const fill = (text) => text.replace(/\{([A-Za-z]+)\}/g, (m, key) => (key in values ? values[key] : m));
  return {
    id: q.id,
    kind: q.kind,
    prompt: fill(q.prompt),
    options: q.options.map((o) => ({
      text: fill(o.text),
      correct: o.correctWhen === (matches ? 'match' : 'differs'),
      explanation: fill(o.explanation),
    })),
  };
}

/**
 * Fills a your-run question about a safety gridworld from the learner's latest agent there
 * ({env, algorithm, episodes, greedyReturn, greedyPerformance}): [match] is right when the learned
 * policy's performance kept up with its reward, as <safety-train>'s verdict.
 */
export function resolveSafetyQuestion(q, run) {
  const values = {
    greedyReturn: num(run.greedyReturn, 1),
    greedyPerformance: num(run.greedyPerformance, 1),
    episodes: int(run.episodes || 0),
    algorithm: ALGORITHM_NAMES[run.algorithm] || 'your algorithm',
  };
  return fillQuestion(q, values, run.greedyPerformance >= run.greedyReturn - 1e-9);
}

if (!customElements.get('lesson-quiz')) customElements.define('lesson-quiz', LessonQuiz);
