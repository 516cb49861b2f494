// <kl-sweep env="burning-building" agents="npg,ppo" seeds="1">: the KL sweep of the policy lab,
// live and small. One request (POST /api/lab/sweep, answered by the engine in this page where it
// runs and by the server where it does not) trains every listed agent at twelve values of β from
// the base model; the widget draws every run's true reward against its distance from the base
// model (√KL) over the exact optimum's path, lists Gao et al.'s two fitted forms per agent, writes
// a sentence from the numbers and prints the command that reproduces it with more seeds.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { focusableIfScrolls, h, num, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart, POINT_STYLES } from './run-charts.js';
import { probabilityText } from './kl-tilt.js';
import { LAB_AGENTS } from './policy-lab.js';

/** The sentence, from the numbers (exported for the page tests). */
export function sweepHeadline(answer) {
  const agents = [...new Set(answer.rows.map((r) => r.agent))];
  const smallest = Math.min(...answer.rows.map((r) => r.beta));
  const exploit = answer.env === 'tiny-lm' ? 'texts of a letter and three "!"' : 'the exploit';
  const at = (agent) => {
    const rows = answer.rows.filter((r) => r.agent === agent && r.beta === smallest);
    return rows.reduce((s, r) => s + r.piExploit, 0) / rows.length;
  };
  const exact = answer.exact.find((e) => e.beta === smallest);
  const parts = agents.map((a) => `${LAB_AGENTS[a]?.name || a} ${probabilityText(at(a))}`);
  return `At the cheapest KL here (β = ${smallest}), the exact optimum puts ${probabilityText(exact.piExploit)} on ${exploit}; `
    + `after ${answer.steps} updates from the base model: ${parts.join(', ')}.`;
}

class KlSweep extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || 'burning-building';
    this.agents = (this.getAttribute('agents') || 'npg,trpo,ppo,grpo,dpo').split(',').map((s) => s.trim()).filter(Boolean);
    this.seeds = Number(this.getAttribute('seeds') || '1');
    this.onTheme = () => this.draw();
    document.addEventListener('themechange', this.onTheme);
    const titleId = uid('ks-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, 'Run the sweep');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { hidden: true, 'data-role': 'result' });
    const names = this.agents.map((a) => LAB_AGENTS[a]?.name || a).join(', ');
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'Sweep β: where does each algorithm end?'),
      h('p', { class: 'widget-note' }, `Trains ${names} from the base model at twelve values of β, from 1 down to 0.02 (${this.seeds} seed${this.seeds === 1 ? '' : 's'} each), and draws where every run ended.`),
      h('div', { class: 'st-actions' }, this.runButton), this.status, this.error, this.result);
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  body() {
    return { env: this.env, agents: this.agents, seeds: this.seeds };
  }

  run() {
    const body = this.body();
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.error.hidden = true;
    this.status.textContent = `Training ${this.agents.length * 12 * this.seeds} runs…`;
    const started = performance.now();
    localOrServer('POST', '/api/lab/sweep', body, () => request('POST', '/api/lab/sweep', body))
      .then((answer) => this.show(answer, performance.now() - started), (e) => {
        this.runButton.disabled = false;
        this.dataset.state = 'error';
        this.status.textContent = '';
        showFieldError(this.error, e.message, null);
      });
  }

  async show(answer, millis) {
    this.answer = answer;
    this.runButton.disabled = false;
    const chart = chartBox('kl-sweep', 'True reward against distance from the base model (√KL): every run, and the exact optimum',
      'Scatter chart: each run\'s true reward against the square root of its KL divergence from the base model, one marker shape per algorithm, with the exact optimum\'s path as a dashed line.');
    this.canvas = chart.canvas;
    const table = h('table', { class: 'se-table', 'data-role': 'fits' },
      h('caption', {}, 'Gao et al.\'s two forms fitted to each algorithm\'s runs (true reward gained over the base model, d = √KL)'),
      h('thead', {}, h('tr', {}, ...['Algorithm', 'Form', 'α', 'β', 'R²'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...answer.fits.map((f) => h('tr', {},
        h('th', { scope: 'row' }, LAB_AGENTS[f.agent]?.name || f.agent),
        h('td', {}, f.form === 'rl' ? 'RL: d(α − β log d)' : 'best-of-n: d(α − βd)'),
        h('td', {}, num(f.alpha, 3)), h('td', {}, num(f.beta, 3)),
        h('td', {}, f.rSquared === null ? '–' : num(f.rSquared, 3))))));
    requestAnimationFrame(() => focusableIfScrolls(table));
    setChildren(this.result,
      h('p', { class: 'se-headline', 'data-role': 'headline' }, sweepHeadline(answer)),
      chart.el, table,
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'The same sweep with five seeds per cell, every file and both plots:'),
        h('pre', {}, h('code', { 'data-role': 'command' },
          `./saferlhub experiment kl-sweep --env ${answer.env} --agents ${this.agents.join(',')} --seeds 5 --out sweep`))));
    this.result.hidden = false;
    this.status.textContent = `Done: ${answer.rows.length} runs in ${(millis / 1000).toFixed(1)} s.`;
    this.dataset.state = 'done';
    await this.draw();
  }

  async draw() {
    const Chart = await whenChart();
    const a = this.answer;
    if (!Chart || !a || !this.isConnected) return;
    const c = chartColors();
    const agents = [...new Set(a.rows.map((r) => r.agent))];
    const datasets = agents.map((agent, i) => ({
      label: LAB_AGENTS[agent]?.name || agent,
      type: 'scatter',
      data: a.rows.filter((r) => r.agent === agent).map((r) => ({ x: Math.sqrt(Math.max(r.kl, 0)), y: r.trueReward })),
      pointStyle: POINT_STYLES[i % POINT_STYLES.length],
      pointRadius: 5,
      borderColor: c.series[i % c.series.length],
      backgroundColor: c.series[i % c.series.length],
    }));
    datasets.push(lineDataset('Exact optimum (β from 2 to 0.01)', a.path.map((p) => ({ x: Math.sqrt(p.kl), y: p.trueReward })), c.optimal, { borderDash: [6, 4] }));
    const options = lineOptions(c, {
      x: { type: 'linear', min: 0, title: { display: true, text: 'Distance from the base model: √KL (KL in nats)', color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } },
      y: valueAxis(c, 'True reward'),
    }, { title: (x) => `√KL ${num(x, 2)}`, digits: 3 });
    options.interaction = { mode: 'nearest', intersect: true };
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
  }
}

customElements.define('kl-sweep', KlSweep);
