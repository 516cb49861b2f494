// <grid-reinforce>: value-based versus policy-based. Two REINFORCE agents (Williams, 1992) learn
// on the same map with the same seed, one without and one with a learned baseline. Each cell
// shows the agent's action probabilities π(a|s) as four arrows, sized by probability, instead of
// Q-values. Both learn in server sessions ({algorithm: "reinforce" | "reinforce-baseline"}); the
// page asks for steps until each has finished the requested episodes, then charts the returns and
// compares their mean and spread. Attributes: map (a preset id).
import { h, holdFocus, int, num, setChildren, uid } from './dom.js';
import {
  GridBoard, boardLegend, fillPresetSelect, gridApi, movingAverage, numberField, paramField,
  readMap, selectField, setStatus, showError, loadPresetsInto, readFields,
} from './grid-common.js';
import { chartColors, DASHES, lineDataset, valueAxis, whenChart } from './run-charts.js';

const DEFAULTS = { map: 'open', alpha: 0.05, gamma: 0.95, seed: 3, episodes: 300 };
const AGENTS = [
  { id: 'reinforce', name: 'REINFORCE', short: 'without baseline' },
  { id: 'reinforce-baseline', name: 'REINFORCE with baseline', short: 'with baseline' },
];
const CHUNK = 500;
const WINDOW = 50;
const AVERAGE = 20;

