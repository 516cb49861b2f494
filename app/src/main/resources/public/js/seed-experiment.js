// <seed-experiment>: "Run 5 seeds". Trains the training form's configuration with seeds seed,
// seed+1, … in this browser (engine.js; the server where the browser cannot) and shows how much the outcome depends on luck: the mean
// learning curve with a ±1 standard deviation band, and every seed's exact expected return.
import { api } from './api.js';
import { experiment, whereText } from './engine.js';
import { focusScrollables, h, int, num, setChildren, uid } from './dom.js';
import { CONFIG_CHANGED } from './store.js';
import { DEFAULTS } from './train-agent.js';
import {
  chartBox, chartColors, chartsReady, configText, destroyCharts, episodesAxis, flatDataset, gapOf,
  lineDataset, lineOptions, valueAxis, withAlpha,
} from './run-charts.js';

const KEYS = Object.keys(DEFAULTS);
const MIN_SEEDS = 2;
const MAX_SEEDS = 10;
const DEFAULT_SEEDS = 5;
const NUMERIC = new Set(['episodes', 'alpha', 'gamma', 'epsilon', 'epsilonFinal', 'seed']);

class SeedExperiment extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'seeds';
    this.charts = null;
    this.experiment = null;
    this.build();
    this.setState('idle');
    this.describe(this.formValues());
    this.onConfig = (e) => this.describe(e.detail.values);
    this.onTheme = () => this.drawCharts();
    document.addEventListener(CONFIG_CHANGED, this.onConfig);
    document.addEventListener('themechange', this.onTheme);
  }

  disconnectedCallback() {
    document.removeEventListener(CONFIG_CHANGED, this.onConfig);
    document.removeEventListener('themechange', this.onTheme);
    this.destroyCharts();
  }

  build() {
    const titleId = uid('se-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const selectId = uid('se-seeds');
    this.seedsSelect = h('select', { id: selectId, name: 'seeds', 'aria-describedby': `${selectId}-hint` });
    for (let n = MIN_SEEDS; n <= MAX_SEEDS; n += 1) {
      this.seedsSelect.append(h('option', { value: n, text: String(n) }));
    }
    this.seedsSelect.value = String(DEFAULT_SEEDS);
    this.seedsSelect.addEventListener('change', () => {
      this.runButton.textContent = `Run ${this.seedsSelect.value} seeds`;
      this.describe(this.formValues());
    });
    this.runButton = h('button', {
      type: 'submit', class: 'btn primary', 'data-action': 'run-seeds',
    }, `Run ${DEFAULT_SEEDS} seeds`);
    const form = h('form', { class: 'toolbar seed-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: selectId }, 'Number of seeds'), this.seedsSelect),
      this.runButton);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.start();
    });
    this.configLine = h('p', { class: 'hint', id: `${selectId}-hint`, 'data-role': 'config' });
    this.progress = h('progress', { 'aria-label': 'Training the seeds', hidden: true });
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.stale = h('p', { class: 'widget-note', hidden: true, 'data-role': 'stale' },
      'The settings above have changed since this experiment; run it again to compare.');
    this.results = h('div', { class: 'seed-results', hidden: true, 'data-role': 'results' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Skill or luck? Train the same agent with several seeds'),
      h('p', { class: 'seed-lede' },
        'One seed is an anecdote; five seeds show how much of the difference is luck. ',
        'Each seed shuffles the cards and the exploring moves differently, with every other setting the same.'),
      form, this.configLine, this.progress, this.status, this.stale, this.results);
  }

  setState(state) {
    this.state = state;
    this.dataset.state = state;
    const busy = state === 'running';
    this.runButton.disabled = busy;
    this.seedsSelect.disabled = busy;
    this.setAttribute('aria-busy', String(busy));
    this.progress.hidden = !busy;
  }

  setStatus(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle('error', isError);
  }

  trainAgent() {
    return document.querySelector('train-agent');
  }

  /** The training form's raw values, or the page URL's, or the defaults. */
  formValues() {
    const agent = this.trainAgent();
    if (agent && typeof agent.currentValues === 'function' && agent.fields) return agent.currentValues();
    const params = new URL(window.location.href).searchParams;
    const values = {};
    for (const key of KEYS) values[key] = params.has(key) ? params.get(key) : String(DEFAULTS[key]);
    return values;
  }

  /** The configuration to send, or null (the training form then shows what is wrong). */
  readConfig() {
    const agent = this.trainAgent();
    if (agent && typeof agent.trainingConfig === 'function' && agent.fields) return agent.trainingConfig();
    const values = this.formValues();
    const config = { env: 'blackjack' };
    for (const key of KEYS) {
      config[key] = NUMERIC.has(key) ? Number(values[key]) : values[key];
      if (NUMERIC.has(key) && !Number.isFinite(config[key])) return null;
    }
    return config;
  }

  seedCount() {
    const n = Number(this.seedsSelect.value);
    return Math.min(MAX_SEEDS, Math.max(MIN_SEEDS, Number.isInteger(n) ? n : DEFAULT_SEEDS));
  }

  describe(values) {
    if (!values) return;
    const n = this.seedCount();
    const seed = Number(values.seed);
    const seeds = Number.isFinite(seed) ? `seeds ${seed} to ${seed + n - 1}` : `${n} seeds`;
    const cfg = { ...values, episodes: Number(values.episodes) };
    const text = configText(cfg).split(' · ').filter((part) => !part.startsWith('seed ')).join(' · ');
    this.configLine.textContent = `Trains ${seeds} with the settings of the form above: ${text}. At most 2,000,000 episodes per seed.`;
    if (this.experiment) {
      const done = this.experiment.config || {};
      const same = KEYS.every((k) => String(done[k]) === String(values[k]) || (NUMERIC.has(k) && Number(done[k]) === Number(values[k])));
      this.stale.hidden = same;
    }
  }

  async start() {
    if (this.state === 'running') return;
    const config = this.readConfig();
    if (!config) {
      this.setStatus('A setting in the training form above is not a number; fix it first.', true);
      return;
    }
    const seeds = this.seedCount();
    this.setState('running');
    this.setStatus(`Training ${seeds} agents of ${int(config.episodes)} episodes each…`);
    const started = performance.now();
    let answer;
    let end;
    try {
      end = await experiment({ ...config, seeds }).done;
      answer = end.answer;
    } catch (e) {
      this.setState('error');
      this.runButton.focus();
      if (e.status === 429) {
        this.setStatus(`${e.message} Only one seed experiment trains at a time on this server.`, true);
      } else if (e.status === 400) {
        const agent = this.trainAgent();
        const marked = e.field && e.field !== 'seeds' && agent && typeof agent.showFieldError === 'function'
          && agent.showFieldError(e.field, e.message);
        this.setStatus(marked
          ? `A setting in the training form above does not suit a seed experiment: ${e.message}`
          : e.message, true);
      } else {
        this.setStatus(`The experiment did not run. ${e.message}`, true);
      }
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    const reports = Array.isArray(answer.reports) ? answer.reports : [];
    delete answer.reports;
    this.experiment = answer;
    this.dataset.where = end.where === 'server' ? 'server' : `browser-${end.build}`;
    this.setState('done');
    this.stale.hidden = true;
    this.setStatus(`Done: ${answer.seeds ? answer.seeds.length : seeds} seeds in ${seconds.toFixed(1)} s. ${whereText(end)}`);
    this.render();
    if (reports.length) await this.save(answer, reports);
  }

  /** Saves each seed's run trained in this browser, so the table links to it as to a server's. */
  async save(answer, reports) {
    const ids = [];
    for (const report of reports) {
      try {
        // eslint-disable-next-line no-await-in-loop
        ids.push((await api.saveRun(report.config, report)).id);
      } catch (e) {
        return; // no server, or it refused: the table keeps "–"
      }
    }
    if (this.experiment !== answer) return;
    answer.runs = ids;
    this.render();
    this.dataset.saved = 'yes';
  }

  render() {
    const x = this.experiment;
    const values = (x.expectedReturn && x.expectedReturn.values) || [];
    const seeds = x.seeds || values.map((_, i) => (x.config ? x.config.seed : 0) + i);
    const mean = x.expectedReturn ? x.expectedReturn.mean : null;
    const sd = x.expectedReturn ? x.expectedReturn.sd : null;
    const lo = values.length ? Math.min(...values) : null;
    const hi = values.length ? Math.max(...values) : null;
    this.boxes = {
      band: chartBox('seed-band', `Mean return per hand while training: mean of ${seeds.length} seeds ± 1 standard deviation`,
        `Line chart of the mean return per hand across ${seeds.length} seeds against episodes trained, with a band of one standard deviation either side.`),
      returns: chartBox('seed-returns', 'Exact expected return of each seed’s learned policy',
        `Dot chart of the exact expected return per hand of each seed's learned greedy policy: mean ${num(mean, 4)}, from ${
          num(lo, 4)} to ${num(hi, 4)}; the optimum is ${num(x.optimalExpectedReturn, 4)}.`),
    };
    this.chartNote = h('p', { class: 'widget-note', hidden: true },
      'The chart library did not load; the numbers are in the table below.');
    const table = h('table', { class: 'runs-table', 'data-role': 'seed-table' },
      h('caption', {}, 'Exact expected return per hand of the greedy policy each seed learned.'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, 'Seed'),
        h('th', { scope: 'col', class: 'num' }, 'Expected return'),
        h('th', { scope: 'col', class: 'num' }, 'Gap to optimum'),
        h('th', { scope: 'col' }, 'Saved run'))),
      h('tbody', {}, seeds.map((s, i) => h('tr', { 'data-seed': s },
        h('td', { class: 'num' }, String(s)),
        h('td', { class: 'num', 'data-role': 'expected-return' }, num(values[i], 4)),
        h('td', { class: 'num' }, num(gapOf(values[i], x.optimalExpectedReturn), 4)),
        h('td', {}, x.runs && x.runs[i]
          ? h('a', { href: `/runs/${encodeURIComponent(x.runs[i])}` }, `open seed ${s}`) : '–')))));
    setChildren(this.results,
      h('p', { class: 'seed-summary', 'data-role': 'summary' },
        `Across ${seeds.length} seeds the learned policies’ exact expected return is `,
        h('strong', { 'data-role': 'mean' }, num(mean, 4)),
        ' per hand on average, with a standard deviation of ',
        h('strong', { 'data-role': 'sd' }, num(sd, 4)),
        ` (from ${num(lo, 4)} to ${num(hi, 4)}). The optimum is ${num(x.optimalExpectedReturn, 4)}, so the mean gap is ${
          num(gapOf(mean, x.optimalExpectedReturn), 4)}. `,
        this.verdict(values, sd, x)),
      this.chartNote,
      h('div', { class: 'charts seed-charts' }, this.boxes.band.el, this.boxes.returns.el),
      h('details', { class: 'seed-details' },
        h('summary', {}, 'Every seed’s numbers'),
        h('div', { class: 'scroll-box' }, table)));
    this.results.hidden = false;
    focusScrollables(this);
    this.drawCharts();
  }

  /** One plain sentence on what the spread means. */
  verdict(values, sd, x) {
    if (!values.length || sd === null) return '';
    const gap = gapOf(Math.max(...values), x.optimalExpectedReturn);
    if (sd < 0.001 && gap < 0.002) {
      return 'Every seed ends close to optimal: with these settings luck hardly matters.';
    }
    return `Two runs that differ by less than about ${num(2 * sd, 3)} may differ by luck alone, not because one setting is better.`;
  }

  destroyCharts() {
    this.charts = destroyCharts(this.charts);
  }

  async drawCharts() {
    const x = this.experiment;
    if (!x || !this.boxes) return;
    const Chart = await chartsReady(this);
    if (!Chart) return;
    const c = chartColors();
    const curve = Array.isArray(x.curve) ? x.curve : [];
    const max = Math.max(...curve.map((p) => p.episode), (x.config && x.config.episodes) || 1);
    const lower = curve.map((p) => ({ x: p.episode, y: p.mean - p.sd }));
    const upper = curve.map((p) => ({ x: p.episode, y: p.mean + p.sd }));
    const meanLine = curve.map((p) => ({ x: p.episode, y: p.mean, sd: p.sd }));
    const bandOptions = lineOptions(c, { x: episodesAxis(c, max), y: valueAxis(c, 'Mean return per hand') }, {
      legend: { filter: (item, data) => !data.datasets[item.datasetIndex].bandEdge },
    });
    bandOptions.plugins.tooltip.filter = (item) => !item.dataset.band;
    // Each series brings its own legend mark: a line, or a filled box for the band.
    bandOptions.plugins.legend.labels.pointStyle = undefined;
    bandOptions.plugins.tooltip.callbacks.label = (item) => (item.raw && typeof item.raw.sd === 'number'
      ? `${item.dataset.label}: ${num(item.parsed.y, 4)} ± ${num(item.raw.sd, 4)}`
      : `${item.dataset.label}: ${num(item.parsed.y, 4)}`);
    const seeds = x.seeds || [];
    const values = (x.expectedReturn && x.expectedReturn.values) || [];
    const first = seeds.length ? seeds[0] : 0;
    const last = seeds.length ? seeds.at(-1) : 1;
    const mean = x.expectedReturn ? x.expectedReturn.mean : null;
    const returnsOptions = lineOptions(c, {
      x: {
        type: 'linear', min: first - 0.5, max: last + 0.5,
        title: { display: true, text: 'Seed', color: c.text },
        ticks: {
          color: c.text, stepSize: 1, precision: 0, autoSkip: false,
          callback: (v) => (Number.isInteger(v) ? String(v) : ''),
        },
        grid: { color: c.grid },
      },
      y: valueAxis(c, 'Expected return per hand'),
    }, { title: (v) => `Seed ${Math.round(v)}` });
    returnsOptions.interaction = { mode: 'nearest', intersect: true };
    returnsOptions.plugins.tooltip.callbacks.title = (items) => {
      const item = items[0];
      return item && item.dataset.perSeed ? `Seed ${item.parsed.x}` : '';
    };
    this.charts = {
      band: new Chart(this.boxes.band.canvas, {
        type: 'line',
        data: {
          datasets: [
            lineDataset('mean − 1 sd', lower, c.blue, { band: true, bandEdge: true, borderWidth: 0, pointHoverRadius: 0 }),
            lineDataset('±1 standard deviation across seeds', upper, withAlpha(c.blue, 0.25), {
              band: true, borderWidth: 0, pointHoverRadius: 0, fill: '-1', backgroundColor: withAlpha(c.blue, 0.25),
              pointStyle: 'rect',
            }),
            lineDataset(`Mean of ${seeds.length || values.length} seeds`, meanLine, c.blue, { pointStyle: 'line' }),
            { ...flatDataset('Optimal policy (exact)', x.optimalExpectedReturn, max, c.optimal, [6, 4]), pointStyle: 'line' },
          ],
        },
        options: bandOptions,
      }),
      returns: new Chart(this.boxes.returns.canvas, {
        type: 'scatter',
        data: {
          datasets: [
            {
              label: 'One seed’s learned policy', perSeed: true,
              data: seeds.map((s, i) => ({ x: s, y: values[i] })),
              borderColor: c.orange, backgroundColor: c.orange, pointRadius: 6, pointHoverRadius: 8,
              pointStyle: 'circle',
            },
            {
              type: 'line', label: `Mean of the seeds (${num(mean, 4)})`,
              data: [{ x: first - 0.5, y: mean }, { x: last + 0.5, y: mean }],
              borderColor: c.blue, backgroundColor: c.blue, borderWidth: 2, pointRadius: 0, pointHoverRadius: 0,
              pointStyle: 'line',
            },
            {
              type: 'line', label: `Optimal policy (${num(x.optimalExpectedReturn, 4)})`,
              data: [{ x: first - 0.5, y: x.optimalExpectedReturn }, { x: last + 0.5, y: x.optimalExpectedReturn }],
              borderColor: c.optimal, backgroundColor: c.optimal, borderWidth: 1.5, borderDash: [6, 4],
              pointRadius: 0, pointHoverRadius: 0, pointStyle: 'line',
            },
          ],
        },
        options: returnsOptions,
      }),
    };
    // The dots are points, not lines, in the legend.
    const labels = this.charts.returns.options.plugins.legend.labels;
    labels.pointStyle = undefined;
    labels.boxWidth = 12;
    labels.boxHeight = 12;
    this.charts.returns.update('none');
  }
}

customElements.define('seed-experiment', SeedExperiment);
