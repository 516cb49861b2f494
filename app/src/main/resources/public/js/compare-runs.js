// <compare-runs>: 2 to 8 saved runs side by side (page /compare?ids=a,b,…): their learning
// curves on one chart, in the colour-blind-safe Okabe–Ito colours with a different dash each,
// and a table of their exact expected returns and gaps to the optimum.
import { api } from './api.js';
import { focusScrollables, h, int, num, setChildren, uid } from './dom.js';
import {
  algorithmName, chartColors, DASHES, episodesAxis, epsilonText, flatDataset, gapOf, lineDataset,
  lineOptions, valueAxis, whenChart,
} from './run-charts.js';

/** Half-width of the moving average that smooths the curves (9 points). */
const SMOOTH_HALF = 4;
const MIN_RUNS = 2;
const MAX_RUNS = 8;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The run ids of the page URL (?ids=a,b,c), in order, without repeats. */
export function idsFromUrl(href = window.location.href) {
  const raw = new URL(href).searchParams.getAll('ids').join(',');
  const ids = [];
  for (const part of raw.split(',')) {
    const id = part.trim();
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A centred moving average of y over up to 2·half+1 neighbouring points. */
export function smooth(points, half = SMOOTH_HALF) {
  return points.map((p, i) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(points.length - 1, i + half); j += 1) {
      sum += points[j].y;
      n += 1;
    }
    return { x: p.x, y: sum / n };
  });
}

/** Settings shown in the legend: algorithm, seed and ε always; others only where runs differ. */
const OPTIONAL_KEYS = [
  ['rules', (c) => `rules ${c.rules}`],
  ['episodes', (c) => `${int(c.episodes)} episodes`],
  ['alpha', (c) => `α ${c.alpha}`],
  ['gamma', (c) => `γ ${c.gamma}`],
];