class GridReinforce extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'reinforce';
    this.agents = AGENTS.map((a) => ({ ...a, session: null, returns: [], lengths: [], snapshot: null }));
    this.build();
    this.load();
    this.onTheme = () => {
      this.drawBoards();
      this.restyleChart();
    };
    document.addEventListener('themechange', this.onTheme);
    this.onHide = () => this.dropAll();
    window.addEventListener('pagehide', this.onHide);
  }

  disconnectedCallback() {
    this.stopping = true;
    document.removeEventListener('themechange', this.onTheme);
    window.removeEventListener('pagehide', this.onHide);
    this.dropAll();
  }

  build() {
    const titleId = uid('gr-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const wanted = this.getAttribute('map') || DEFAULTS.map;
    this.fields = {
      map: selectField({ name: 'map', label: 'Map', options: [{ id: wanted, name: wanted }] }),
      alpha: paramField('alpha', { label: 'Step size α', advice: 'try 0.05', value: DEFAULTS.alpha }),
      gamma: paramField('gamma', { label: 'Discount γ', value: DEFAULTS.gamma }),
      seed: paramField('seed', { label: 'Seed', advice: 'both agents use it', value: DEFAULTS.seed }),
      episodes: numberField({ name: 'episodes', label: 'Episodes per click', hint: '10 to 2,000', min: 10, max: 2000, integer: true, value: DEFAULTS.episodes }),
    };
    for (const key of ['map', 'alpha', 'gamma', 'seed']) {
      this.fields[key].input.addEventListener('change', () => {
        if (this.agents.some((a) => a.session)) {
          this.reset();
          setStatus(this.status, 'Settings changed: two new agents will learn with them.');
        } else if (key === 'map') {
          this.reset();
        }
      });
    }
    this.trainButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'train', onclick: () => this.train() }, 'Train both');
    this.resetButton = h('button', { type: 'button', class: 'btn', 'data-action': 'reset', onclick: () => this.reset(true) }, 'New agents');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' },
      'Both agents start with a uniform policy: each arrow ¼. Press Train both.');
    this.boards = this.agents.map((a) => {
      a.board = new GridBoard({ label: `Action probabilities of ${a.name}` });
      a.counter = h('p', { class: 'hint', 'data-role': `count-${a.id}` }, 'Not trained yet.');
      return h('figure', { class: 'gw-half', 'data-agent': a.id },
        h('figcaption', {}, a.name), a.board.el, a.counter);
    });
    this.compare = h('div', { class: 'gw-compare', 'data-role': 'compare', 'aria-live': 'polite' });
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Line chart of the return per episode of both agents; empty until they train.', 'data-chart': 'reinforce' });
    this.chartBox = h('figure', { class: 'chart-box' },
      h('figcaption', {}, `Return per episode (average of the last ${AVERAGE})`), h('div', { class: 'chart-canvas' }, this.canvas));
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Learning the policy directly: REINFORCE'),
      h('div', { class: 'gw-form' }, Object.values(this.fields).map((f) => f.el)),
      h('div', { class: 'toolbar' }, this.trainButton, this.resetButton),
      this.status,
      h('div', { class: 'gw-pair' }, this.boards),
      boardLegend(['walls', 'goal'], null),
      h('p', { class: 'hint' }, 'Each cell shows four arrows, one per action; the longer and thicker an arrow, the more likely the agent is to take it there. Focus a cell to read the exact probabilities.'),
      this.compare,
      this.chartBox,
    );
    whenChart().then((Chart) => {
      if (Chart) this.createChart();
      else this.chartBox.hidden = true;
    });
  }

  async load() {
    if (!(await loadPresetsInto(this))) return;
    fillPresetSelect(this.fields.map.input, this.presets, this.getAttribute('map') || DEFAULTS.map);
    this.reset(false);
    this.dataset.state = 'ready';
  }

  dropAll() {
    for (const a of this.agents) {
      if (a.session) gridApi.drop(a.session);
      a.session = null;
    }
  }

  reset(say) {
    this.stopping = true;
    this.dropAll();
    const preset = (this.presets || []).find((p) => p.id === this.fields.map.input.value);
    this.map = preset ? preset.map : null;
    for (const a of this.agents) {
      a.returns = [];
      a.lengths = [];
      a.snapshot = null;
      a.counter.textContent = 'Not trained yet: every action has probability ¼.';
      if (this.map) a.board.setMap(this.map);
    }
    this.drawBoards();
    this.renderCompare();
    this.updateChart();
    this.dataset.episodes = '0';
    if (say) setStatus(this.status, 'Two new agents with uniform policies.');
  }

  drawBoards() {
    if (!this.map) return;
    const uniform = this.map.tiles.map(() => [0.25, 0.25, 0.25, 0.25]);
    for (const a of this.agents) {
      const snap = a.snapshot;
      a.board.draw({
        probabilities: snap && Array.isArray(snap.probabilities) ? snap.probabilities : uniform,
        agent: -1,
      });
    }
  }

  config() {
    const cfg = { map: this.fields.map.input.value };
    return readFields(this.fields, ['alpha', 'gamma', 'seed', 'episodes'], cfg);
  }

  setBusy(on) {
    this.busy = on;
    this.setAttribute('aria-busy', String(on));
    if (on) this.restoreFocus = holdFocus(this);
    this.trainButton.disabled = on;
    this.trainButton.textContent = on ? 'Training…' : 'Train both';
    if (!on && this.restoreFocus) {
      this.restoreFocus(this.trainButton);
      this.restoreFocus = null;
    }
  }

  async train() {
    if (this.busy) return;
    const cfg = this.config();
    if (!cfg) {
      setStatus(this.status, 'Please fix the highlighted settings first.', true);
      return;
    }
    this.stopping = false;
    this.setBusy(true);
    try {
      for (const a of this.agents) {
        if (!a.session) {
          // eslint-disable-next-line no-await-in-loop
          const created = await gridApi.createSession({
            map: cfg.map, algorithm: a.id, alpha: cfg.alpha, gamma: cfg.gamma, epsilon: 0, seed: cfg.seed,
          });
          a.session = created.id;
          a.snapshot = created.snapshot;
          const map = readMap(created.map);
          if (map) {
            this.map = map;
            a.board.setMap(map);
          }
        }
      }
      for (const a of this.agents) {
        const target = a.returns.length + cfg.episodes;
        let guard = 0;
        while (a.returns.length < target && !this.stopping && guard < 400) {
          guard += 1;
          setStatus(this.status, `Training ${a.name}: ${int(a.returns.length)} of ${int(target)} episodes…`);
          // eslint-disable-next-line no-await-in-loop
          // Steps for about the episodes still missing, judged by the recent episode lengths.
          const recent = a.lengths.slice(-20);
          const avgLength = recent.length ? recent.reduce((x, y) => x + y, 0) / recent.length : 50;
          const steps = Math.max(10, Math.min(CHUNK, Math.ceil((target - a.returns.length) * avgLength)));
          const answer = await gridApi.step(a.session, steps);
          a.snapshot = answer.snapshot;
          for (const ep of answer.episodes || []) {
            a.returns.push(Number(ep.return));
            a.lengths.push(Number(ep.length));
          }
          this.drawBoards();
          this.updateChart();
        }
        a.counter.textContent = `${int(a.returns.length)} episodes trained.`;
      }
    } catch (e) {
      this.setBusy(false);
      if (e.status === 404) {
        this.reset(false);
        setStatus(this.status, 'The server had forgotten these agents (idle too long). Press Train both to start again.', true);
      } else {
        showError(e, this.fields, this.status);
      }
      return;
    }
    this.setBusy(false);
    if (this.stopping) return;
    this.drawBoards();
    this.renderCompare();
    this.updateChart();
    this.dataset.episodes = String(Math.min(...this.agents.map((a) => a.returns.length)));
    setStatus(this.status, `Done: both agents have trained ${int(this.agents[0].returns.length)} episodes. Press Train both again to continue.`);
  }

  renderCompare() {
    const stats = this.agents.map((a) => {
      const last = a.returns.slice(-WINDOW);
      if (!last.length) return null;
      const mean = last.reduce((x, y) => x + y, 0) / last.length;
      const sd = Math.sqrt(last.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, last.length - 1));
      const lengths = a.lengths.slice(-WINDOW);
      const steps = lengths.reduce((x, y) => x + y, 0) / lengths.length;
      return { mean, sd, steps, n: last.length };
    });
    if (!stats[0] || !stats[1]) {
      setChildren(this.compare);
      return;
    }
    const row = (label, f) => h('tr', {}, h('th', { scope: 'row' }, label), stats.map((st) => h('td', {}, f(st))));
    const limit = this.map && this.map.maxSteps ? this.map.maxSteps : null;
    const words = [];
    this.agents.forEach((a, i) => {
      if (limit && stats[i].steps >= 0.9 * limit) {
        words.push(`${a.name} is stuck: almost every episode runs into the time limit of ${limit} steps, because its policy no longer leads to the goal. Focus the start cell on its grid to see why.`);
      }
    });
    const gap = stats[1].mean - stats[0].mean;
    if (Math.abs(gap) < 0.5) words.push('Both end with about the same mean return.');
    else words.push(`${gap > 0 ? this.agents[1].name : this.agents[0].name} ends with the higher mean return (${num(Math.max(stats[0].mean, stats[1].mean), 1)} against ${num(Math.min(stats[0].mean, stats[1].mean), 1)}).`);
    words.push('One seed is one roll of the dice: try a few others before you conclude.');
    setChildren(this.compare,
      h('table', { class: 'gw-table' },
        h('caption', {}, `The last ${stats[0].n} episodes of each agent`),
        h('thead', {}, h('tr', {}, h('td', {}), this.agents.map((a) => h('th', { scope: 'col' }, a.short)))),
        h('tbody', {},
          row('Mean return', (st) => num(st.mean, 1)),
          row('Spread of the returns (standard deviation)', (st) => num(st.sd, 1)),
          row('Mean steps per episode', (st) => num(st.steps, 1)))),
      h('p', { class: 'widget-note', 'data-role': 'verdict' }, words.join(' ')));
  }

  createChart() {
    const c = chartColors();
    this.chart = new window.Chart(this.canvas, {
      type: 'line',
      data: {
        datasets: this.agents.map((a, i) => lineDataset(a.name, [], c.series[i], { borderDash: DASHES[i] })),
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          legend: { labels: { color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 24 } },
          tooltip: { callbacks: { title: (i) => (i.length ? `episode ${int(i[0].parsed.x)}` : ''), label: (i) => `${i.dataset.label}: ${num(i.parsed.y, 1)}` } },
        },
        scales: {
          x: { type: 'linear', min: 1, title: { display: true, text: 'Episode', color: c.text }, ticks: { color: c.text, precision: 0 }, grid: { color: c.grid } },
          y: valueAxis(c, 'Return (sum of rewards)'),
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
    if (this.chart) {
      this.agents.forEach((a, i) => {
        const avg = movingAverage(a.returns, AVERAGE);
        this.chart.data.datasets[i].data = avg.map((y, k) => ({ x: k + 1, y }));
      });
      this.chart.update('none');
    }
    const n = Math.min(...this.agents.map((a) => a.returns.length));
    if (n) {
      this.canvas.setAttribute('aria-label', `Line chart of the return per episode, averaged over ${AVERAGE} episodes, of both agents over ${n} episodes. ${
        this.agents.map((a) => `${a.name}: last average ${num(movingAverage(a.returns, AVERAGE).at(-1), 1)}`).join('; ')}.`);
    }
  }
}

customElements.define('grid-reinforce', GridReinforce);
