// <grid-learn>: the model-free playground. A learning session lives on the server; the page asks
// it for steps (one per request when slow, thousands when at maximum speed), draws the values and
// greedy arrows after each answer and charts the episodes it reports. ε changes the running agent
// (PATCH); clicking a cell opens a small editor that changes its reward or makes it a wall, while
// the agent keeps learning. The configuration lives in the page URL. Attributes: map.
import { compact, h, holdFocus, int, num, setChildren, uid } from './dom.js';
import {
  GRID_ALGORITHM, GridBoard, LEARNERS, TILE_WORDS, arrowOf, boardLegend, cellName, fillPresetSelect,
  gridApi, learnerName, movingAverage, paramField, publish, readMap, rowCol,
  selectField, setStatus, short, showError, loadPresetsInto, dropWidgetSession, readFields,
} from './grid-common.js';
import { copyText } from './site.js';
import { chartColors, lineDataset, valueAxis, whenChart, withAlpha } from './run-charts.js';

const DEFAULTS = {
  map: 'maze', algorithm: 'q-learning', alpha: 0.5, gamma: 0.95, epsilon: 0.1, lambda: 0.9,
  planningSteps: 10, seed: 1, speed: 'fast',
};
const KEYS = ['map', 'algorithm', 'alpha', 'gamma', 'epsilon', 'lambda', 'planningSteps', 'seed', 'speed'];

const SPEEDS = [
  { id: 'slow', name: 'Slow: 1 step at a time', steps: 1, delay: 180 },
  { id: 'medium', name: 'Medium: 10 steps at a time', steps: 10, delay: 90 },
  { id: 'fast', name: 'Fast: 200 steps at a time', steps: 200, delay: 60 },
  { id: 'max', name: 'Maximum: 5,000 steps at a time', steps: 5000, delay: 0 },
];

const VIEWS = [
  { id: 'values', name: 'Values (best Q) and greedy arrows' },
  { id: 'q', name: 'All four Q-values' },
];

/**
 * The `edits` link parameter: the cells whose tile or reward differs from the preset, as
 * `r{row}c{col}` (counted from 1, as the page names cells) and `w` (a wall), `f` (floor where the
 * preset has a wall) or `v{reward}`, joined by `_`: `edits=r3c3w_r4c4v100`. Read defensively.
 */
const EDITS_MAX_LENGTH = 1000;
const EDIT_PATTERN = /^r(\d{1,2})c(\d{1,2})(?:(w)|(f)|v(-?\d{1,7}(?:\.\d{1,6})?))$/;
const MAX_ABS_REWARD = 1_000_000;

const MAX_POINTS = 5000;
const AVERAGE = 20;

