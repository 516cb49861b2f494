// <safety-play>: play one of DeepMind's AI Safety Gridworlds by hand. The reward the agent would
// see and the hidden performance the designer measures are two separate counters, so the learner
// can feel where they part. Stateless, like <play-hand>: every move sends the seed and all moves
// so far (POST /api/safety/play) and the engine replays the episode, in this page where it runs,
// else on the server. Attributes: env="safety:boat_race" (the first choice), fixed (no menu of
// environments, for a lesson about one of them).
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { h, randomSeed, setChildren, signed, uid } from './dom.js';

const ENVS = '/api/safety/envs';
const PLAY = '/api/safety/play';
const MAX_STEPS = 100;

// Letter → [label, arrow, keys]; N (no-op) only where the environment has it.
const MOVES = [
  ['U', 'Up', '↑', ['ArrowUp', 'w', 'W']],
  ['L', 'Left', '←', ['ArrowLeft', 'a', 'A']],
  ['N', 'Stay', '·', ['n', 'N', ' ']],
  ['R', 'Right', '→', ['ArrowRight', 'd', 'D']],
  ['D', 'Down', '↓', ['ArrowDown', 's', 'S']],
];
const WORDS = { U: 'up', D: 'down', L: 'left', R: 'right', N: 'nothing (stayed)' };

const ENDINGS = {
  goal: 'reached the goal',
  hazard: 'ended in a hazard',
  interrupted: 'was interrupted',
  terminal: 'ended',
  'time-limit': 'ran out of time (100 steps)',
};

function call(method, path, body) {
  return localOrServer(method, path, body, () => request(method, path, body));
}

/** A number with its sign and at most two decimals (rewards such as 0.56 or −1). */
export function amount(x) {
  const r = Math.round(x * 100) / 100;
  return signed(r, Number.isInteger(r) ? 0 : 2);
}

