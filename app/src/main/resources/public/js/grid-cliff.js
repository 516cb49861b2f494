// <grid-cliff>: Sutton & Barto's Cliff Walking (Example 6.6), predicted first, then run for real.
// The learner predicts where SARSA's greedy path will go and which learner collects more reward
// while learning; then the page trains Q-learning and SARSA on the `cliff` map in this browser
// (engine.js; ε 0.1, α 0.5, 500 episodes, several seeds), charts their returns
// per episode averaged over the seeds, draws their greedy paths and grades the predictions
// against what actually happened.
import { h, holdFocus, int, num, setChildren, uid } from './dom.js';
import { train, whereText } from './engine.js';
import {
  GridBoard, loadPresets, movingAverage, numberField, paramField, setStatus, showError, readFields,
} from './grid-common.js';
import { chartColors, DASHES, lineDataset, valueAxis, whenChart } from './run-charts.js';

const DEFAULTS = { epsilon: 0.1, alpha: 0.5, gamma: 1, episodes: 500, seeds: 3, seed: 1 };
const LEARNERS = [
  { id: 'q-learning', name: 'Q-learning', className: 'gw-path-q' },
  { id: 'sarsa', name: 'SARSA', className: 'gw-path-sarsa' },
];
const SMOOTH = 10;
const TAIL = 100;
const ARROWS = { '↑': 0, '→': 1, '↓': 2, '←': 3, '^': 0, '>': 1, v: 2, '<': 3, U: 0, R: 1, D: 2, L: 3 };

const QUESTIONS = [
  {
    name: 'path',
    legend: '1. After 500 episodes, which way does SARSA’s greedy policy go?',
    options: [
      { id: 'edge', text: 'Right along the edge of the cliff: the shortest path.' },
      { id: 'safe', text: 'Along a safer row, further from the edge: a longer path.' },
    ],
  },
  {
    name: 'online',
    legend: '2. While they learn (still exploring with ε = 0.1), which collects more reward per episode?',
    options: [
      { id: 'q-learning', text: 'Q-learning.' },
      { id: 'sarsa', text: 'SARSA.' },
      { id: 'same', text: 'About the same.' },
    ],
  },
];