class CompareRuns extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const titleId = uid('cr-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.status = h('p', { class: 'status', role: 'status', 'data-role': 'status' }, 'Loading the runs…');
    this.body = h('div', { class: 'compare-body' });
    this.append(h('h2', { class: 'widget-title', id: titleId }, 'Runs compared'), this.status, this.body);
    this.chart = null;
    this.onTheme = () => this.drawChart();
    document.addEventListener('themechange', this.onTheme);
    this.load();
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
    if (this.chart) this.chart.destroy();
  }

  async load() {
    const ids = idsFromUrl();
    const bad = ids.filter((id) => !ID_PATTERN.test(id));
    if (!ids.length) {
      // Nothing chosen yet: an invitation, not an error.
      this.dataset.state = 'empty';
      this.status.textContent = `Pick ${MIN_RUNS} to ${MAX_RUNS} runs to see their learning curves side by side.`;
      setChildren(this.body, h('p', {}, h('a', { href: '/runs', class: 'btn' }, 'Choose runs from your saved runs'),
        ' ', h('a', { href: '/lessons/blackjack#train' }, 'or train one in lesson 1')));
      return;
    }
    if (ids.length < MIN_RUNS || ids.length > MAX_RUNS || bad.length) {
      this.dataset.state = 'invalid';
      this.status.classList.add('error');
      this.status.textContent = bad.length
        ? 'This link holds a run id that cannot be right. Pick the runs again from your list.'
        : `A comparison needs ${MIN_RUNS} to ${MAX_RUNS} runs; this link names ${ids.length}.`;
      setChildren(this.body, h('p', {}, h('a', { href: '/runs' }, 'Choose runs to compare from your saved runs')));
      return;
    }
    this.dataset.state = 'loading';
    this.setAttribute('aria-busy', 'true');
    const answers = await Promise.allSettled(ids.map((id) => api.run(id)));
    this.setAttribute('aria-busy', 'false');
    const runs = [];
    const missing = [];
    answers.forEach((a, i) => {
      if (a.status === 'fulfilled' && a.value && a.value.result) runs.push({ ...a.value, id: a.value.id || ids[i] });
      else missing.push({ id: ids[i], reason: a.status === 'rejected' ? a.reason : null });
    });
    if (!runs.length) {
      this.dataset.state = 'error';
      this.status.classList.add('error');
      const notFound = missing.every((m) => m.reason && m.reason.status === 404);
      this.status.textContent = notFound
        ? 'None of these runs could be found.'
        : `The runs could not be loaded. ${(missing[0].reason && missing[0].reason.message) || ''}`;
      setChildren(this.body, h('p', {}, h('a', { href: '/runs' }, 'See your saved runs')));
      return;
    }
    this.runs = runs.map((r, i) => ({ ...r, index: i }));
    this.missing = missing;
    this.render();
  }

  /** "#1 Q-learning · seed 7 · ε 0.1 (· the settings that differ between runs)". */
  label(run) {
    const c = run.config || run.result.config || {};
    const differing = OPTIONAL_KEYS.filter(([key]) =>
      new Set(this.runs.map((r) => String((r.config || r.result.config || {})[key]))).size > 1);
    return [`#${run.index + 1} ${algorithmName(c.algorithm)}`, `seed ${c.seed}`, epsilonText(c),
      ...differing.map(([, text]) => text(c))].join(' · ');
  }

  render() {
    this.dataset.state = 'ready';
    const n = this.runs.length;
    this.status.textContent = `${n} runs${this.missing.length ? `; ${this.missing.length} could not be found` : ''}.`;
    const notes = this.missing.map((m) => h('p', { class: 'run-notice', 'data-role': 'missing' },
      'Run ', h('code', {}, m.id), m.reason && m.reason.status === 404
        ? ' was not found (check the link).'
        : ` could not be loaded${m.reason ? `: ${m.reason.message}` : ' (it has no result yet)'}.`));
    const canvas = h('canvas', {
      role: 'img', 'data-chart': 'compare',
      'aria-label': `Line chart of the mean return per hand against episodes trained for ${n} runs; the table below lists each run's exact expected return.`,
    });
    this.canvas = canvas;
    this.chartNote = h('p', { class: 'widget-note', hidden: true },
      'The chart library did not load; the table below still compares the runs.');
    this.smoothBox = h('input', { type: 'checkbox', id: uid('cr-smooth'), 'data-role': 'smooth', checked: true });
    this.smoothBox.addEventListener('change', () => this.drawChart());
    setChildren(this.body,
      notes,
      h('figure', { class: 'chart-box compare-chart' },
        h('figcaption', {}, 'Mean return per hand while training'),
        h('label', { class: 'check compare-tools', for: this.smoothBox.id }, this.smoothBox,
          ' Smooth the curves (each point averaged with its 8 neighbours), to see the trend through the luck of the cards'),
        this.chartNote,
        h('div', { class: 'chart-canvas' }, canvas)),
      this.table(),
      h('p', { class: 'widget-note' }, 'Each curve includes the exploring moves, so it sits below the exact ',
        'expected return of the greedy policy the run learned. ', h('a', { href: '/runs' }, 'Back to your runs')));
    focusScrollables(this);
    this.drawChart();
  }

  table() {
    const c = chartColors();
    const best = Math.max(...this.runs.map((r) => r.result.expectedReturn));
    const table = h('table', { class: 'runs-table cards', 'data-role': 'compare-table' },
      h('caption', {}, 'Exact expected return per hand of each run’s learned greedy policy, and its gap to the optimum for its rules.'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Run'),
        h('th', { scope: 'col' }, 'Settings'),
        h('th', { scope: 'col', class: 'num' }, 'Expected return'),
        h('th', { scope: 'col', class: 'num' }, 'Optimum'),
        h('th', { scope: 'col', class: 'num' }, 'Gap'))));
    const body = h('tbody');
    for (const run of this.runs) {
      const r = run.result;
      const cfg = run.config || r.config || {};
      const colour = c.series[run.index % c.series.length];
      body.append(h('tr', { 'data-run-id': run.id, class: r.expectedReturn === best ? 'best' : null },
        h('th', { scope: 'row' },
          this.swatch(colour, DASHES[run.index % DASHES.length]),
          h('a', { href: `/runs/${encodeURIComponent(run.id)}` }, `#${run.index + 1}`),
          r.expectedReturn === best ? h('span', { class: 'badge-best' }, ' best') : null),
        h('td', { class: 'wide', 'data-label': 'Settings' },
          `${algorithmName(cfg.algorithm)}, rules ${cfg.rules}, ${int(r.episodes)} episodes, α ${cfg.alpha}, γ ${cfg.gamma}, ${epsilonText(cfg)}, seed ${cfg.seed}`),
        h('td', { class: 'num', 'data-role': 'expected-return', 'data-label': 'Expected return' }, num(r.expectedReturn, 4)),
        h('td', { class: 'num', 'data-label': 'Optimum' }, num(r.optimalExpectedReturn, 4)),
        h('td', { class: 'num', 'data-role': 'gap', 'data-label': 'Gap' }, num(gapOf(r.expectedReturn, r.optimalExpectedReturn), 4))));
    }
    table.append(body);
    return h('div', { class: 'scroll-box' }, table);
  }

  /** A short sample of the run's line (colour and dash), as drawn in the chart. */
  swatch(colour, dash) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 32 8');
    svg.setAttribute('width', '32');
    svg.setAttribute('height', '8');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'line-swatch');
    const line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('y1', '4');
    line.setAttribute('x2', '32');
    line.setAttribute('y2', '4');
    line.setAttribute('stroke', colour);
    line.setAttribute('stroke-width', '2.5');
    if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '));
    svg.append(line);
    return svg;
  }

  async drawChart() {
    if (!this.runs || !this.canvas) return;
    const Chart = await whenChart();
    if (!this.isConnected) return;
    if (!Chart) {
      this.chartNote.hidden = false;
      return;
    }
    if (this.chart) this.chart.destroy();
    const c = chartColors();
    // Swatches follow the theme too.
    const rows = this.querySelectorAll('table[data-role=compare-table] tbody tr');
    rows.forEach((tr, i) => {
      const line = tr.querySelector('.line-swatch line');
      if (line) line.setAttribute('stroke', c.series[i % c.series.length]);
    });
    const max = Math.max(...this.runs.map((r) => Math.max(r.result.episodes || 0,
      ...(r.result.points || []).map((p) => p.episode))), 1);
    const smoothed = this.smoothBox && this.smoothBox.checked;
    this.dataset.smooth = String(!!smoothed);
    const curve = (run) => {
      const raw = (run.result.points || []).map((p) => ({ x: p.episode, y: p.meanReturn }));
      return smoothed ? smooth(raw) : raw;
    };
    const datasets = this.runs.map((run) => lineDataset(this.label(run), curve(run),
      c.series[run.index % c.series.length],
      { borderDash: DASHES[run.index % DASHES.length], runId: run.id }));
    const optima = [...new Set(this.runs.map((r) => r.result.optimalExpectedReturn))];
    if (optima.length === 1) {
      datasets.push(flatDataset('Optimal policy (exact)', optima[0], max, c.optimal, [6, 4]));
    }
    const options = lineOptions(c, { x: episodesAxis(c, max), y: valueAxis(c, 'Mean return per hand', { grace: '5%' }) });
    options.plugins.legend.position = 'bottom';
    options.plugins.legend.labels.usePointStyle = false;
    options.plugins.legend.labels.boxWidth = 32;
    options.plugins.legend.labels.boxHeight = 2;
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
  }
}

customElements.define('compare-runs', CompareRuns);