class SafetyPlay extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.moves = '';
    this.pending = 0;
    this.build();
    call('GET', ENVS).then((envs) => this.ready(envs), (e) => this.fail(e));
  }

  build() {
    const titleId = uid('sp-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.dataset.state = 'loading';
    this.heading = h('h3', { class: 'widget-title', id: titleId }, 'Play a safety gridworld');
    this.envSelect = h('select', { id: uid('sp-env'), name: 'env', 'data-role': 'env' });
    this.levelSelect = h('select', { id: uid('sp-level'), name: 'level', 'data-role': 'level' });
    this.variantSelect = h('select', { id: uid('sp-variant'), name: 'variant', 'data-role': 'variant' });
    this.seedInput = h('input', {
      id: uid('sp-seed'), name: 'seed', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: randomSeed(),
    });
    const field = (label, input, hint) => h('div', { class: 'field' },
      h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
    this.envField = field('Environment', this.envSelect);
    this.levelField = field('Level', this.levelSelect);
    this.variantField = field('Variant', this.variantSelect);
    this.seedField = field('Seed', this.seedInput, 'Chance events (a dry tomato, an absent supervisor) follow the seed');
    for (const s of [this.envSelect, this.levelSelect, this.variantSelect]) {
      s.addEventListener('change', () => this.restart());
    }
    this.seedInput.addEventListener('change', () => this.restart());
    this.card = h('dl', { class: 'sp-card', 'data-role': 'card' });
    this.board = h('div', { class: 'sp-board', role: 'img', 'aria-label': 'The board, loading', 'data-role': 'board' });
    this.legend = h('p', { class: 'sp-legend widget-note', 'data-role': 'legend' });
    this.rewardOut = h('output', { class: 'sp-count', 'data-role': 'return' }, '0');
    this.performanceOut = h('output', { class: 'sp-count', 'data-role': 'performance' }, '0');
    this.stepOut = h('span', { 'data-role': 'steps' }, '0');
    this.counters = h('div', { class: 'sp-counters' },
      h('p', { class: 'sp-counter reward' }, h('span', { class: 'sp-counter-label' }, 'Reward', h('small', {}, 'what the agent sees')), this.rewardOut),
      h('p', { class: 'sp-counter performance' }, h('span', { class: 'sp-counter-label' }, 'Performance', h('small', {}, 'what the designer wanted, hidden from the agent')), this.performanceOut));
    this.stepLine = h('p', { class: 'sp-steps' }, 'Step ', this.stepOut, ` of ${MAX_STEPS}`);
    this.status = h('p', { class: 'sp-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.buttons = {};
    const pad = h('div', { class: 'sp-pad', role: 'group', 'aria-label': 'Moves' },
      MOVES.map(([letter, label, arrow]) => {
        const b = h('button', {
          type: 'button', class: `btn sp-move sp-${letter}`, 'data-move': letter, 'aria-label': label,
          onclick: () => this.move(letter),
        }, h('span', { 'aria-hidden': 'true' }, arrow), h('span', { class: 'visually-hidden' }, label));
        this.buttons[letter] = b;
        return b;
      }));
    this.newButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'new', onclick: () => this.restart(true),
    }, 'New episode');
    this.undoButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'undo', onclick: () => this.undo(),
    }, 'Undo a move');
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.keysHint = h('p', { class: 'widget-note sp-keys' },
      'Keys: arrow keys or W A S D move; N or the space bar stays put where the environment allows it. Click the board first.');
    this.append(
      this.heading,
      h('div', { class: 'sp-controls' }, this.envField, this.levelField, this.variantField, this.seedField),
      this.card,
      h('div', { class: 'sp-play' },
        h('div', { class: 'sp-board-wrap' }, this.board, this.legend),
        h('div', { class: 'sp-side' }, this.counters, this.stepLine, pad,
          h('div', { class: 'sp-actions' }, this.newButton, this.undoButton), this.keysHint)),
      this.status, this.error);
    this.board.tabIndex = 0;
    this.board.addEventListener('keydown', (e) => this.key(e));
  }

  ready(envs) {
    this.envs = envs;
    const wanted = this.getAttribute('env') || new URLSearchParams(location.search).get('env') || 'safety:boat_race';
    setChildren(this.envSelect, envs.map((e) => h('option', {
      value: e.id, text: e.title === e.card.problem ? e.title : `${e.title} · ${e.card.problem}`,
    })));
    if (envs.some((e) => e.id === wanted)) this.envSelect.value = wanted;
    this.envField.hidden = this.hasAttribute('fixed');
    this.restart(false, true);
  }

  get env() {
    return this.envs.find((e) => e.id === this.envSelect.value) || this.envs[0];
  }

  /** Fills the level and variant menus for the chosen environment (keeping a valid choice). */
  syncOptions() {
    const env = this.env;
    const levels = Number(env.levels || 1);
    if (this.levelSelect.dataset.env !== env.id) {
      setChildren(this.levelSelect, Array.from({ length: levels }, (_, i) => h('option', { value: String(i), text: `Level ${i}` })));
      this.levelSelect.value = String(env.defaultLevel ?? 0);
      const variants = env.variants || [];
      setChildren(this.variantSelect, variants.map((v) => h('option', { value: v, text: v.replaceAll('_', ' ') })));
      if (variants.length) this.variantSelect.value = env.defaultVariant;
      this.levelSelect.dataset.env = env.id;
    }
    this.levelField.hidden = levels < 2;
    this.variantField.hidden = !(env.variants && env.variants.length);
  }

  restart(newSeed = false, first = false) {
    if (!this.envs) return;
    this.syncOptions();
    if (newSeed) this.seedInput.value = randomSeed();
    const env = this.env;
    this.heading.textContent = this.hasAttribute('fixed') ? `Play ${env.title.toLowerCase()}` : 'Play a safety gridworld';
    const c = env.card;
    setChildren(this.card,
      h('dt', {}, 'Safety problem'), h('dd', { 'data-role': 'problem' }, c.problem),
      h('dt', {}, 'What the designer wanted'), h('dd', {}, c.wanted),
      h('dt', {}, 'What the reward pays'), h('dd', {}, c.reward),
      h('dt', {}, 'Where they differ'), h('dd', {}, c.gap),
      h('dt', {}, 'What the paper found'), h('dd', { 'data-role': 'paper' }, c.paper));
    this.legend.textContent = `Key: ${c.legend}.`;
    this.performanceOut.closest('.sp-counter').hidden = !env.hiddenReward;
    this.buttons.N.hidden = env.actions < 5;
    this.dataset.env = env.id;
    const chosen = { env: env.id, title: env.title };
    if (!this.levelField.hidden) chosen.level = Number(this.levelSelect.value);
    if (!this.variantField.hidden) chosen.variant = this.variantSelect.value;
    // A <safety-train> on the same page trains on the world being played.
    document.dispatchEvent(new CustomEvent('safety-env', { detail: chosen }));
    this.moves = '';
    this.send(first ? null : 'A new episode.');
  }

  move(letter) {
    if (this.dataset.state !== 'playing' && this.dataset.state !== 'ready') return;
    if (letter === 'N' && this.env.actions < 5) return;
    if (this.moves.length >= MAX_STEPS) return;
    this.moves += letter;
    this.send();
  }

  undo() {
    if (!this.moves.length) return;
    this.moves = this.moves.slice(0, -1);
    this.send('Took back the last move.');
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const found = MOVES.find(([, , , keys]) => keys.includes(e.key));
    if (!found) return;
    e.preventDefault();
    this.move(found[0]);
  }

  body() {
    const env = this.env;
    const b = { env: env.id, seed: Number(this.seedInput.value) || 0, actions: this.moves };
    if (!this.levelField.hidden) b.level = Number(this.levelSelect.value);
    if (!this.variantField.hidden) b.variant = this.variantSelect.value;
    return b;
  }

  /** Asks for the episode so far; only the answer to the latest request is drawn. */
  send(message) {
    const ticket = ++this.pending;
    const seed = String(this.seedInput.value).trim();
    if (!/^\d{1,16}$/.test(seed)) {
      this.showError('The seed must be a whole number from 0 to 9,007,199,254,740,991.');
      this.seedInput.setAttribute('aria-invalid', 'true');
      return;
    }
    this.seedInput.removeAttribute('aria-invalid');
    call('POST', PLAY, this.body()).then((episode) => {
      if (ticket === this.pending) this.draw(episode, message);
    }, (e) => {
      if (ticket === this.pending) this.showError(e.message);
    });
  }

  draw(episode, message) {
    this.error.hidden = true;
    const frame = episode.frames[episode.frames.length - 1];
    const rows = frame.board;
    this.board.style.setProperty('--sp-cols', rows[0].length);
    drawBoard(this.board, rows);
    this.rewardOut.textContent = amount(episode.return);
    this.performanceOut.textContent = amount(episode.performance);
    this.stepOut.textContent = String(episode.steps);
    this.dataset.steps = String(episode.steps);
    this.dataset.return = String(episode.return);
    this.dataset.performance = String(episode.performance);
    this.dataset.termination = episode.termination;
    const over = episode.done;
    this.dataset.state = over ? 'over' : 'playing';
    for (const b of Object.values(this.buttons)) b.disabled = over;
    this.undoButton.disabled = episode.steps === 0;
    let words = message || '';
    if (episode.steps > 0 && !message) {
      const last = episode.frames[episode.frames.length - 1];
      words = `Moved ${WORDS[last.action]}: reward ${amount(last.reward)}`
        + (this.env.hiddenReward ? `, performance ${amount(last.hiddenReward)}` : '') + '.';
    }
    if (over) {
      words += ` The episode ${ENDINGS[episode.termination] || 'ended'}: reward ${amount(episode.return)}`
        + (this.env.hiddenReward ? `, performance ${amount(episode.performance)}.` : '.');
      words += ' Press New episode to play again.';
    }
    this.status.textContent = words.trim();
  }

  showError(message) {
    this.error.textContent = `The move could not be played: ${message}`;
    this.error.hidden = false;
    if (this.dataset.state === 'loading') this.dataset.state = 'error';
  }

  fail(e) {
    this.dataset.state = 'error';
    this.error.textContent = `The safety gridworlds could not be loaded: ${e.message}`;
    this.error.hidden = false;
  }
}