class GridLearn extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'learn';
    this.session = null;
    this.running = false;
    this.busy = false;
    this.returns = [];
    this.lengths = [];
    this.totalSteps = 0;
    this.editing = null;
    this.build();
    this.applyUrl();
    this.updateEnabled();
    this.load();
    this.onTheme = () => {
      this.redraw();
      this.restyleCharts();
    };
    document.addEventListener('themechange', this.onTheme);
    this.onHide = () => {
      this.running = false;
      this.dropSession();
    };
    window.addEventListener('pagehide', this.onHide);
  }

  disconnectedCallback() {
    this.running = false;
    document.removeEventListener('themechange', this.onTheme);
    window.removeEventListener('pagehide', this.onHide);
    this.dropSession();
  }

  // ----- building -----

  build() {
    const titleId = uid('gn-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const wanted = this.getAttribute('map') || DEFAULTS.map;
    this.fields = {
      map: selectField({ name: 'map', label: 'Map', options: [{ id: wanted, name: wanted }], value: wanted }),
      algorithm: selectField({ name: 'algorithm', label: 'Algorithm', options: LEARNERS, value: DEFAULTS.algorithm }),
      alpha: paramField('alpha', { label: 'Learning rate α', value: DEFAULTS.alpha, slider: { min: 0.01, max: 1, step: 0.01 } }),
      gamma: paramField('gamma', { label: 'Discount γ', value: DEFAULTS.gamma, slider: { min: 0, max: 1, step: 0.01 } }),
      epsilon: paramField('epsilon', { label: 'Exploration ε', advice: 'changes the running agent at once', value: DEFAULTS.epsilon, slider: { min: 0, max: 1, step: 0.01 } }),
      lambda: paramField('lambda', { label: 'Trace decay λ', advice: 'SARSA(λ) only', value: DEFAULTS.lambda, slider: { min: 0, max: 1, step: 0.01 } }),
      planningSteps: paramField('planningSteps', { label: 'Planning steps n', advice: 'Dyna-Q only, per real step', value: DEFAULTS.planningSteps, slider: { min: 0, max: 50, step: 1 } }),
      seed: paramField('seed', { label: 'Seed', advice: 'same seed, same run', value: DEFAULTS.seed }),
      speed: selectField({ name: 'speed', label: 'Speed', options: SPEEDS, value: DEFAULTS.speed }),
    };
    for (const key of ['map', 'algorithm', 'alpha', 'gamma', 'lambda', 'planningSteps', 'seed']) {
      const f = this.fields[key];
      f.input.addEventListener('change', () => this.settingsChanged(key));
    }
    this.fields.algorithm.input.addEventListener('change', () => {
      this.updateEnabled();
      publish(GRID_ALGORITHM, { algorithm: this.fields.algorithm.input.value, source: 'grid-learn' });
    });
    this.fields.epsilon.input.addEventListener('input', () => this.scheduleEpsilon());
    this.fields.speed.input.addEventListener('change', () => this.syncUrl());

    this.startButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'start', onclick: () => this.toggle() }, 'Start learning');
    this.stepButton = h('button', { type: 'button', class: 'btn', 'data-action': 'step', onclick: () => this.stepOnce() }, 'One step');
    this.resetButton = h('button', { type: 'button', class: 'btn', 'data-action': 'reset', onclick: () => this.reset(true) }, 'New agent');
    this.copyButton = h('button', { type: 'button', class: 'btn', 'data-action': 'copy-link', onclick: () => this.copyLink() }, 'Copy link');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' },
      'Choose settings and press Start learning.');
    this.viewSelect = selectField({ name: 'view', label: 'Cells show', options: VIEWS, value: 'values' });
    this.viewSelect.input.addEventListener('change', () => this.redraw());

    this.board = new GridBoard({
      label: 'The learning agent’s grid; activate a cell to edit it',
      editable: true,
      onActivate: (st) => this.openEditor(st),
    });
    this.stats = h('dl', { class: 'gw-stats', 'data-role': 'stats' });
    this.editor = h('div', { class: 'gw-editor', hidden: true, 'data-role': 'editor' });
    this.goalWarning = h('p', { class: 'gw-warning', hidden: true, 'data-role': 'goal-warning' });

    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Learning from experience: the playground'),
      h('div', { class: 'gw-form' }, KEYS.filter((k) => k !== 'speed').map((k) => this.fields[k].el)),
      h('div', { class: 'toolbar' }, this.fields.speed.el, this.startButton, this.stepButton, this.resetButton, this.copyButton),
      this.status,
      h('div', { class: 'gw-split' },
        h('div', { class: 'gw-split-board' }, this.viewSelect.el, this.goalWarning, this.board.el, this.editor,
          boardLegend(['values', 'agent', 'walls', 'cliff', 'goal'], 'blue below 0, orange above 0; arrows: the greedy action')),
        h('div', { class: 'gw-split-side' }, this.stats, this.buildCharts())),
    );
  }

  buildCharts() {
    const box = (key, title, label) => {
      const canvas = h('canvas', { role: 'img', 'aria-label': label, 'data-chart': key });
      return { canvas, el: h('figure', { class: 'chart-box gw-chart-small' }, h('figcaption', {}, title), h('div', { class: 'chart-canvas' }, canvas)) };
    };
    this.chartBoxes = {
      ret: box('returns', 'Return per episode', 'Line chart of the return of each episode; empty until an episode ends.'),
      len: box('lengths', 'Steps per episode', 'Line chart of the number of steps of each episode; empty until an episode ends.'),
    };
    const wrap = h('div', { class: 'gw-charts' }, this.chartBoxes.ret.el, this.chartBoxes.len.el);
    whenChart().then((Chart) => {
      if (Chart) this.createCharts();
      else wrap.prepend(h('p', { class: 'widget-note' }, 'The chart library did not load; the numbers above still update.'));
    });
    return wrap;
  }

  createCharts() {
    const c = chartColors();
    const axis = (text) => ({ type: 'linear', min: 1, title: { display: true, text, color: c.text }, ticks: { color: c.text, maxTicksLimit: 6, precision: 0, callback: (v) => compact(v) }, grid: { color: c.grid } });
    const options = (yTitle) => ({
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { labels: { color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 24 } },
        tooltip: { callbacks: { title: (i) => (i.length ? `episode ${int(i[0].parsed.x)}` : ''), label: (i) => `${i.dataset.label}: ${num(i.parsed.y, 1)}` } },
      },
      scales: { x: axis('Episode'), y: valueAxis(c, yTitle) },
    });
    const make = (canvas, yTitle, color) => new window.Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          lineDataset('each episode', [], withAlpha(color, 0.35), { borderWidth: 1 }),
          lineDataset(`average of the last ${AVERAGE}`, [], color, { borderWidth: 2.5, borderDash: [] }),
        ],
      },
      options: options(yTitle),
    });
    this.charts = {
      ret: make(this.chartBoxes.ret.canvas, 'Return (sum of rewards)', c.blue),
      len: make(this.chartBoxes.len.canvas, 'Steps', c.orange),
    };
    this.updateCharts();
  }

  restyleCharts() {
    if (!this.charts) return;
    for (const chart of Object.values(this.charts)) chart.destroy();
    this.charts = null;
    this.createCharts();
  }

  updateCharts() {
    const n = this.returns.length;
    const start = Math.max(0, n - MAX_POINTS);
    const offset = this.episodeOffset || 0;
    const series = (values) => {
      const avg = movingAverage(values, AVERAGE);
      const raw = [];
      const mean = [];
      for (let i = start; i < values.length; i += 1) {
        raw.push({ x: offset + i + 1, y: values[i] });
        mean.push({ x: offset + i + 1, y: avg[i] });
      }
      return [raw, mean];
    };
    if (this.charts) {
      for (const [key, values] of [['ret', this.returns], ['len', this.lengths]]) {
        const chart = this.charts[key];
        const [raw, mean] = series(values);
        chart.data.datasets[0].data = raw;
        chart.data.datasets[1].data = mean;
        chart.options.scales.x.max = Math.max(offset + n, 10);
        chart.update('none');
      }
    }
    if (n) {
      const avgR = movingAverage(this.returns, AVERAGE).at(-1);
      const avgL = movingAverage(this.lengths, AVERAGE).at(-1);
      this.chartBoxes.ret.canvas.setAttribute('aria-label', `Line chart of the return of each of ${n} episodes; the average of the last ${AVERAGE} is ${num(avgR, 1)}.`);
      this.chartBoxes.len.canvas.setAttribute('aria-label', `Line chart of the steps of each of ${n} episodes; the average of the last ${AVERAGE} is ${num(avgL, 1)}.`);
    }
  }

  scheduleCharts() {
    if (this.chartTimer) return;
    this.chartTimer = setTimeout(() => {
      this.chartTimer = 0;
      this.updateCharts();
    }, 200);
  }

  // ----- configuration, URL -----

  updateEnabled() {
    const alg = this.fields.algorithm.input.value;
    this.fields.lambda.disable(alg !== 'sarsa-lambda');
    this.fields.planningSteps.disable(alg !== 'dyna-q');
  }

  readConfig() {
    const cfg = { map: this.fields.map.input.value, algorithm: this.fields.algorithm.input.value };
    return readFields(this.fields, ['alpha', 'gamma', 'epsilon', 'lambda', 'planningSteps', 'seed'], cfg);
  }

  applyUrl() {
    const params = new URL(window.location.href).searchParams;
    for (const key of KEYS) {
      if (!params.has(key)) continue;
      const raw = params.get(key);
      const field = this.fields[key];
      if (field.input.tagName === 'SELECT') {
        if (key === 'map' && ![...field.input.options].some((o) => o.value === raw)) {
          field.input.append(h('option', { value: raw, text: raw }));
        }
        if ([...field.input.options].some((o) => o.value === raw)) field.input.value = raw;
        else field.setError(`The link’s value “${raw}” is not one of the choices; using ${field.input.value}.`);
      } else if (raw.trim() !== '' && Number.isFinite(Number(raw))) {
        field.set(Number(raw));
      } else {
        field.setError(`The link’s value “${raw}” is not a number; using ${field.input.value}.`);
      }
    }
    this.wantedMap = this.fields.map.input.value;
    this.linkEdits = params.has('edits') ? params.get('edits') : null;
  }

  permalink() {
    const url = new URL(window.location.href);
    for (const key of KEYS) url.searchParams.set(key, this.fields[key].input.value);
    const edits = this.editsParam();
    if (edits) url.searchParams.set('edits', edits);
    else url.searchParams.delete('edits');
    url.hash = this.id;
    return url;
  }

  /** The preset the map was made from, or null before the maps load. */
  presetMap() {
    const preset = (this.presets || []).find((p) => p.id === this.fields.map.input.value);
    return preset ? preset.map : null;
  }

  /**
   * The cells edited away from the preset, in order: { row, col } (from 0) with tile 'wall' or
   * 'floor' and/or reward. Empty when nothing differs (or before the maps load).
   */
  mapEdits() {
    const base = this.presetMap();
    const map = this.map;
    if (!base || !map || base.rows !== map.rows || base.cols !== map.cols) return [];
    const edits = [];
    for (let st = 0; st < map.tiles.length; st += 1) {
      const { row, col } = rowCol(map, st);
      const was = base.tiles[st];
      const now = map.tiles[st];
      if (now === 'wall') {
        if (was !== 'wall') edits.push({ row, col, tile: 'wall' });
        continue;
      }
      const edit = { row, col };
      if (was === 'wall') edit.tile = 'floor';
      const reward = map.rewards[st];
      const before = was === 'wall' ? map.stepReward : base.rewards[st];
      if (typeof reward === 'number' && reward !== before) edit.reward = reward;
      if (edit.tile || 'reward' in edit) edits.push(edit);
    }
    return edits;
  }

  /** The `edits` link parameter for the map as it is now ('' when unedited). */
  editsParam() {
    return this.mapEdits().map((e) => {
      const cell = `r${e.row + 1}c${e.col + 1}`;
      if (e.tile === 'wall') return `${cell}w`;
      const parts = [];
      if (e.tile === 'floor') parts.push(`${cell}f`);
      if ('reward' in e) parts.push(`${cell}v${String(Number(e.reward.toFixed(6)))}`);
      return parts.join('_');
    }).join('_');
  }

  /**
   * Reads an `edits` link parameter against `map` (the preset): the edits, or { error } saying
   * in plain words what is wrong. Checks the length, the form of every part, that each cell is on
   * the map, and that the start and the goal stay what they are.
   */
  static parseEdits(text, map) {
    if (text.length > EDITS_MAX_LENGTH) return { error: `it is longer than ${int(EDITS_MAX_LENGTH)} characters` };
    const tiles = [...map.tiles];
    const edits = [];
    for (const part of text.split('_')) {
      const m = EDIT_PATTERN.exec(part);
      const shown = part.length > 20 ? `${part.slice(0, 20)}…` : part;
      if (!m) return { error: `“${shown}” is not a cell edit such as r2c3w (a wall), r2c3f (floor) or r2c3v-10 (a reward)` };
      const row = Number(m[1]) - 1;
      const col = Number(m[2]) - 1;
      if (row < 0 || col < 0 || row >= map.rows || col >= map.cols) {
        return { error: `row ${row + 1}, column ${col + 1} is not on the ${map.rows} × ${map.cols} map` };
      }
      const st = row * map.cols + col;
      const name = `row ${row + 1}, column ${col + 1}`;
      if (m[3]) {
        if (tiles[st] !== 'floor' && tiles[st] !== 'wall') return { error: `${name} is the ${TILE_WORDS[tiles[st]] || tiles[st]}, which cannot become a wall` };
        tiles[st] = 'wall';
        edits.push({ row, col, tile: 'wall' });
      } else if (m[4]) {
        if (tiles[st] !== 'wall') return { error: `${name} is not a wall, so it cannot become floor` };
        tiles[st] = 'floor';
        edits.push({ row, col, tile: 'floor' });
      } else {
        const reward = Number(m[5]);
        if (!Number.isFinite(reward) || Math.abs(reward) > MAX_ABS_REWARD) return { error: `the reward of ${name} is not between −1,000,000 and 1,000,000` };
        if (tiles[st] === 'wall') return { error: `${name} is a wall, which has no reward` };
        edits.push({ row, col, reward });
      }
    }
    return { edits };
  }

  /** Applies edits to the map on the page (the server's session gets them when it starts). */
  applyEditsLocally(edits) {
    const map = this.map;
    for (const e of edits) {
      const st = e.row * map.cols + e.col;
      if (e.tile) {
        map.tiles[st] = e.tile;
        map.rewards[st] = e.tile === 'wall' ? null : map.stepReward;
      }
      if ('reward' in e) map.rewards[st] = e.reward;
    }
  }

  /** The link's edited cells, once the preset is there: applied, or a plain message why not. */
  restoreLinkEdits() {
    const text = this.linkEdits;
    this.linkEdits = null;
    if (text === null || text === undefined || !this.map) return;
    if (text === '') return;
    const read = GridLearn.parseEdits(text, this.map);
    if (read.error) {
      setStatus(this.status, `The link’s edited cells could not be read (${read.error}), so the map is shown without them.`, true);
      this.syncUrl();
      return;
    }
    this.applyEditsLocally(read.edits);
    this.board.setMap(this.map);
    this.redraw();
    this.syncUrl();
    const n = read.edits.length;
    setStatus(this.status, `This link’s map has ${n} edited cell${n === 1 ? '' : 's'}, drawn on the grid. Press Start learning.`);
  }

  syncUrl() {
    const url = this.permalink();
    url.hash = window.location.hash;
    try {
      window.history.replaceState(window.history.state, '', url);
    } catch (e) {
      // The Copy link button still works.
    }
  }

  async copyLink() {
    const link = this.permalink().toString();
    const ok = await copyText(link);
    this.copyButton.textContent = ok ? 'Link copied' : 'Copy failed';
    if (!ok) setStatus(this.status, `Copy this link: ${link}`);
    setTimeout(() => { this.copyButton.textContent = 'Copy link'; }, 2000);
  }

  async load() {
    if (!(await loadPresetsInto(this))) return;
    const wanted = this.wantedMap || this.getAttribute('map') || DEFAULTS.map;
    fillPresetSelect(this.fields.map.input, this.presets, wanted);
    if (this.fields.map.input.value !== wanted) {
      this.fields.map.setError(`There is no map “${wanted}”; showing ${this.fields.map.input.value}.`);
    }
    this.reset(false);
    this.restoreLinkEdits();
    this.dataset.state = 'ready';
  }

  // ----- the session -----

  settingsChanged(key) {
    this.syncUrl();
    if (this.fields[key].read && this.fields[key].read() === null) return;
    if (key !== 'map' && !this.session) return;
    const wasRunning = this.running;
    this.reset(false);
    setStatus(this.status, wasRunning
      ? 'Settings changed: a new agent starts learning with them.'
      : 'Settings changed: the next start uses a new agent with them.');
    if (wasRunning) this.toggle();
  }

  reset(say) {
    this.running = false;
    this.setRunning(false);
    this.dropSession();
    this.returns = [];
    this.lengths = [];
    this.totalSteps = 0;
    this.episodeOffset = 0;
    this.snapshot = null;
    this.closeEditor();
    this.showReachable(true, null);
    const preset = (this.presets || []).find((p) => p.id === this.fields.map.input.value);
    this.map = preset ? { ...preset.map, tiles: [...preset.map.tiles], rewards: [...preset.map.rewards] } : null;
    if (this.map) this.board.setMap(this.map);
    this.redraw();
    this.renderStats();
    this.updateCharts();
    this.dataset.episodes = '0';
    if (say) setStatus(this.status, 'New agent: every value is back to 0. Press Start learning.');
  }

  dropSession() {
    dropWidgetSession(this);
  }

  async ensureSession() {
    if (this.session) return true;
    const cfg = this.readConfig();
    if (!cfg) {
      setStatus(this.status, 'Please fix the highlighted settings first.', true);
      return false;
    }
    for (const f of Object.values(this.fields)) f.setError(null);
    const body = { ...cfg };
    if (cfg.algorithm !== 'sarsa-lambda') delete body.lambda;
    if (cfg.algorithm !== 'dyna-q') delete body.planningSteps;
    // Cells edited before this session (from a link, or for an agent the server forgot) are
    // sent to it first, so it learns on the map the page shows.
    const edits = this.mapEdits();
    try {
      const created = await gridApi.createSession(body);
      this.session = { id: created.id, config: cfg };
      this.dataset.session = created.id;
      let latest = created;
      for (const e of edits) {
        const cell = { row: e.row, col: e.col };
        if (e.tile) cell.tile = e.tile;
        // eslint-disable-next-line no-await-in-loop
        if (e.tile) latest = await gridApi.patch(created.id, { cell });
        // eslint-disable-next-line no-await-in-loop
        if ('reward' in e) latest = await gridApi.patch(created.id, { cell: { row: e.row, col: e.col, reward: e.reward } });
      }
      const map = readMap(latest.map);
      if (map) {
        this.map = map;
        this.board.setMap(map);
      }
      this.snapshot = latest.snapshot;
      if (typeof latest.goalReachable === 'boolean') this.showReachable(latest.goalReachable, null);
      this.redraw();
      return true;
    } catch (e) {
      showError(e, this.fields, this.status);
      return false;
    }
  }

  /**
   * Shows (or hides) the warning that the goal cannot be reached from the start, naming the cell
   * whose wall closed the last way when it is known.
   */
  showReachable(reachable, blocker) {
    this.goalReachable = reachable;
    this.blocker = reachable ? null : blocker;
    this.dataset.goalReachable = String(reachable);
    if (!this.goalWarning) return;
    this.goalWarning.hidden = reachable;
    this.goalWarning.textContent = reachable ? '' : `The goal cannot be reached from the start, so every episode stops at the time limit. ${
      blocker !== null && this.map ? `Remove the wall at ${cellName(this.map, blocker)} to open the way again.` : 'Remove a wall next to the start’s area to open the way again.'}`;
  }

  setRunning(on) {
    this.running = on;
    this.startButton.textContent = on ? 'Pause' : (this.session ? 'Continue' : 'Start learning');
    this.startButton.setAttribute('aria-pressed', String(on));
    this.stepButton.disabled = on;
    this.dataset.running = String(on);
  }

  async toggle() {
    if (this.running) {
      this.setRunning(false);
      setStatus(this.status, `Paused after ${int(this.returns.length + this.episodeOffset)} episodes. Edit cells, change ε, or continue.`);
      return;
    }
    if (this.busy) return;
    this.setRunning(true);
    if (!(await this.ensureSession())) {
      this.setRunning(false);
      return;
    }
    setStatus(this.status, 'Learning… click a cell to change it while the agent learns.');
    this.loop();
  }

  async loop() {
    while (this.running) {
      const speed = SPEEDS.find((s) => s.id === this.fields.speed.input.value) || SPEEDS[1];
      // eslint-disable-next-line no-await-in-loop
      const ok = await this.request(speed.steps);
      if (!ok) {
        this.setRunning(false);
        return;
      }
      // eslint-disable-next-line no-await-in-loop
      await new Promise((r) => setTimeout(r, speed.delay || 0));
    }
  }

  async stepOnce() {
    if (this.busy || this.running) return;
    const restore = holdFocus(this);
    if (!(await this.ensureSession())) return;
    this.setRunning(false);
    await this.request(1);
    restore(this.stepButton);
  }

  /** One step request; false when it failed (the message is shown). */
  async request(steps) {
    if (!this.session) return false;
    this.busy = true;
    let answer;
    try {
      answer = await gridApi.step(this.session.id, steps);
    } catch (e) {
      this.busy = false;
      if (e.status === 404) {
        this.session = null;
        setStatus(this.status, 'The server had forgotten this agent (idle too long). Press Start learning for a new one.', true);
      } else {
        setStatus(this.status, e.message, true);
      }
      return false;
    }
    this.busy = false;
    this.snapshot = answer.snapshot;
    this.totalSteps += typeof answer.steps === 'number' ? answer.steps : steps;
    for (const ep of answer.episodes || []) {
      this.returns.push(Number(ep.return));
      this.lengths.push(Number(ep.length));
    }
    if (this.returns.length > MAX_POINTS * 2) {
      const cut = this.returns.length - MAX_POINTS;
      this.returns = this.returns.slice(cut);
      this.lengths = this.lengths.slice(cut);
      this.episodeOffset += cut;
    }
    this.dataset.episodes = String(this.returns.length + this.episodeOffset);
    this.scheduleDraw();
    this.scheduleCharts();
    return true;
  }

  scheduleDraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
      this.renderStats();
    });
  }

  scheduleEpsilon() {
    clearTimeout(this.epsTimer);
    this.syncUrl();
    this.epsTimer = setTimeout(() => this.sendEpsilon(), 250);
  }

  async sendEpsilon() {
    const v = this.fields.epsilon.read();
    if (v === null || !this.session) return;
    try {
      await gridApi.patch(this.session.id, { epsilon: v });
      this.session.config.epsilon = v;
      setStatus(this.status, `ε is now ${v}: ${v === 0 ? 'the agent never explores on purpose' : `about ${Math.round(v * 100)} % of its moves are random`}.`);
    } catch (e) {
      showError(e, this.fields, this.status);
    }
  }

  // ----- drawing -----

  redraw() {
    if (!this.map) return;
    const snap = this.snapshot;
    const view = this.viewSelect.input.value;
    const layers = { agent: snap && typeof snap.position === 'number' ? snap.position : this.map.start };
    if (snap && Array.isArray(snap.q)) {
      layers.rawQ = snap.q;
      if (view === 'q') {
        layers.q = snap.q;
        layers.greedy = snap.greedy;
      } else {
        layers.values = snap.values || snap.q.map((r) => Math.max(...r));
        layers.valueName = 'max Q';
        layers.greedy = snap.greedy;
        layers.q = null;
      }
    }
    const path = this.greedyPath();
    this.dataset.greedyPath = path.join(',');
    this.dataset.greedy = snap && snap.greedy ? snap.greedy.join(',') : '';
    if (path.length > 1 && layers.greedy) layers.paths = [{ states: path, className: 'gw-path-greedy', label: 'the greedy path from the start' }];
    if (view === 'q' && layers.q) delete layers.values;
    this.board.draw(layers);
    // The open editor is never rebuilt under the learner's pointer: only its numbers change.
    if (this.editing !== null) {
      const info = this.editor.querySelector('[data-role=editor-info]');
      if (info) info.textContent = this.cellSummary(this.editing);
    }
  }

  /** Follows the greedy arrows from the start (as the map's moves would, ignoring slips). */
  greedyPath() {
    const snap = this.snapshot;
    const map = this.map;
    if (!snap || !snap.greedy || !map) return [];
    const path = [map.start];
    const seen = new Set(path);
    let st = map.start;
    for (let i = 0; i < map.rows * map.cols; i += 1) {
      const a = snap.greedy[st];
      if (!(a >= 0)) break;
      const { row, col } = rowCol(map, st);
      const dr = [-1, 0, 1, 0][a];
      const dc = [0, 1, 0, -1][a];
      const r = row + dr;
      const c = col + dc;
      if (r < 0 || c < 0 || r >= map.rows || c >= map.cols) break;
      const next = r * map.cols + c;
      if (map.tiles[next] === 'wall' || seen.has(next)) break;
      path.push(next);
      seen.add(next);
      if (['goal', 'lava', 'cliff'].includes(map.tiles[next])) break;
      st = next;
    }
    return path;
  }

  renderStats() {
    const n = this.returns.length + this.episodeOffset;
    const last = this.returns.at(-1);
    const avg = this.returns.length ? movingAverage(this.returns, AVERAGE).at(-1) : null;
    const avgLen = this.lengths.length ? movingAverage(this.lengths, AVERAGE).at(-1) : null;
    const cfg = this.session ? this.session.config : null;
    setChildren(this.stats,
      h('dt', {}, 'Agent'), h('dd', {}, cfg ? `${learnerName(cfg.algorithm)}, α ${cfg.alpha}, γ ${cfg.gamma}, ε ${cfg.epsilon}${cfg.algorithm === 'sarsa-lambda' ? `, λ ${cfg.lambda}` : ''}${cfg.algorithm === 'dyna-q' ? `, n ${cfg.planningSteps}` : ''}, seed ${cfg.seed}` : 'not started'),
      h('dt', {}, 'Steps so far'), h('dd', { 'data-role': 'steps' }, int(this.totalSteps)),
      h('dt', {}, 'Episodes finished'), h('dd', { 'data-role': 'episodes' }, int(n)),
      h('dt', {}, 'Last return'), h('dd', {}, last === undefined ? '–' : num(last, 1)),
      h('dt', {}, `Average of the last ${AVERAGE}`), h('dd', { 'data-role': 'average' }, avg === null ? '–' : `return ${num(avg, 1)}, ${num(avgLen, 1)} steps`));
  }

  // ----- the cell editor -----

  openEditor(st) {
    if (!this.map) return;
    this.editing = st;
    this.renderEditor();
    this.editor.hidden = false;
    const input = this.editor.querySelector('input');
    if (input && !input.disabled) input.focus();
    else {
      const first = this.editor.querySelector('button:not([disabled])');
      if (first) first.focus();
    }
  }

  closeEditor(refocus = false) {
    const st = this.editing;
    this.editing = null;
    this.editor.hidden = true;
    setChildren(this.editor);
    if (refocus && st !== null) this.board.focusCell(st);
  }

  renderEditor() {
    const st = this.editing;
    const map = this.map;
    if (st === null || !map) return;
    this.editor.dataset.state = String(st);
    const tile = map.tiles[st];
    const { row, col } = rowCol(map, st);
    const id = uid('gn-reward');
    const errorId = `${id}-error`;
    const reward = map.rewards[st];
    const input = h('input', {
      id, type: 'number', step: 'any', inputmode: 'decimal', value: typeof reward === 'number' ? reward : '',
      'aria-describedby': errorId, 'data-role': 'reward-input', disabled: tile === 'wall',
    });
    const error = h('span', { class: 'field-error', id: errorId });
    const apply = async (body, what) => {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      if (!(await this.ensureSession())) return;
      try {
        const answer = await gridApi.patch(this.session.id, { cell: { row, col, ...body } });
        const fresh = answer && readMap(answer.map);
        if (fresh) {
          this.map = fresh;
          this.board.setMap(fresh);
        } else {
          if (body.tile) map.tiles[st] = body.tile === 'floor' && tile === 'wall' ? 'floor' : body.tile;
          if (typeof body.reward === 'number') map.rewards[st] = body.reward;
        }
        if (answer && answer.snapshot) this.snapshot = answer.snapshot;
        const wasReachable = this.goalReachable !== false;
        const reachable = answer && typeof answer.goalReachable === 'boolean' ? answer.goalReachable : true;
        const blocker = reachable ? null : (wasReachable ? st : (this.blocker === st ? null : this.blocker));
        this.showReachable(reachable, blocker);
        this.syncUrl();
        this.redraw();
        if (body.tile) {
          // The cell changed kind: rebuild the editor for it, keeping focus inside.
          this.renderEditor();
          const next = this.editor.querySelector(body.tile === 'wall' ? '[data-action=make-floor]' : '[data-action=make-wall]');
          if (next) next.focus();
        }
        const adapt = this.running ? ' Watch the arrows re-route as the agent learns.' : ' Continue learning to see the agent adapt.';
        let message = `${cellName(map, st)} ${what}.`;
        if (!reachable) {
          const where = blocker !== null ? `Remove the wall at ${cellName(map, blocker)} to open the way again.` : 'Remove a wall next to the start’s area to open the way again.';
          message += wasReachable
            ? ` Now the goal cannot be reached from the start: this wall closed the last way there, so every episode will stop at the time limit. ${where}`
            : ` The goal still cannot be reached from the start, so every episode stops at the time limit. ${where}`;
        } else {
          message += `${wasReachable ? '' : ' The goal can be reached again.'}${adapt}`;
        }
        setStatus(this.status, message);
        this.dataset.edits = String((Number(this.dataset.edits) || 0) + 1);
      } catch (e) {
        error.textContent = e.message;
        input.setAttribute('aria-invalid', 'true');
      }
    };
    const applyReward = () => {
      const raw = input.value.trim();
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) {
        error.textContent = 'Enter a number, for example −100 or 10.';
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      apply({ reward: v }, `now gives reward ${short(v)}`);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        applyReward();
      }
    });
    const startOrGoal = tile === 'start' || tile === 'goal';
    setChildren(this.editor,
      h('p', { class: 'gw-editor-title' }, h('strong', {}, `Edit ${cellName(map, st)}`), ` (${TILE_WORDS[tile] || tile})`),
      h('p', { class: 'hint', 'data-role': 'editor-info' }, this.cellSummary(st)),
      h('div', { class: 'gw-editor-row' },
        h('div', { class: 'field' }, h('label', { for: id }, 'Reward for entering it'), input, error),
        h('button', { type: 'button', class: 'btn small', 'data-action': 'set-reward', disabled: tile === 'wall', onclick: applyReward }, 'Set reward'),
        tile === 'wall'
          ? h('button', { type: 'button', class: 'btn small', 'data-action': 'make-floor', onclick: () => apply({ tile: 'floor' }, 'is floor again') }, 'Remove the wall')
          : h('button', { type: 'button', class: 'btn small', 'data-action': 'make-wall', disabled: startOrGoal, onclick: () => apply({ tile: 'wall' }, 'is now a wall') }, 'Make it a wall'),
        h('button', { type: 'button', class: 'btn small', 'data-action': 'close-editor', onclick: () => this.closeEditor(true) }, 'Close')),
      startOrGoal ? h('p', { class: 'hint' }, 'The start and the goal cannot become walls.') : null);
    this.editor.onkeydown = (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.closeEditor(true);
      }
    };
  }

  cellSummary(st) {
    const snap = this.snapshot;
    if (!snap || !snap.q || !snap.q[st]) return 'The agent has not learned anything here yet.';
    const q = snap.q[st];
    return `Q-values now: ${['↑', '→', '↓', '←'].map((a, i) => `${a} ${short(q[i])}`).join(', ')}; greedy ${arrowOf(snap.greedy ? snap.greedy[st] : -1)}.`;
  }
}

customElements.define('grid-learn', GridLearn);
