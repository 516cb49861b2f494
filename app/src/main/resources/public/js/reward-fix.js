// <reward-fix env="safety:boat_race">: "Fix the reward yourself". The learner writes the reward as
// an expression over the world's step facts; "Test my reward" trains a fresh Q-learning agent with
// it on each test seed (engine.js: in this page, else on the server) and scores each learned
// policy on the hidden performance; the fix passes when every seed reaches the threshold. A passing
// fix may go on the world's leaderboard (POST /api/safety/fixes), where the server trains and
// scores it again itself before storing it. The challenge (facts, threshold, seeds) comes with the
// world's card (GET /api/safety/envs); the board from GET /api/safety/fixes.
import { request } from './api.js';
import { localOrServer, train, withoutServer } from './engine.js';
import { focusScrollables, h, int, setChildren, uid } from './dom.js';
import { amount } from './safety-play.js';

/** A threshold or score without a sign: 50, 7.5. */
const plain = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

const NICKNAME_KEY = 'saferlhub.nickname';

class RewardFix extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || 'safety:boat_race';
    this.dataset.env = this.env;
    this.dataset.state = 'loading';
    const titleId = uid('rf-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.heading = h('h3', { class: 'widget-title', id: titleId }, 'Fix the reward');
    this.body = h('div', { class: 'rf-body' }, h('p', { class: 'widget-note' }, 'Loading the challenge…'));
    this.append(this.heading, this.body);
    localOrServer('GET', '/api/safety/envs', null, () => request('GET', '/api/safety/envs')).then((envs) => {
      const world = (envs || []).find((e) => e.id === this.env);
      if (!world || !world.fix) throw new Error(`${this.env} has no reward to fix.`);
      this.build(world);
    }).catch((e) => {
      this.dataset.state = 'error';
      setChildren(this.body, h('p', { class: 'error-box', role: 'alert' }, `The challenge could not be loaded. ${e.message}`));
    });
  }

  build(world) {
    const fix = world.fix;
    this.fix = fix;
    this.heading.textContent = `Fix the reward: ${world.title.toLowerCase()}`;
    const inputId = uid('rf-reward');
    const hintId = uid('rf-hint');
    this.input = h('textarea', {
      id: inputId, name: 'reward', rows: 2, maxlength: fix.limits.maxLength, spellcheck: 'false',
      autocapitalize: 'off', autocomplete: 'off', 'aria-describedby': hintId, class: 'rf-input',
    });
    this.input.value = fix.original;
    this.error = h('div', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.testButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'test', onclick: () => this.test() }, 'Test my reward');
    this.resetButton = h('button', { type: 'button', class: 'btn', 'data-action': 'original', onclick: () => { this.input.value = fix.original; this.input.focus(); } }, 'Back to the original');
    this.status = h('p', { class: 'rf-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.results = h('div', { class: 'rf-results', 'data-role': 'results' });
    this.boardBox = h('div', { class: 'rf-board', 'data-role': 'board' });
    const facts = h('table', { class: 'rf-facts' },
      h('caption', {}, 'Facts about each step your reward may use'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Fact'), h('th', { scope: 'col' }, 'Its value'))),
      h('tbody', {}, fix.features.map((f) => h('tr', {},
        h('th', { scope: 'row' }, h('code', {}, f.name)), h('td', {}, f.meaning)))));
    setChildren(this.body,
      h('p', {}, `The agent sees only your reward. It trains with Q-learning for ${int(fix.episodes)} episodes on each of the seeds ${fix.seeds.join(', ')}. `
        + `Each learned policy is then scored on the hidden performance, and the fix passes when every seed reaches ${plain(fix.threshold)}. ${fix.why}`),
      h('div', { class: 'scroll-box' }, facts),
      h('div', { class: 'field rf-field' },
        h('label', { for: inputId }, 'Your reward'),
        this.input,
        h('span', { class: 'hint', id: hintId },
          `Numbers, the facts above, + − * /, brackets, comparisons such as step > 0 (1 when true, 0 when false), and ${fix.functions.join(', ')}. `
          + `At most ${int(fix.limits.maxLength)} characters. The original: ${fix.original}`)),
      this.error,
      h('div', { class: 'st-actions' }, this.testButton, this.resetButton),
      this.status, this.results, this.boardBox);
    focusScrollables(this.body);
    this.dataset.state = 'idle';
    this.loadBoard();
  }

  /** Trains one seed after another; stops at the first error. */
  async test() {
    const reward = this.input.value.trim();
    this.clearError();
    if (!reward) {
      this.showError('Write a reward first, for example the original one.');
      return;
    }
    const fix = this.fix;
    this.dataset.state = 'running';
    delete this.dataset.verdict;
    this.testButton.disabled = true;
    const rows = [];
    const table = h('table', { class: 'rf-seeds', 'data-role': 'seeds' },
      h('caption', {}, `Your reward, tested on ${fix.seeds.length} seeds`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Seed'), h('th', { scope: 'col', class: 'num' }, 'Your reward'),
        h('th', { scope: 'col', class: 'num' }, 'Performance'), h('th', { scope: 'col' }, 'Result'))),
      h('tbody', {}, rows));
    setChildren(this.results, h('div', { class: 'scroll-box' }, table));
    focusScrollables(this.results);
    const seeds = [];
    try {
      for (const seed of fix.seeds) {
        this.status.textContent = `Training seed ${seed} of ${fix.seeds.join(', ')}…`;
        const job = train({ env: this.env, reward, algorithm: fix.algorithm, episodes: fix.episodes, seed });
        const end = await job.done;
        const r = end.result || end.summary;
        const passed = r.greedyPerformance >= fix.threshold;
        seeds.push({ seed, passed, greedyReturn: r.greedyReturn, greedyPerformance: r.greedyPerformance });
        table.tBodies[0].append(h('tr', { 'data-seed': String(seed), class: passed ? 'pass' : 'fail' },
          h('td', {}, String(seed)), h('td', { class: 'num' }, amount(r.greedyReturn)),
          h('td', { class: 'num', 'data-role': 'performance' }, amount(r.greedyPerformance)),
          h('td', {}, passed ? '✓ passes' : '✗ below the threshold')));
      }
    } catch (e) {
      this.testButton.disabled = false;
      this.dataset.state = 'error';
      this.status.textContent = '';
      setChildren(this.results);
      this.showError(e.message, e.field === 'reward' ? reward : null);
      return;
    }
    this.testButton.disabled = false;
    const passed = seeds.every((s) => s.passed);
    const mean = seeds.reduce((a, s) => a + s.greedyPerformance, 0) / seeds.length;
    this.dataset.state = 'done';
    this.dataset.verdict = passed ? 'pass' : 'fail';
    this.status.textContent = '';
    this.results.append(h('p', { class: `st-verdict ${passed ? 'follow' : 'diverge'}`, 'data-role': 'verdict' }, passed
      ? `Your reward passes: every seed reached ${plain(fix.threshold)} (mean performance ${plain(mean)}).`
      : `Not yet: ${seeds.filter((s) => !s.passed).length} of ${seeds.length} seeds stayed below ${plain(fix.threshold)}. `
        + 'Replay what the agent does with your reward in the widget above, and look for what it is still paid for.'));
    if (passed) this.results.append(this.submitForm(reward));
  }

  /** The nickname form that puts a passing fix on the board. */
  submitForm(reward) {
    if (withoutServer()) {
      return h('p', { class: 'widget-note' }, 'This copy of SafeRLHub has no server, so it has no leaderboard.');
    }
    const id = uid('rf-nick');
    let stored = '';
    try {
      stored = localStorage.getItem(NICKNAME_KEY) || '';
    } catch (e) {
      stored = '';
    }
    const nick = h('input', { id, name: 'nickname', type: 'text', maxlength: 24, autocomplete: 'nickname', value: stored });
    const note = h('p', { class: 'rf-submit-status', role: 'status', 'aria-live': 'polite', 'data-role': 'submit-status' });
    const send = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'submit' }, 'Put it on the leaderboard');
    const form = h('form', { class: 'rf-submit', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: id }, 'Your nickname (shown to everyone)'), nick), send, note);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      send.disabled = true;
      nick.removeAttribute('aria-invalid');
      note.textContent = 'The server is training your reward on every seed itself…';
      try {
        const answer = await request('POST', '/api/safety/fixes', { env: this.env, reward, nickname: nick.value });
        try {
          localStorage.setItem(NICKNAME_KEY, nick.value.trim());
        } catch (err) {
          // Storage off: nothing to remember.
        }
        this.dataset.submitted = String(answer.id);
        note.textContent = `On the board at rank ${int(answer.rank)}.`;
        this.loadBoard(answer.id);
      } catch (err) {
        send.disabled = false;
        if (err.field === 'nickname') nick.setAttribute('aria-invalid', 'true');
        note.textContent = err.message;
      }
    });
    return form;
  }

  async loadBoard(mine) {
    if (withoutServer()) return;
    try {
      const answer = await request('GET', `/api/safety/fixes?env=${encodeURIComponent(this.env)}`);
      const board = answer.challenges[0].board;
      if (!board.length) {
        setChildren(this.boardBox, h('h4', {}, 'Leaderboard'), h('p', { class: 'widget-note', 'data-role': 'board-empty' }, 'No passing fix yet: be the first.'));
        return;
      }
      const rows = board.map((f) => {
        const nick = document.createElement('td');
        nick.textContent = String(f.nickname ?? ''); // learners' text: never markup
        const code = document.createElement('code');
        code.textContent = String(f.reward ?? '');
        return h('tr', { class: f.id === mine ? 'mine' : null, 'data-rank': String(f.rank) },
          h('td', {}, String(f.rank)), nick, h('td', {}, code),
          h('td', { class: 'num' }, amount(f.performance)), h('td', { class: 'num' }, int(f.size)));
      });
      const table = h('table', { class: 'rf-board-table', 'data-role': 'board-table' },
        h('caption', {}, 'Passing fixes: the best mean performance first, then the shortest reward'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rank'), h('th', { scope: 'col' }, 'Nickname'),
          h('th', { scope: 'col' }, 'Reward'), h('th', { scope: 'col', class: 'num' }, 'Performance'),
          h('th', { scope: 'col', class: 'num' }, 'Parts'))),
        h('tbody', {}, rows));
      setChildren(this.boardBox, h('h4', {}, 'Leaderboard'), h('div', { class: 'scroll-box' }, table));
      focusScrollables(this.boardBox);
    } catch (e) {
      setChildren(this.boardBox, h('p', { class: 'widget-note' }, `The leaderboard could not be loaded: ${e.message}`));
    }
  }

  /** Shows an error; for a reward that does not parse, marks the character it names. */
  showError(message, reward) {
    const at = reward ? /at character (\d+)/.exec(message) : null;
    const parts = [h('p', {}, message)];
    if (at) {
      const i = Math.max(0, Math.min(reward.length, Number(at[1]) - 1));
      parts.push(h('pre', { class: 'rf-caret', 'aria-hidden': 'true' },
        `${reward}\n${' '.repeat(i)}^`));
      this.input.setSelectionRange(i, Math.min(reward.length, i + 1));
    }
    setChildren(this.error, parts);
    this.error.hidden = false;
    this.input.setAttribute('aria-invalid', 'true');
    this.input.focus();
  }

  clearError() {
    this.error.hidden = true;
    this.input.removeAttribute('aria-invalid');
  }
}

customElements.define('reward-fix', RewardFix);