/**
 * Draws a board (one string per row) into `el` as a grid of cells, described for screen readers.
 * With `visits` (a count per cell, row-major) each cell also shows how often the agent stood there.
 */
export function drawBoard(el, rows, visits = null) {
  const cols = rows[0].length;
  el.style.setProperty('--sp-cols', cols);
  const most = visits ? Math.max(1, ...visits) : 1;
  setChildren(el, rows.flatMap((row, r) => [...row].map((ch, c) => {
    const n = visits ? visits[r * cols + c] : 0;
    const cell = h('span', { class: `sp-cell ${cellClass(ch)}${n ? ' visited' : ''}` }, ch === ' ' ? '' : ch);
    if (n) {
      cell.style.setProperty('--sp-heat', (0.15 + 0.6 * (n / most)).toFixed(3));
      cell.append(h('small', { class: 'sp-visits' }, String(n)));
    }
    return cell;
  })));
  el.setAttribute('aria-label', `The board, row by row: ${rows.map((row) => row.replaceAll(' ', '.')).join(' / ')}`);
}

/** The colour class of a board character. */
function cellClass(ch) {
  switch (ch) {
    case '#': return 'wall';
    case 'A': return 'agent';
    case 'G': return 'goal';
    case ' ': return 'floor';
    case 'L': case 'W': return 'hazard';
    default: return 'thing';
  }
}

if (!customElements.get('safety-play')) customElements.define('safety-play', SafetyPlay);
