// <goal-diversity>: the diversity curve of cheese in the corner. The curve itself was computed once
// by the engine (the command is printed under it) and ships with the site as
// /data/diversity-cheese-corner.json; a unit test recomputes one of its rows and checks it is the
// same bit for bit. Any single point can be trained live here (POST /api/goal/train, in the page's
// engine where it runs) and is added to the chart beside the cached seeds.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { focusableIfScrolls, h, int, pct, setChildren, uid } from './dom.js';
import { sitePath } from './site-mode.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart, POINT_STYLES } from './run-charts.js';
import { fieldMaker } from './policy-lab.js';

const DATA = '/data/diversity-cheese-corner.json';

/** The mean of the rows' `key` for one p and budget. */
function mean(rows, p, steps, key) {
  const xs = rows.filter((r) => r.p === p && r.steps === steps).map((r) => r[key]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The sentence, from the cached rows (exported for the page tests). */
export function diversityHeadline(rows) {
  const budgets = [...new Set(rows.map((r) => r.steps))].sort((a, b) => a - b);
  const small = budgets[0];
  const large = budgets[budgets.length - 1];
  const at = (p, steps) => pct(mean(rows, p, steps, 'testCornerFirst'), 0);
  return `With the cheese always in the corner, ${at(0, large)} of test episodes go to the corner first. `
    + `Moving the cheese in 2 % of training levels brings that to ${at(0.02, large)} after ${int(large)} steps, `
    + `but only to ${at(0.02, small)} after ${int(small)}: how much diversity is enough depends on how long the agent trains.`;
}

class GoalDiversity extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.live = [];
    this.onTheme = () => this.draw();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    this.load();
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('gd-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const chart = chartBox('goal-diversity', 'Test episodes that went to the corner first, against the share of randomised training levels',
      'Line chart: for each training budget, the percentage of test episodes in which the mouse entered the corner before reaching the cheese, against the share p of training levels whose cheese was placed at random; each seed is a separate point.');
    this.canvas = chart.canvas;
    const field = fieldMaker(this, 'gd');
    const select = (values, words) => h('select', {}, ...values.map((v) => h('option', { value: v, text: words(v) })));
    this.runButton = h('button', { type: 'button', class: 'btn', 'data-action': 'run', onclick: () => this.run() }, 'Train this point live');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.headline = h('p', { class: 'se-headline', 'data-role': 'headline' }, 'Loading the curve…');
    this.tableBox = h('div', { 'data-role': 'table' });
    this.command = h('code', { 'data-role': 'command' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'The diversity curve: how many moved cheeses are enough?'),
      this.headline, chart.el, this.tableBox,
      h('div', { class: 'cli' }, h('p', { class: 'widget-note' }, 'The engine computed this curve once, with this command (43 seconds on our two cores); the site ships its output:'), h('pre', {}, this.command)),
      h('p', { class: 'widget-note' }, 'Train any single point yourself, with seed 2 (the curve used seeds 0 and 1); it joins the chart as a star.'),
      h('div', { class: 'st-controls pl-controls' },
        field('p', 'Share p', select(['0', '0.02', '0.05', '0.1', '0.25', '1'], (p) => p)),
        field('steps', 'Training steps', select(['100000', '300000'], (s) => int(Number(s))))),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error);
  }

  async load() {
    try {
      const response = await fetch(sitePath(DATA));
      if (!response.ok) throw new Error(`The cached curve could not be loaded (${response.status}).`);
      this.data = await response.json();
    } catch (e) {
      this.headline.textContent = e.message;
      this.dataset.state = 'error';
      return;
    }
    this.command.textContent = `./${this.data.command}`;
    this.headline.textContent = diversityHeadline(this.data.rows);
    this.table();
    this.dataset.state = 'ready';
    await this.draw();
  }

  table() {
    const rows = this.data.rows;
    const keys = [...new Map(rows.map((r) => [`${r.p}/${r.steps}`, r])).values()];
    const th = (t) => h('th', { scope: 'col' }, t);
    const table = h('table', { class: 'se-table' },
      h('caption', {}, 'Mean over the seeds, 500 test levels each'),
      h('thead', {}, h('tr', {}, ...['p', 'Training steps', 'Training success', 'Reached the cheese', 'Corner first', 'Neither'].map(th))),
      h('tbody', {}, ...keys.map((r) => h('tr', {},
        h('th', { scope: 'row' }, String(r.p)), h('td', {}, int(r.steps)),
        ...['trainSuccess', 'testCheese', 'testCornerFirst', 'testNeither'].map((k) => h('td', {}, pct(mean(rows, r.p, r.steps, k), 1)))))));
    setChildren(this.tableBox, table);
    requestAnimationFrame(() => focusableIfScrolls(table));
  }

  run() {
    const body = { env: 'cheese-corner', agent: 'ppo', p: Number(this.inputs.p.value), view: 'egocentric', steps: Number(this.inputs.steps.value), seed: 2, episodes: 0 };
    this.error.hidden = true;
    this.runButton.disabled = true;
    this.dataset.state = 'running';
    this.status.textContent = `Training p = ${body.p} for ${int(body.steps)} steps…`;
    localOrServer('POST', '/api/goal/train', body, () => request('POST', '/api/goal/train', body)).then(async (a) => {
      this.live.push(a);
      this.runButton.disabled = false;
      this.dataset.state = 'done';
      this.status.textContent = `p = ${a.p}, ${int(a.steps)} steps, seed 2: corner first in ${pct(a.testCornerFirst, 1)} of test levels, the cheese in ${pct(a.testCheese, 1)}, neither in ${pct(a.testNeither, 1)} (training success ${pct(a.trainSuccess, 1)}). Command: ${a.command}`;
      await this.draw();
    }, (e) => {
      this.runButton.disabled = false;
      this.dataset.state = 'error';
      this.status.textContent = '';
      showFieldError(this.error, e.message, this.inputs[e.field]);
    });
  }

  async draw() {
    const Chart = await whenChart();
    if (!Chart || !this.data || !this.isConnected) return;
    const c = chartColors();
    const rows = this.data.rows;
    const ps = [...new Set(rows.map((r) => r.p))].sort((a, b) => a - b);
    const budgets = [...new Set(rows.map((r) => r.steps))].sort((a, b) => a - b);
    const x = (p) => ps.indexOf(p);
    const datasets = [];
    budgets.forEach((steps, i) => {
      const color = c.series[i % c.series.length];
      datasets.push(lineDataset(`${int(steps)} steps (mean of seeds)`, ps.map((p) => ({ x: x(p), y: 100 * mean(rows, p, steps, 'testCornerFirst') })), color,
        { pointRadius: 0, borderDash: i ? [8, 4] : [] }));
      datasets.push({ type: 'scatter', label: `${int(steps)} steps, each seed`, data: rows.filter((r) => r.steps === steps).map((r) => ({ x: x(r.p), y: 100 * r.testCornerFirst })),
        borderColor: color, backgroundColor: color, pointStyle: POINT_STYLES[i + 1], pointRadius: 5 });
    });
    if (this.live.length) {
      datasets.push({ type: 'scatter', label: 'Trained here (seed 2)', data: this.live.filter((a) => ps.includes(a.p)).map((a) => ({ x: x(a.p), y: 100 * a.testCornerFirst })),
        borderColor: c.optimal, backgroundColor: c.optimal, pointStyle: 'star', pointRadius: 9 });
    }
    const scales = {
      x: { type: 'linear', min: -0.3, max: ps.length - 0.7, title: { display: true, text: 'Share p of training levels with the cheese placed at random', color: c.text },
        ticks: { color: c.text, stepSize: 1, callback: (v) => (Number.isInteger(v) && ps[v] !== undefined ? String(ps[v]) : '') }, grid: { color: c.grid } },
      y: valueAxis(c, 'Test episodes: corner first (%)', { min: 0, max: 100 }),
    };
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options: lineOptions(c, scales, { title: (v) => `p = ${ps[v]}`, digits: 1 }) });
  }
}

customElements.define('goal-diversity', GoalDiversity);
