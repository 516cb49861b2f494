// <fix-the-robots>: the quiz game. Five factory robots were trained badly (each one a mistake a
// lesson teaches: exploring next to a cliff, never exploring, a too small γ…); the player repairs
// each one by answering questions from every lesson's quiz, against the clock, with three lives. A
// seed fixes the robots, the questions and the option order, so a round can be replayed or shared.
//
// The round is played on the server (game/play.js, ServerGame): it deals each question without
// its answer key, grades every answer, times it and keeps the score, so the page never holds an
// answer before it has given its own, and the public high-score table gets only scores the server
// computed. A copy of the site without a server plays in this page instead (LocalGame, from the
// copy's quiz file) and offers no high-score table.
//
// Settings: the time per question comes from the `data-seconds` attribute or the page's
// `?seconds=` (0 = no limit; the player can also choose on the start screen); `?seed=` replays a
// round. State for tests and styling: data-state (loading | error | start | dealing | question |
// paused | grading | feedback | stalled | over), data-lives, data-score, data-fixed, data-seed,
// data-seconds.
import './site.js';
import { ApiError, withoutServer } from './api.js';
import { h, int, randomSeed, setChildren, uid } from './dom.js';
import {
  BASE_POINTS, DEFAULT_SECONDS, LIFE_BONUS, LIVES, lineUp, NEEDS, questionBank, review, ROBOT_BONUS,
} from './game/engine.js';
import { gameApi, SCORE_SAVED } from './game/net.js';
import { LocalGame, ServerGame } from './game/play.js';
import { ROBOTS, robotSvg } from './game/robots.js';
import { isStatic, serverUrl } from './site-mode.js';

const MAX_SECONDS = 600;
const MAX_SEED = 4294967295;
const NICKNAME_MAX = 24;
const TIME_CHOICES = [
  { value: DEFAULT_SECONDS, label: `${DEFAULT_SECONDS} seconds` },
  { value: 60, label: '60 seconds (more time)' },
  { value: 0, label: 'No time limit' },
];
const WARN_AT = [10, 5];

function parseSeconds(value) {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_SECONDS ? n : null;
}

function parseSeed(value) {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED ? n : null;
}

function plural(n, one, many = `${one}s`) {
  return `${int(n)} ${n === 1 ? one : many}`;
}