class GridCliff extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'cliff';
    this.build();
    this.load();
    this.onTheme = () => {
      this.drawBoard();
      this.restyleChart();
    };
    document.addEventListener('themechange', this.onTheme);
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
    if (this.run) this.run.stop();
  }

  build() {
    const titleId = uid('gc-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.predictionError = h('p', { class: 'field-error', id: uid('gc-perr'), 'data-role': 'prediction-error' });
    this.groups = QUESTIONS.map((q) => {
      const inputs = q.options.map((o) => {
        const id = uid(`gc-${q.name}`);
        const input = h('input', { type: 'radio', id, name: `${this.id}-${q.name}`, value: o.id, 'data-question': q.name });
        input.addEventListener('change', () => {
          this.predictionError.textContent = '';
        });
        return h('label', { for: id, class: 'gw-choice' }, input, ' ', o.text);
      });
      return h('fieldset', { class: 'gw-predict', 'data-question': q.name, 'aria-describedby': this.predictionError.id },
        h('legend', {}, q.legend), inputs);
    });
    this.fields = {
      epsilon: paramField('epsilon', { label: 'Exploration ε', advice: 'the book uses 0.1', value: DEFAULTS.epsilon }),
      alpha: paramField('alpha', { label: 'Learning rate α', advice: 'the book uses 0.5', value: DEFAULTS.alpha }),
      episodes: numberField({ name: 'episodes', label: 'Episodes', hint: '10 to 5,000', min: 10, max: 5000, integer: true, value: DEFAULTS.episodes }),
      seeds: numberField({ name: 'seeds', label: 'Seeds to average', hint: '1 to 10', min: 1, max: 10, integer: true, value: DEFAULTS.seeds }),
      seed: paramField('seed', { label: 'First seed', advice: 'seeds seed, seed+1, …', value: DEFAULTS.seed }),
    };
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, 'Run the experiment');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Training progress' });
    this.verdict = h('div', { class: 'gw-verdict', 'data-role': 'verdict', 'aria-live': 'polite' });
    this.board = new GridBoard({ label: 'The cliff map with both learners’ greedy paths' });
    this.pathNotes = h('ul', { class: 'legend gw-legend', 'aria-label': 'Paths', 'data-role': 'paths' },
      LEARNERS.map((l) => h('li', {}, h('span', { class: `gw-key gw-key-path ${l.className}`, 'aria-hidden': 'true' }), `${l.name}’s greedy path`)),
      h('li', {}, h('span', { class: 'gw-key gw-key-cliff', 'aria-hidden': 'true' }), 'cliff: −100 and back to the start'));
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Line chart of the sum of rewards per episode for Q-learning and SARSA; empty until the experiment runs.', 'data-chart': 'cliff' });
    this.wholeBox = h('input', { type: 'checkbox', id: uid('gc-whole'), 'data-role': 'whole-range' });
    this.wholeBox.addEventListener('change', () => this.updateChart());
    this.axisNote = h('span', { class: 'hint', 'data-role': 'axis-note' });
    this.chartBox = h('figure', { class: 'chart-box' },
      h('figcaption', {}, `Sum of rewards during each episode (mean over seeds, smoothed over ${SMOOTH} episodes)`),
      h('div', { class: 'chart-canvas gw-chart-tall' }, this.canvas),
      h('p', { class: 'check chart-tools' },
        h('label', { for: this.wholeBox.id }, this.wholeBox, ' Show the whole range'), ' ', this.axisNote));
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Cliff Walking: predict, then run it'),
      h('p', { class: 'widget-note' }, 'Both learners train on the same map with the same settings. Make your predictions first; they are graded against the real run.'),
      h('div', { class: 'gw-predictions' }, this.groups),
      this.predictionError,
      h('details', { class: 'gw-settings' }, h('summary', {}, 'Change the experiment (defaults: the book’s)'),
        h('div', { class: 'gw-form' }, Object.values(this.fields).map((f) => f.el))),
      h('div', { class: 'toolbar' }, this.runButton),
      this.progress, this.status, this.verdict,
      h('div', { class: 'gw-board-only' }, this.board.el), this.pathNotes,
      this.chartBox,
    );
    whenChart().then((Chart) => {
      if (Chart) this.createChart();
      else this.chartBox.hidden = true;
    });
  }

  async load() {
    try {
      const presets = await loadPresets();
      const cliff = presets.find((p) => p.id === 'cliff');
      this.map = cliff ? cliff.map : null;
    } catch (e) {
      setStatus(this.status, `${e.message} The map could not be loaded.`, true);
      this.dataset.state = 'error';
      return;
    }
    if (this.map) {
      this.board.setMap(this.map);
      this.drawBoard();
    }
    this.dataset.state = 'ready';
  }

  answer(name) {
    const checked = this.querySelector(`input[data-question="${name}"]:checked`);
    return checked ? checked.value : null;
  }

  config() {
    return readFields(this.fields, Object.keys(this.fields));
  }

  setBusy(on) {
    this.busy = on;
    this.setAttribute('aria-busy', String(on));
    if (on) this.restoreFocus = holdFocus(this);
    this.runButton.disabled = on;
    for (const input of this.querySelectorAll('.gw-predict input')) input.disabled = on;
    if (!on && this.restoreFocus) {
      this.restoreFocus(this.runButton);
      this.restoreFocus = null;
    }
  }

  async run() {
    if (this.busy) return;
    if (!this.answer('path') || !this.answer('online')) {
      this.predictionError.textContent = 'First make both predictions: choose one answer in each question above.';
      const first = this.groups.find((g) => !g.querySelector('input:checked'));
      if (first) first.querySelector('input').focus();
      return;
    }
    const cfg = this.config();
    if (!cfg) {
      this.querySelector('.gw-settings').open = true;
      setStatus(this.status, 'Please fix the highlighted settings first.', true);
      return;
    }
    this.predicted = { path: this.answer('path'), online: this.answer('online') };
    this.setBusy(true);
    setChildren(this.verdict);
    this.results = null;
    const total = LEARNERS.length * cfg.seeds;
    this.progress.hidden = false;
    this.progress.max = total;
    this.progress.value = 0;
    const results = {};
    try {
      for (const l of LEARNERS) {
        results[l.id] = [];
        for (let k = 0; k < cfg.seeds; k += 1) {
          setStatus(this.status, `Training ${l.name}, seed ${cfg.seed + k} (${int(cfg.episodes)} episodes)…`);
          // eslint-disable-next-line no-await-in-loop
          const run = train({
            env: 'gridworld:cliff', algorithm: l.id, episodes: cfg.episodes, alpha: cfg.alpha,
            gamma: DEFAULTS.gamma, epsilon: cfg.epsilon, seed: cfg.seed + k,
          });
          this.run = run;
          const end = await run.done;
          if (!end.result) return; // stopped: the page went away
          this.where = end;
          results[l.id].push(end.result);
          this.progress.value += 1;
        }
      }
    } catch (e) {
      this.progress.hidden = true;
      this.setBusy(false);
      showError(e, this.fields, this.status);
      if (e.field && this.fields[e.field]) this.querySelector('.gw-settings').open = true;
      return;
    }
    this.progress.hidden = true;
    this.setBusy(false);
    this.results = { cfg, runs: results };
    this.analyse();
    this.drawBoard();
    this.updateChart();
    this.grade();
    setStatus(this.status, `Done: ${LEARNERS.length} learners × ${cfg.seeds} seed${cfg.seeds === 1 ? '' : 's'} × ${int(cfg.episodes)} episodes. ${whereText(this.where)}`);
    this.dataset.where = this.where.where === 'server' ? 'server' : `browser-${this.where.build}`;
    this.dataset.state = 'done';
  }

  /** Mean curves, tail means and each greedy path's kind (edge or safe). */
  analyse() {
    const { runs } = this.results;
    const edgeCells = this.edgeCells();
    this.summary = {};
    for (const l of LEARNERS) {
      const list = runs[l.id];
      const n = Math.min(...list.map((r) => r.returns.length));
      const mean = [];
      for (let i = 0; i < n; i += 1) mean.push(list.reduce((sum, r) => sum + r.returns[i], 0) / list.length);
      const tail = mean.slice(-Math.min(TAIL, n));
      const paths = list.map((r) => this.pathOf(r));
      const kinds = paths.map((p) => this.pathKind(p, edgeCells));
      const edge = kinds.filter((k) => k === 'edge').length;
      this.summary[l.id] = {
        mean,
        tailMean: tail.reduce((x, y) => x + y, 0) / Math.max(1, tail.length),
        overallMean: mean.reduce((x, y) => x + y, 0) / Math.max(1, mean.length),
        paths,
        kinds,
        kind: edge * 2 > kinds.length ? 'edge' : 'safe',
        edgeCount: edge,
        rowOf: paths[0] ? this.furthestRow(paths[0]) : null,
      };
    }
    this.dataset.sarsaPath = this.summary.sarsa.kind;
    this.dataset.qPath = this.summary['q-learning'].kind;
  }

  /** Open cells next to the cliff (not the start or goal): the edge. */
  edgeCells() {
    const map = this.map;
    const set = new Set();
    if (!map) return set;
    for (let st = 0; st < map.tiles.length; st += 1) {
      if (!['floor'].includes(map.tiles[st])) continue;
      const r = Math.floor(st / map.cols);
      const c = st % map.cols;
      const near = [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]].some(([rr, cc]) => rr >= 0 && cc >= 0
        && rr < map.rows && cc < map.cols && map.tiles[rr * map.cols + cc] === 'cliff');
      if (near) set.add(st);
    }
    return set;
  }

  /** The run's greedy path: `path` if sent, else followed from `greedy` arrows. */
  pathOf(r) {
    if (Array.isArray(r.path) && r.path.length) return r.path.map(Number);
    const map = this.map;
    if (!map || !r.greedy) return [];
    const greedy = Array.isArray(r.greedy[0]) || typeof r.greedy[0] === 'string'
      ? r.greedy.flatMap((row) => [...(Array.isArray(row) ? row : String(row))].map((ch) => (typeof ch === 'number' ? ch : ARROWS[ch] ?? -1)))
      : r.greedy;
    const path = [map.start];
    const seen = new Set(path);
    let st = map.start;
    for (let i = 0; i < map.tiles.length; i += 1) {
      const a = greedy[st];
      if (!(a >= 0)) break;
      const row = Math.floor(st / map.cols) + [-1, 0, 1, 0][a];
      const col = (st % map.cols) + [0, 1, 0, -1][a];
      if (row < 0 || col < 0 || row >= map.rows || col >= map.cols) break;
      const next = row * map.cols + col;
      if (map.tiles[next] === 'wall' || seen.has(next)) break;
      path.push(next);
      seen.add(next);
      if (['goal', 'cliff', 'lava'].includes(map.tiles[next])) break;
      st = next;
    }
    return path;
  }

  /** 'edge' if the path walks along more than half of the cells next to the cliff. */
  pathKind(path, edgeCells) {
    if (!edgeCells.size) return 'safe';
    const on = path.filter((st) => edgeCells.has(st)).length;
    return on * 2 > edgeCells.size ? 'edge' : 'safe';
  }

  /** How many rows above the cliff the path's middle part keeps (1 = right at the edge). */
  furthestRow(path) {
    const map = this.map;
    const cliffRow = map.tiles.findIndex((t) => t === 'cliff');
    if (cliffRow < 0 || !path.length) return null;
    const cr = Math.floor(cliffRow / map.cols);
    return Math.max(...path.map((st) => cr - Math.floor(st / map.cols)));
  }

  grade() {
    if (!this.summary) return;
    const q = this.summary['q-learning'];
    const sa = this.summary.sarsa;
    const seeds = this.results.cfg.seeds;
    const pathAnswer = this.predicted.path;
    const onlineAnswer = this.predicted.online;
    const gap = sa.tailMean - q.tailMean;
    const scale = Math.max(1, Math.abs(sa.tailMean), Math.abs(q.tailMean));
    const onlineActual = Math.abs(gap) < 0.05 * scale ? 'same' : gap > 0 ? 'sarsa' : 'q-learning';
    const pathRight = pathAnswer === sa.kind;
    const onlineRight = onlineAnswer === onlineActual;
    const words = { edge: 'right along the edge', safe: 'along a safer row, away from the edge' };
    const onlineWords = { sarsa: 'SARSA collected more', 'q-learning': 'Q-learning collected more', same: 'they collected about the same' };
    const mark = (right) => h('span', { class: `gw-mark-result ${right ? 'right' : 'wrong'}` }, right ? '✓ Your prediction was right.' : '✗ Not what happened.');
    const tailN = Math.min(TAIL, sa.mean.length);
    setChildren(this.verdict,
      h('div', { class: 'gw-verdict-item', 'data-question': 'path', 'data-correct': String(pathRight) },
        mark(pathRight), ' ',
        `SARSA’s greedy path goes ${words[sa.kind]} in ${sa.kind === 'edge' ? sa.edgeCount : seeds - sa.edgeCount} of ${seeds} seed${seeds === 1 ? '' : 's'}`,
        sa.rowOf ? ` (seed ${this.results.cfg.seed}: up to ${sa.rowOf} row${sa.rowOf === 1 ? '' : 's'} above the cliff, ${sa.paths[0].length - 1} steps)` : '',
        `. Q-learning’s goes ${words[q.kind]}`,
        q.paths[0] && q.paths[0].length ? ` (${q.paths[0].length - 1} steps)` : '', '.'),
      h('div', { class: 'gw-verdict-item', 'data-question': 'online', 'data-correct': String(onlineRight) },
        mark(onlineRight), ' ',
        `Over the last ${tailN} episodes, while still exploring, ${onlineWords[onlineActual]}: on average ${num(sa.tailMean, 1)} per episode for SARSA against ${num(q.tailMean, 1)} for Q-learning.`),
      h('p', { class: 'widget-note' },
        'Why: Q-learning learns the value of the greedy path and walks the edge, so the random moves of ε-greedy sometimes tip it into the cliff. SARSA learns the value of what it really does, random moves included, so the edge looks dangerous to it and it keeps its distance.'));
    this.dataset.graded = String(pathRight && onlineRight ? 'right' : pathRight || onlineRight ? 'partly' : 'wrong');
  }

  drawBoard() {
    if (!this.map) return;
    const layers = { agent: -1 };
    if (this.summary) {
      layers.paths = LEARNERS.map((l) => ({
        states: this.summary[l.id].paths[0] || [], className: l.className, label: `${l.name}’s greedy path`,
      }));
    }
    this.board.draw(layers);
  }

  createChart() {
    const c = chartColors();
    this.chart = new window.Chart(this.canvas, {
      type: 'line',
      // The same colours and dashes as the paths on the grid: Q-learning orange and dashed, SARSA blue.
      data: { datasets: [lineDataset('Q-learning', [], c.orange, { borderDash: DASHES[1] }), lineDataset('SARSA', [], c.blue)] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          legend: { labels: { color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 28 } },
          tooltip: { callbacks: { title: (i) => (i.length ? `episode ${int(i[0].parsed.x)}` : ''), label: (i) => `${i.dataset.label}: ${num(i.parsed.y, 1)}` } },
        },
        scales: {
          x: { type: 'linear', min: 1, max: DEFAULTS.episodes, title: { display: true, text: 'Episode', color: c.text }, ticks: { color: c.text, precision: 0 }, grid: { color: c.grid } },
          y: valueAxis(c, 'Sum of rewards during episode', { min: -100, suggestedMax: 0 }),
        },
      },
    });
    this.updateChart();
  }

  restyleChart() {
    if (!this.chart) return;
    this.chart.destroy();
    this.createChart();
  }

  updateChart() {
    if (!this.summary) return;
    if (this.chart) {
      LEARNERS.forEach((l, i) => {
        const smooth = movingAverage(this.summary[l.id].mean, SMOOTH);
        this.chart.data.datasets[i].data = smooth.map((y, k) => ({ x: k + 1, y }));
      });
      this.chart.options.scales.x.max = this.results.cfg.episodes;
      // The book's view (Sutton & Barto, Example 6.6) cuts the axis at −100, where the first
      // episodes fall far below; "whole range" goes down to the lowest point instead.
      const lowest = Math.min(...this.chart.data.datasets.flatMap((d) => d.data.map((p) => p.y)));
      const whole = this.wholeBox.checked;
      this.chart.options.scales.y.min = whole ? Math.floor(lowest / 50) * 50 : -100;
      const below = this.chart.data.datasets[0].data.concat(this.chart.data.datasets[1].data)
        .filter((p) => p.y < -100).reduce((m, p) => Math.max(m, p.x), 0);
      this.axisNote.textContent = whole || !below ? ''
        : `(as in the book, the axis stops at −100: the curves start below it and come into view after episode ${int(below)})`;
      this.chart.update('none');
    }
    this.canvas.setAttribute('aria-label', `Line chart of the sum of rewards per episode, mean over ${this.results.cfg.seeds} seeds: ${
      LEARNERS.map((l) => `${l.name} averages ${num(this.summary[l.id].tailMean, 1)} over the last episodes`).join('; ')}.${
      this.wholeBox.checked ? '' : ' The axis is cut at −100.'}`);
  }
}

customElements.define('grid-cliff', GridCliff);