function heartSvg(full) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 22');
  svg.setAttribute('class', `ftr-heart ${full ? 'full' : 'lost'}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 20.5 C5 15 1.5 11.5 1.5 7 A5 5 0 0 1 12 5 A5 5 0 0 1 22.5 7 C22.5 11.5 19 15 12 20.5 Z');
  svg.append(path);
  if (!full) {
    const crack = document.createElementNS(ns, 'path');
    crack.setAttribute('class', 'crack');
    crack.setAttribute('d', 'M12 5.5 L10 10 L13.5 12 L11 17');
    svg.append(crack);
  }
  return svg;
}

class FixTheRobots extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const params = new URLSearchParams(window.location.search);
    const fromLink = parseSeconds(params.get('seconds'));
    const fromAttr = parseSeconds(this.getAttribute('data-seconds'));
    this.seconds = fromLink ?? fromAttr ?? DEFAULT_SECONDS;
    this.customSeconds = TIME_CHOICES.some((c) => c.value === this.seconds) ? null : this.seconds;
    this.seed = parseSeed(params.get('seed')) ?? randomSeed();
    // On a server (or a copy made with --server) the round is the server's; else this page's.
    this.onServer = !isStatic() || serverUrl() !== null;
    this.bank = null;
    this.pool = null;
    this.game = null;
    this.timer = 0;
    this.build();
    this.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('visibilitychange', () => {
      if (document.hidden && this.state === 'question' && this.seconds > 0) this.pause();
    });
    this.load();
  }

  disconnectedCallback() {
    this.stopClock();
  }

  // ---------------------------------------------------------------------------------------
  // Skeleton
  // ---------------------------------------------------------------------------------------

  build() {
    const titleId = uid('ftr-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.livesEl = h('span', { class: 'ftr-hearts' });
    this.livesText = h('span', { class: 'visually-hidden', 'data-role': 'lives' });
    this.scoreEl = h('strong', { class: 'ftr-stat-value', 'data-role': 'score' }, '0');
    this.streakEl = h('strong', { class: 'ftr-stat-value', 'data-role': 'streak' }, '0');
    this.robotEl = h('strong', { class: 'ftr-stat-value', 'data-role': 'robot-count' });
    this.seedEl = h('span', { class: 'ftr-seed', 'data-role': 'seed' });
    this.hud = h('div', { class: 'ftr-hud', 'data-role': 'hud', hidden: true },
      h('p', { class: 'ftr-stat ftr-lives' }, h('span', { class: 'ftr-stat-label' }, 'Lives'),
        this.livesEl, this.livesText),
      h('p', { class: 'ftr-stat' }, h('span', { class: 'ftr-stat-label' }, 'Score'), this.scoreEl),
      h('p', { class: 'ftr-stat' }, h('span', { class: 'ftr-stat-label' }, 'Streak'), this.streakEl),
      h('p', { class: 'ftr-stat' }, h('span', { class: 'ftr-stat-label' }, 'Robots fixed'), this.robotEl),
      this.seedEl);
    this.line = h('ol', { class: 'ftr-line', 'aria-label': 'Robots on the factory line', 'data-role': 'line' });
    this.screen = h('div', { class: 'ftr-screen' });
    this.live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-role': 'announce' });
    this.append(
      h('div', { class: 'ftr-title-row' },
        h('h2', { class: 'widget-title ftr-title', id: titleId }, 'The factory floor'),
        h('p', { class: 'ftr-tagline' }, 'A factory of robots that learned the wrong thing. Your answers repair them.')),
      this.hud, this.line, this.screen, this.live);
  }

  setState(state) {
    this.state = state;
    this.dataset.state = state;
  }

  announce(message) {
    clearTimeout(this.announceTimer);
    this.live.textContent = '';
    // A fresh text node after a short gap, so the same words are announced again.
    this.announceTimer = setTimeout(() => {
      this.live.textContent = message;
    }, 60);
  }

  // ---------------------------------------------------------------------------------------
  // Loading the questions
  // ---------------------------------------------------------------------------------------

  async load() {
    this.setState('loading');
    this.hud.hidden = true;
    this.renderLine(lineUp(this.seed, ROBOTS).map((robot) => ({ robot, fixed: false })), -1);
    setChildren(this.screen, h('p', { class: 'placeholder', 'data-role': 'loading' },
      'Loading the questions from every lesson…'));
    try {
      if (this.onServer) {
        // Only how many questions there are: the questions come one by one, without answers.
        const rules = await gameApi.rules();
        this.pool = { questions: Number(rules.questions) || 0, lessons: (rules.lessons || []).length };
      } else {
        this.bank = questionBank(await gameApi.quizzes());
        this.pool = { questions: this.bank.length, lessons: new Set(this.bank.map((q) => q.lesson)).size };
      }
      if (!this.pool.questions) {
        throw new ApiError('The lessons have no multiple-choice questions yet, so there is nothing to '
          + 'repair the robots with.');
      }
      this.showStart();
    } catch (e) {
      this.showLoadError(e);
    }
  }

  showLoadError(e) {
    this.setState('error');
    const retry = h('button', { type: 'button', class: 'btn', 'data-action': 'retry', onclick: () => this.load() },
      'Try again');
    setChildren(this.screen, h('div', { class: 'ftr-error', 'data-role': 'error' },
      h('p', { class: 'error-box', role: 'alert' },
        'The game could not load its questions: ',
        e instanceof ApiError ? e.message : 'something went wrong.',
        ' The questions come from the lessons’ quizzes on the server; there is no offline question bank.'),
      retry));
  }

  // ---------------------------------------------------------------------------------------
  // Start screen
  // ---------------------------------------------------------------------------------------

  showStart() {
    this.stopClock();
    this.game = null;
    this.setState('start');
    this.hud.hidden = true;
    this.renderLine(lineUp(this.seed, ROBOTS).map((robot) => ({ robot, fixed: false })), -1);
    const seedId = uid('ftr-seed');
    const seedHint = uid('ftr-seed-hint');
    const seedErr = uid('ftr-seed-err');
    const name = uid('ftr-time');
    const choices = this.customSeconds === null ? TIME_CHOICES
      : [{ value: this.customSeconds, label: `${plural(this.customSeconds, 'second')} (from the link)` }, ...TIME_CHOICES];
    const radios = choices.map((c) => {
      const id = uid('ftr-time');
      return h('div', { class: 'ftr-radio' },
        h('input', {
          type: 'radio', name, id, value: c.value, checked: c.value === this.seconds,
          onchange: () => { this.seconds = c.value; },
        }),
        h('label', { for: id }, c.label));
    });
    this.seedInput = h('input', {
      type: 'text', id: seedId, name: 'seed', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
      value: String(this.seed), 'aria-describedby': `${seedHint} ${seedErr}`, class: 'ftr-seed-input',
      oninput: () => {
        const s = parseSeed(this.seedInput.value);
        if (s !== null) this.renderLine(lineUp(s, ROBOTS).map((robot) => ({ robot, fixed: false })), -1);
      },
    });
    this.seedError = h('p', { class: 'field-error', id: seedErr });
    const start = h('button', { type: 'submit', class: 'btn primary ftr-go', 'data-action': 'start' }, 'Start the shift');
    const form = h('form', { class: 'ftr-start-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.startFromForm(); } },
      h('fieldset', { class: 'ftr-times' }, h('legend', {}, 'Time per question'), radios),
      h('div', { class: 'field ftr-seed-field' },
        h('label', { for: seedId }, 'Round seed'),
        h('div', { class: 'ftr-seed-row' }, this.seedInput,
          h('button', {
            type: 'button', class: 'btn small', 'data-action': 'new-seed',
            onclick: () => {
              this.seedInput.value = String(randomSeed());
              this.seedInput.dispatchEvent(new Event('input'));
            },
          }, 'New seed')),
        h('p', { class: 'hint', id: seedHint }, 'Same seed, same robots, questions and order: share it and compare scores.'),
        this.seedError),
      h('div', { class: 'ftr-go-row' }, start));
    setChildren(this.screen, h('div', { class: 'ftr-start', 'data-role': 'start' },
      h('div', { class: 'ftr-intro' },
        h('p', { class: 'ftr-lede' },
          `${NEEDS.length} robots on the line were trained badly, each through a mistake the lessons `
          + 'explain. Repair them by answering questions from the lessons.'),
        h('ul', { class: 'ftr-rules' },
          h('li', {}, `Each robot needs ${Math.min(...NEEDS)} or ${Math.max(...NEEDS)} right answers.`),
          h('li', {}, `You have ${LIVES} lives. A wrong answer, or running out of time, costs one.`),
          h('li', {}, 'Quick answers and streaks of right answers score more. After each answer you see why.')),
        h('p', { class: 'ftr-bank', 'data-role': 'bank' },
          `${plural(this.pool.questions, 'question')} from ${plural(this.pool.lessons, 'lesson')}.`),
        h('p', { class: 'hint ftr-keys' }, 'Keys: ', h('kbd', {}, '1'), '–', h('kbd', {}, '4'), ' answer, ',
          h('kbd', {}, '↑'), ' ', h('kbd', {}, '↓'), ' move, ', h('kbd', {}, 'Enter'), ' choose, ',
          h('kbd', {}, 'P'), ' pause.')),
      form));
  }

  startFromForm() {
    const seed = parseSeed(this.seedInput.value.trim());
    if (seed === null) {
      this.seedInput.setAttribute('aria-invalid', 'true');
      this.seedError.textContent = `The seed must be a whole number from 0 to ${int(MAX_SEED)}.`;
      this.seedInput.focus();
      return;
    }
    this.seedInput.removeAttribute('aria-invalid');
    this.seedError.textContent = '';
    this.startRound(seed);
  }

  async startRound(seed) {
    if (this.state === 'dealing') return;
    this.setState('dealing');
    this.stopClock();
    let game;
    try {
      game = this.onServer ? await ServerGame.start(seed) : await LocalGame.start(this.bank, seed);
    } catch (e) {
      this.showPlayError(e, 'The round could not start', () => this.startRound(seed));
      return;
    }
    this.game = game;
    this.seed = game.seed;
    this.lineup = lineUp(game.seed, ROBOTS);
    this.history = [];
    this.lastResult = null;
    this.cardIndex = 0;
    this.scoreSaved = false;
    this.dataset.seed = String(game.seed);
    this.dataset.seconds = String(this.seconds);
    this.updateUrl();
    this.hud.hidden = false;
    this.buildPlayScreen();
    this.updateHud();
    const r = this.lineup[0];
    this.announce(`Round started, seed ${game.seed}. First robot: ${r.name}, the ${r.job}.`);
    await this.nextQuestion();
  }

  /** The robots of the round: each robot on the line with its repairs so far. */
  slots() {
    return this.game.state.robots.map((slot, i) => ({ ...slot, robot: this.lineup[i] }));
  }

  /**
   * A call to the server failed mid-round (no connection, too many requests): say so, and let the
   * player try the same call again. Dealing and answering are safe to repeat: the server deals the
   * same waiting question and grades the same answer once.
   */
  showPlayError(e, what, retry) {
    this.stopClock();
    this.setState('stalled');
    // A round the server no longer has (30 minutes without a move) cannot be retried: start anew.
    const gone = e instanceof ApiError && e.status === 404 && this.game;
    const seed = this.game ? this.game.seed : this.seed;
    const again = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'retry-play',
      onclick: () => (gone ? this.startRound(seed) : retry()),
    }, gone ? `Start seed ${seed} again` : 'Try again');
    const box = h('div', { class: 'ftr-error', 'data-role': 'play-error' },
      h('p', { class: 'error-box', role: 'alert' }, `${what}: `,
        gone ? 'the server put this round away after 30 minutes without a move.'
          : e instanceof ApiError ? e.message : 'something went wrong.'),
      again);
    if (this.feedback && this.screen.contains(this.feedback)) {
      setChildren(this.feedback, box);
      this.feedback.hidden = false;
    } else {
      setChildren(this.screen, box);
    }
    again.focus();
  }

  updateUrl() {
    try {
      const url = new URL(window.location.href);
      url.searchParams.set('seed', String(this.seed));
      if (this.seconds === DEFAULT_SECONDS) url.searchParams.delete('seconds');
      else url.searchParams.set('seconds', String(this.seconds));
      window.history.replaceState(window.history.state, '', url);
    } catch (e) {
      // The round still plays; only the shareable address is missing.
    }
  }

  // ---------------------------------------------------------------------------------------
  // Playing
  // ---------------------------------------------------------------------------------------

  buildPlayScreen() {
    const promptId = uid('ftr-prompt');
    this.robotCard = h('section', { class: 'ftr-robot-card', 'aria-label': 'The robot you are repairing', 'data-role': 'robot' });
    this.qMeta = h('p', { class: 'ftr-qmeta', 'data-role': 'question-meta' });
    this.timerFill = h('span', { class: 'ftr-timer-fill' });
    this.timerText = h('span', { class: 'ftr-timer-text', 'data-role': 'timer' });
    this.timerBox = h('div', { class: 'ftr-timer' },
      h('span', { class: 'ftr-timer-track', 'aria-hidden': 'true' }, this.timerFill), this.timerText);
    this.prompt = h('h3', { class: 'ftr-prompt', id: promptId, tabindex: '-1', 'data-role': 'prompt' });
    this.options = h('div', { class: 'ftr-options', role: 'group', 'aria-labelledby': promptId, 'data-role': 'options' });
    this.feedback = h('div', { class: 'ftr-feedback', 'data-role': 'feedback', hidden: true });
    this.pauseButton = h('button', {
      type: 'button', class: 'btn small ftr-pause', 'data-action': 'pause', 'aria-keyshortcuts': 'P',
      onclick: () => (this.state === 'paused' ? this.resume() : this.pause()),
    }, 'Pause');
    this.pausedBox = h('div', { class: 'ftr-paused', 'data-role': 'paused', hidden: true },
      h('p', { class: 'ftr-paused-title' }, 'Paused'),
      h('p', {}, 'The time limit is stopped and the question is hidden until you resume. '
        + 'The speed bonus still counts from when the question appeared.'),
      h('button', { type: 'button', class: 'btn primary', 'data-action': 'resume', onclick: () => this.resume() }, 'Resume'));
    this.questionBody = h('div', { class: 'ftr-question-body' }, this.prompt, this.options);
    this.questionCard = h('section', { class: 'ftr-question-card', 'aria-label': 'Question', 'data-role': 'question' },
      h('div', { class: 'ftr-qhead' }, this.qMeta, this.pauseButton),
      this.timerBox, this.questionBody, this.pausedBox, this.feedback,
      h('p', { class: 'hint ftr-keyhint', 'aria-hidden': 'true' }, 'Keys: ', h('kbd', {}, '1'), '–', h('kbd', {}, '4'),
        ' answer · ', h('kbd', {}, '↑'), h('kbd', {}, '↓'), ' move · ', h('kbd', {}, 'P'), ' pause'));
    setChildren(this.screen, h('div', { class: 'ftr-stage' }, this.robotCard, this.questionCard));
  }

  updateHud() {
    const r = this.game.state;
    const slots = this.slots();
    const fixed = slots.filter((s) => s.fixed).length;
    setChildren(this.livesEl, Array.from({ length: LIVES }, (_, i) => heartSvg(i < r.lives)));
    this.livesText.textContent = `${r.lives} of ${LIVES}`;
    this.scoreEl.textContent = int(r.score);
    this.streakEl.textContent = String(r.streak);
    this.robotEl.textContent = `${fixed} of ${slots.length}`;
    this.seedEl.textContent = `Seed ${this.game.seed}`;
    this.dataset.lives = String(r.lives);
    this.dataset.score = String(r.score);
    this.dataset.fixed = String(fixed);
    // The robot on the card stays highlighted until the player moves on.
    this.renderLine(slots, r.over ? -1 : this.cardIndex);
  }

  renderLine(slots, current) {
    setChildren(this.line, slots.map((slot, i) => {
      const status = slot.fixed ? 'fixed' : i === current ? 'current' : 'broken';
      return h('li', {
        class: `ftr-slot ${status}`, 'data-status': status, 'aria-current': i === current ? 'step' : null,
      },
      robotSvg(slot.robot, { state: slot.fixed ? 'fixed' : 'broken', size: 'mini' }),
      h('span', { class: 'ftr-slot-name' }, slot.robot.name),
      h('span', { class: 'ftr-slot-status' }, slot.fixed ? 'Fixed' : i === current ? 'Fixing' : 'Broken'));
    }));
  }

  renderRobotCard(state = 'broken', justFixed = false) {
    const slots = this.slots();
    const slot = slots[Math.min(this.cardIndex, slots.length - 1)];
    const r = slot.robot;
    const fixed = state === 'fixed';
    const meter = h('ol', { class: 'ftr-meter', 'aria-hidden': 'true' },
      Array.from({ length: slot.need }, (_, i) => h('li', { class: i < slot.progress ? 'done' : '' })));
    setChildren(this.robotCard,
      h('div', { class: `ftr-robot-art${justFixed ? ' just-fixed' : ''}` },
        robotSvg(r, { state, label: `${r.name}, ${fixed ? 'repaired' : 'malfunctioning'}` })),
      h('div', { class: 'ftr-robot-text' },
        h('p', { class: 'ftr-robot-name' }, h('strong', {}, r.name), ` the ${r.job}`),
        h('p', { class: 'ftr-mode' }, r.mode),
        h('p', { class: 'ftr-symptom' }, fixed ? r.fixed : r.symptom),
        h('div', { class: 'ftr-repair', 'data-role': 'repair' },
          h('span', { class: 'ftr-repair-label' }, fixed ? 'Repaired' : 'Repairs'),
          meter,
          h('span', { class: 'ftr-repair-count' }, `${slot.progress} of ${slot.need}`))));
    this.robotCard.dataset.robot = r.id;
    this.robotCard.dataset.robotState = state;
  }

  async nextQuestion() {
    this.setState('dealing');
    let dealt;
    try {
      dealt = await this.game.next();
    } catch (e) {
      this.showPlayError(e, 'The next question could not be dealt', () => this.nextQuestion());
      return;
    }
    const { question, number } = dealt;
    const options = question.options;
    this.current = question;
    this.cardIndex = this.game.state.robot;
    this.renderRobotCard('broken');
    this.updateHud();
    this.qMeta.textContent = `Question ${number} · from “${question.lessonTitle}”`;
    this.prompt.textContent = question.prompt;
    this.questionCard.dataset.question = question.key;
    this.questionCard.dataset.lesson = question.lesson;
    this.optionButtons = options.map((o, i) => h('button', {
      type: 'button', class: 'ftr-option', 'data-option': String(i), 'aria-keyshortcuts': i < 9 ? String(i + 1) : null,
      onclick: () => this.choose(i),
    },
    h('span', { class: 'ftr-key', 'aria-hidden': 'true' }, i < 9 ? String(i + 1) : '•'),
    h('span', { class: 'ftr-option-text' }, o.text),
    h('span', { class: 'ftr-mark' })));
    setChildren(this.options, this.optionButtons);
    this.feedback.hidden = true;
    this.questionBody.hidden = false;
    this.pausedBox.hidden = true;
    this.pauseButton.hidden = false;
    this.pauseButton.textContent = 'Pause';
    this.timerBox.hidden = false;
    delete this.questionCard.dataset.outcome;
    delete this.feedback.dataset.outcome;
    this.setState('question');
    this.startClock();
    this.prompt.focus();
  }

  // Clock: `used` is the thinking time so far in ms, paused time excluded (the time limit);
  // `shownAt` is when the question appeared (the speed bonus counts from there, pauses included,
  // as the server times it).
  startClock() {
    this.used = 0;
    this.shownAt = performance.now();
    this.since = performance.now();
    this.warned = new Set();
    this.renderClock();
    this.runClock();
  }

  runClock() {
    this.stopClock();
    this.since = performance.now();
    this.timer = setInterval(() => this.tick(), 100);
  }

  stopClock() {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = 0;
    }
  }

  elapsedMs() {
    return this.used + (this.timer ? performance.now() - this.since : 0);
  }

  tick() {
    if (this.state !== 'question') return;
    this.renderClock();
    if (this.seconds > 0 && this.elapsedMs() >= this.seconds * 1000) this.choose(null);
  }

  renderClock() {
    if (this.seconds <= 0) {
      this.timerBox.classList.add('untimed');
      this.timerFill.style.transform = 'scaleX(1)';
      this.timerText.textContent = 'No time limit';
      return;
    }
    const left = Math.max(0, this.seconds * 1000 - this.elapsedMs()) / 1000;
    const whole = Math.ceil(left);
    this.timerFill.style.transform = `scaleX(${(left / this.seconds).toFixed(4)})`;
    this.timerText.textContent = `${whole} s left`;
    const low = left <= Math.min(5, this.seconds / 3);
    this.timerBox.classList.toggle('low', low);
    this.timerBox.classList.remove('untimed');
    for (const w of WARN_AT) {
      if (this.seconds > w && left <= w && left > 0 && !this.warned.has(w)) {
        this.warned.add(w);
        this.announce(`${w} seconds left.`);
      }
    }
  }

  pause() {
    if (this.state !== 'question') return;
    this.used = this.elapsedMs();
    this.stopClock();
    this.setState('paused');
    this.questionBody.hidden = true;
    this.pausedBox.hidden = false;
    this.pauseButton.textContent = 'Resume';
    this.pausedBox.querySelector('button').focus();
    this.announce('Paused. The question is hidden until you resume.');
  }

  resume() {
    if (this.state !== 'paused') return;
    this.setState('question');
    this.questionBody.hidden = false;
    this.pausedBox.hidden = true;
    this.pauseButton.textContent = 'Pause';
    this.runClock();
    this.prompt.focus();
  }

  choose(index) {
    if (this.state !== 'question') return;
    this.stopClock();
    this.submit(index, (performance.now() - this.shownAt) / 1000);
  }

  /** Sends the answer (the server grades it and times it itself; a local round uses `seconds`). */
  async submit(index, seconds) {
    this.setState('grading');
    const question = this.current;
    let result;
    try {
      result = await this.game.answer(question.key, index, seconds);
    } catch (e) {
      this.showPlayError(e, 'Your answer could not be sent', () => {
        this.buildPlayScreenAgain();
        this.submit(index, seconds);
      });
      return;
    }
    this.lastResult = result;
    this.history.push({
      key: question.key, outcome: result.outcome,
      question: { ...question, options: result.options },
    });
    this.setState('feedback');
    this.showFeedback(result);
  }

  /** After a failed call replaced the feedback area: the question card as it was. */
  buildPlayScreenAgain() {
    setChildren(this.feedback);
    this.feedback.hidden = true;
  }

  showFeedback(result) {
    const state = this.game.state;
    const robot = this.lineup[this.cardIndex];
    this.pauseButton.hidden = true;
    this.timerBox.hidden = true;
    this.questionCard.dataset.outcome = result.outcome;
    // Mark the options in words and shapes, not colour alone.
    result.options.forEach((o, i) => {
      const b = this.optionButtons[i];
      b.setAttribute('aria-disabled', 'true');
      b.tabIndex = -1;
      const mark = b.querySelector('.ftr-mark');
      if (o.correct) {
        b.classList.add('is-correct');
        mark.textContent = i === result.option ? '✓ Your answer, right' : '✓ Right answer';
      } else if (i === result.option) {
        b.classList.add('is-wrong');
        mark.textContent = '✗ Your answer';
      }
    });
    const right = result.options.filter((o) => o.correct);
    const chosen = result.option === null || result.option === undefined ? null : result.options[result.option];
    const parts = [];
    let verdict;
    let spoken;
    if (result.outcome === 'correct') {
      const detail = [`${BASE_POINTS} + ${result.speedBonus} for speed`];
      if (result.multiplier > 1) detail.push(`× ${result.multiplier} for a streak of ${state.streak}`);
      verdict = h('p', { class: 'ftr-verdict good' }, h('span', { class: 'ftr-verdict-icon', 'aria-hidden': 'true' }, '✓'),
        h('strong', {}, `Right! +${int(result.points)} points`), h('span', { class: 'ftr-verdict-detail' }, ` (${detail.join(' ')})`));
      spoken = `Right! Plus ${result.points} points.`;
      if (chosen && chosen.explanation) parts.push(h('p', { class: 'ftr-explain' }, chosen.explanation));
    } else {
      const head = result.outcome === 'timeout' ? 'Time’s up.' : 'Not quite.';
      verdict = h('p', { class: 'ftr-verdict bad' }, h('span', { class: 'ftr-verdict-icon', 'aria-hidden': 'true' }, '✗'),
        h('strong', {}, head), ` ${robot.name} sparks and zaps you: one life lost, ${plural(state.lives, 'life', 'lives')} left.`);
      spoken = `${head} One life lost, ${plural(state.lives, 'life', 'lives')} left.`;
      if (chosen && chosen.explanation) {
        parts.push(h('p', { class: 'ftr-explain' }, h('strong', {}, 'Your answer: '), chosen.explanation));
      }
      for (const o of right) {
        const n = result.options.indexOf(o) + 1;
        parts.push(h('p', { class: 'ftr-explain' }, h('strong', {}, `Right answer (${n}): `),
          o.explanation || `“${o.text}”`));
      }
    }
    let fixedNote = null;
    if (result.robotFixed) {
      this.renderRobotCard('fixed', true);
      fixedNote = h('div', { class: 'ftr-fixed-note', 'data-role': 'robot-fixed' },
        h('p', { class: 'ftr-fixed-title' }, h('span', { class: 'ftr-fixed-icon', 'aria-hidden': 'true' }, '✓'),
          h('strong', {}, `${robot.name} is fixed!`), ` +${ROBOT_BONUS} repair bonus.`),
        h('p', {}, h('strong', {}, 'Where this comes from: '), robot.fact));
      spoken += ` ${robot.name} is fixed!`;
    } else {
      this.renderRobotCard('broken');
    }
    this.updateHud();
    const nextRobot = !state.over && result.robotFixed ? this.lineup[state.robot] : null;
    const nextLabel = state.over ? 'See your results' : nextRobot ? `Next robot: ${nextRobot.name}` : 'Next question';
    const explainId = uid('ftr-explain');
    const next = h('button', {
      type: 'button', class: 'btn primary ftr-next', 'data-action': 'next', 'aria-describedby': explainId,
      onclick: () => this.advance(),
    }, nextLabel);
    setChildren(this.feedback, verdict, h('div', { id: explainId }, parts), fixedNote,
      h('div', { class: 'ftr-next-row' }, next));
    this.feedback.dataset.outcome = result.outcome;
    this.feedback.hidden = false;
    this.announce(spoken);
    next.focus();
  }

  advance() {
    if (this.state !== 'feedback') return;
    if (this.game.state.over) {
      this.showResults();
      return;
    }
    if (this.lastResult && this.lastResult.robotFixed) {
      const r = this.lineup[this.game.state.robot];
      this.announce(`Next robot: ${r.name}, the ${r.job}. ${r.mode}.`);
    }
    this.nextQuestion();
  }

  onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target && target.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (this.state === 'question') {
      if (/^[1-9]$/.test(e.key)) {
        const i = Number(e.key) - 1;
        if (i < this.optionButtons.length) {
          e.preventDefault();
          this.choose(i);
        }
      } else if (['ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft', 'Home', 'End'].includes(e.key)) {
        const buttons = this.optionButtons;
        const at = buttons.indexOf(document.activeElement);
        let to;
        if (e.key === 'Home') to = 0;
        else if (e.key === 'End') to = buttons.length - 1;
        else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') to = at < 0 ? 0 : Math.min(buttons.length - 1, at + 1);
        else to = at < 0 ? 0 : Math.max(0, at - 1);
        e.preventDefault();
        buttons[to].focus();
      } else if (e.key === 'p' || e.key === 'P') {
        e.preventDefault();
        this.pause();
      }
    } else if (this.state === 'paused' && (e.key === 'p' || e.key === 'P')) {
      e.preventDefault();
      this.resume();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Results
  // ---------------------------------------------------------------------------------------

  showResults() {
    const round = this.game.state;
    const slots = this.slots();
    const fixedCount = slots.filter((s) => s.fixed).length;
    const seed = this.game.seed;
    this.stopClock();
    this.setState('over');
    this.updateHud();
    const won = round.won;
    const answered = round.answered;
    const accuracy = answered ? round.correct / answered : 0;
    const headingId = uid('ftr-results');
    const heading = h('h3', { class: 'ftr-results-title', id: headingId, tabindex: '-1' },
      won ? `All ${slots.length} robots fixed!` : 'Out of lives: the line stops for today');
    const stats = h('dl', { class: 'ftr-stats' },
      h('div', {}, h('dt', {}, 'Score'), h('dd', { 'data-role': 'final-score' }, int(round.score))),
      h('div', {}, h('dt', {}, 'Robots fixed'), h('dd', { 'data-role': 'final-fixed' }, `${fixedCount} of ${slots.length}`)),
      h('div', {}, h('dt', {}, 'Accuracy'), h('dd', { 'data-role': 'final-accuracy' },
        `${Math.round(accuracy * 100)} %`, h('span', { class: 'ftr-dd-note' }, ` (${round.correct} of ${answered})`))),
      h('div', {}, h('dt', {}, 'Best streak'), h('dd', { 'data-role': 'final-streak' }, String(round.bestStreak))));
    const lineup = h('ul', { class: 'ftr-lineup', 'aria-label': 'How each robot ended' },
      slots.map((slot) => h('li', { class: slot.fixed ? 'fixed' : 'broken' },
        robotSvg(slot.robot, { state: slot.fixed ? 'fixed' : 'broken', size: 'small' }),
        h('span', { class: 'ftr-lineup-name' }, slot.robot.name),
        h('span', { class: 'ftr-lineup-state' }, slot.fixed ? 'Fixed' : 'Still broken'),
        h('span', { class: 'ftr-lineup-mode' }, slot.robot.mode))));
    setChildren(this.screen, h('div', { class: 'ftr-results', 'data-role': 'results', 'aria-labelledby': headingId, role: 'group' },
      heading,
      h('p', { class: 'ftr-results-lede' }, won
        ? `With ${plural(round.lives, 'life', 'lives')} to spare (+${round.lives * LIFE_BONUS} bonus). The factory hums again.`
        : `You repaired ${plural(fixedCount, 'robot')} before the sparks won.`),
      stats, lineup,
      this.reviewSection(),
      round.score > 0 ? this.saveForm()
        : h('p', { class: 'hint ftr-no-save' }, 'Answer at least one question right to put a score on the table.'),
      h('div', { class: 'ftr-again' },
        h('button', { type: 'button', class: 'btn primary', 'data-action': 'play-again', onclick: () => this.startRound(randomSeed()) },
          'Play again (new seed)'),
        h('button', { type: 'button', class: 'btn', 'data-action': 'replay', onclick: () => this.startRound(seed) },
          `Replay seed ${seed}`),
        h('button', { type: 'button', class: 'btn', 'data-action': 'settings', onclick: () => this.showStart() },
          'Settings'))));
    this.announce(`Round over. Score ${round.score}. ${fixedCount} of ${slots.length} robots fixed. `
      + `Accuracy ${Math.round(accuracy * 100)} percent.`);
    heading.focus();
  }

  reviewSection() {
    const groups = review(this.history);
    const section = h('section', { class: 'ftr-review', 'data-role': 'review', 'aria-label': 'What to review' },
      h('h4', {}, 'What to review'));
    if (!groups.length) {
      section.append(h('p', {}, 'Nothing: every question you saw, you got right.'));
      return section;
    }
    section.append(h('p', { class: 'hint' }, 'The questions you missed, with the lesson that explains each.'));
    section.append(h('ul', { class: 'ftr-review-list' }, groups.map((g) => h('li', { 'data-lesson': g.lesson },
      h('a', { href: g.href, class: 'ftr-review-lesson', 'data-role': 'review-link' }, `Lesson: ${g.lessonTitle}`),
      h('ul', {}, g.questions.map((q) => {
        const right = q.options.filter((o) => o.correct).map((o) => `“${o.text}”`).join(' or ');
        return h('li', { 'data-question': q.key },
          h('span', { class: 'ftr-review-q' }, q.prompt), ' ',
          h('span', { class: 'ftr-review-a' }, `Answer: ${right}`),
          q.section ? [' ', h('a', { href: `${g.href}#${encodeURIComponent(q.section)}`, 'data-role': 'review-link' },
            q.sectionTitle ? `Read “${q.sectionTitle}”` : 'Read that section')] : null);
      }))))));
    return section;
  }

  saveForm() {
    const game = this.game;
    if (!game.canSave) {
      return h('p', { class: 'widget-note', 'data-role': 'save-unavailable' },
        withoutServer('the shared high-score table'));
    }
    const inputId = uid('ftr-nick');
    const hintId = uid('ftr-nick-hint');
    const errId = uid('ftr-nick-err');
    const input = h('input', {
      type: 'text', id: inputId, name: 'nickname', autocomplete: 'off',
      autocapitalize: 'off', spellcheck: 'false', 'aria-describedby': `${hintId} ${errId}`, class: 'ftr-nick',
    });
    const error = h('p', { class: 'field-error', id: errId });
    const status = h('p', { class: 'ftr-save-status', role: 'status', tabindex: '-1', 'data-role': 'save-status' });
    const button = h('button', { type: 'submit', class: 'btn', 'data-action': 'save-score' }, 'Save my score');
    const form = h('form', {
      class: 'ftr-save', novalidate: true, 'data-role': 'save-form',
      onsubmit: async (e) => {
        e.preventDefault();
        if (this.scoreSaved) return;
        const nickname = input.value.trim();
        const length = [...nickname].length; // code points, as the server counts
        if (length < 1 || length > NICKNAME_MAX) {
          input.setAttribute('aria-invalid', 'true');
          error.textContent = length ? `That nickname has ${length} characters; the most is ${NICKNAME_MAX}.`
            : 'Type a nickname first (1 to 24 characters).';
          input.focus();
          return;
        }
        input.removeAttribute('aria-invalid');
        error.textContent = '';
        button.disabled = true;
        status.textContent = 'Saving…';
        try {
          // Only the round's id and the nickname: the server saves the score it computed.
          const saved = await game.save(nickname);
          this.scoreSaved = true;
          input.readOnly = true;
          status.textContent = '';
          status.append(h('strong', {}, 'Saved.'), ` You are number ${int(saved.rank)} in the high-score table.`);
          this.dataset.rank = String(saved.rank);
          document.dispatchEvent(new CustomEvent(SCORE_SAVED, {
            detail: { rank: saved.rank, nickname: saved.nickname, score: saved.score },
          }));
          status.focus();
        } catch (err) {
          button.disabled = false;
          status.textContent = '';
          if (err instanceof ApiError && err.field === 'nickname') input.setAttribute('aria-invalid', 'true');
          error.textContent = err instanceof ApiError ? err.message : 'The score could not be saved.';
          input.focus();
        }
      },
    },
    h('h4', {}, 'Save your score (optional)'),
    h('div', { class: 'field' }, h('label', { for: inputId }, 'Nickname'),
      h('div', { class: 'ftr-save-row' }, input, button)),
    h('p', { class: 'hint', id: hintId },
      `1 to ${NICKNAME_MAX} characters, shown publicly in the high-score table next to your score. `
      + 'Use a made-up nickname, not your name or e-mail address. Only the nickname, the score and '
      + 'your count of right answers are saved; there are no accounts.'),
    error, status);
    return form;
  }
}

customElements.define('fix-the-robots', FixTheRobots);
