// <safety-experiment env="safety:whisky_gold" agents="q-learning,sarsa" episodes="5000" seeds="10"
// focus="drankWhisky">: trains every listed agent on one AI Safety Gridworld with several seeds and
// reports what each learned to do: the share of its training episodes that showed each behaviour
// the world defines (button pressed, whisky drunk, box cornered, …) over training, as the mean of
// the seeds with the lowest and highest seed as a band; the last 10 % of training in a table with
// return and performance; what the learned policies do afterwards (and, in the lava world, on both
// test maps); and a headline sentence written from these numbers, never typed in. The experiment
// is POST /api/safety/experiments, answered by the engine in this page where it runs and by the
// server where it does not (saferlhub experiment safety prints the same numbers).
//
// Optional attributes: level, variant, penalty, beta, baseline, shield, view, alpha (fixed run
// fields); controls="beta,baseline" (an impact-penalty slider and baseline menu), "shield" (a
// switch), "view" (a menu) or "level" (a menu of the levels in levels="0,1,2"), for the learner
// to change; paper="…" a sentence on what the paper
// reported, shown beside the result.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { focusableIfScrolls, h, int, setChildren, uid } from './dom.js';
import { controlNames, showFieldError, worldControls } from './safety-controls.js';
import {
  algorithmName, chartBox, chartColors, DASHES, episodesAxis, lineDataset, lineOptions, valueAxis,
  whenChart, withAlpha,
} from './run-charts.js';

/** Each behaviour in plain words, as a verb phrase ("Q-learning drank the whisky"). */
export const BEHAVIOURS = {
  drankWhisky: 'drank the whisky',
  pressedButton: 'pressed the button that disables interruptions',
  enteredInterruption: 'walked onto the interruption tile',
  interrupted: 'was interrupted',
  boxCornered: 'pushed the box into a corner',
  enteredWater: 'fell into the water',
  shieldActed: 'was stopped by the shield',
  enteredLava: 'stepped into lava',
  crossedPunishment: 'walked over the punishment tile',
  vaseTakenOff: 'took the vase off the belt',
  vaseBroken: 'let the vase break',
  sushiTakenOff: 'took the sushi off the belt',
  sushiEaten: 'let the sushi be eaten',
  usedTransformer: 'put the bucket over its head',
  foundReward: 'opened the box with the reward',
  openedLeft: 'opened the left box',
};

/** Short column and menu names for the behaviours. */
const SHORT = {
  drankWhisky: 'Drank the whisky',
  pressedButton: 'Pressed the button',
  enteredInterruption: 'Went through the interruption tile',
  interrupted: 'Was interrupted',
  boxCornered: 'Cornered the box',
  enteredWater: 'Fell into the water',
  shieldActed: 'Stopped by the shield',
  enteredLava: 'Stepped into lava',
  crossedPunishment: 'Crossed the punishment tile',
  vaseTakenOff: 'Took the vase off',
  vaseBroken: 'Vase broke',
  sushiTakenOff: 'Took the sushi off',
  sushiEaten: 'Sushi eaten',
  usedTransformer: 'Used the bucket',
  foundReward: 'Found the reward',
  openedLeft: 'Opened the left box',
};

const MAX_SEEDS = 10;
const MAX_TOTAL = 400000;

/** "12.3 %" for a share in [0, 1]. */
function percent(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const p = 100 * x;
  return `${p === 0 || p === 100 ? p.toFixed(0) : p.toFixed(1)}\u00a0%`;
}

/** "42.0" or "−5.3" with a real minus sign. */
function amount(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const t = Math.abs(x).toFixed(1);
  return x < -0.05 ? `−${t}` : t;
}

/** "A, B and C". */
function listText(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The headline: what the agents did, in words, from the numbers (exported for the page tests).
 * `answer` is the experiment's JSON; `focus` the behaviours to lead with.
 */
export function headline(answer, focus) {
  const agents = answer.agents || [];
  if (!agents.length) return '';
  const names = agents.map((a) => algorithmName(a.agent));
  const parts = [];
  const seeds = answer.seeds === 1 ? '1 seed' : `${answer.seeds} seeds`;
  for (const b of focus) {
    if (!(b in (agents[0].behaviours || {}))) continue;
    const phrase = BEHAVIOURS[b] || b;
    const shares = agents.map((a) => percent(a.behaviours[b]));
    if (agents.length === 1) {
      parts.push(`${names[0]} ${phrase} in ${shares[0]} of its episodes`);
    } else {
      parts.push(`${names[0]} ${phrase} in ${shares[0]} of its episodes, ${listText(names.slice(1).map((n, i) => `${n} in ${shares[i + 1]}`))}`);
    }
  }
  let text = `Over ${seeds}, in the last 10 % of training: ${parts.join('; ')}.`;
  const shifted = agents.filter((a) => Array.isArray(a.shifted) && a.shifted.length);
  if (shifted.length) {
    text += ` On the test maps, the learned policies returned ${listText(shifted.map((a) =>
      `${amount(a.shifted[0].meanReturn)} and ${amount(a.shifted[1].meanReturn)} (${algorithmName(a.agent)})`))}, against ${listText(shifted.map((a) => `${amount(a.greedy.meanReturn)}`))} on the training map.`;
  } else if (answer.agents.some((a) => a.greedy)) {
    text += ` The learned policies score ${listText(agents.map((a, i) => `${amount(a.greedy.meanPerformance)} (${names[i]})`))} on performance.`;
  }
  return text;
}

class SafetyExperiment extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || 'safety:whisky_gold';
    this.agents = (this.getAttribute('agents') || 'q-learning,sarsa').split(',').map((s) => s.trim()).filter(Boolean);
    this.focus = (this.getAttribute('focus') || '').split(',').map((s) => s.trim()).filter(Boolean);
    this.controls = controlNames(this.getAttribute('controls'));
    this.fixed = {};
    for (const name of ['variant', 'penalty', 'baseline', 'shield', 'view']) {
      if (this.hasAttribute(name)) this.fixed[name] = this.getAttribute(name);
    }
    for (const name of ['level', 'beta', 'alpha']) {
      if (this.hasAttribute(name)) this.fixed[name] = Number(this.getAttribute(name));
    }
    this.build();
    this.dataset.state = 'idle';
  }

  build() {
    const titleId = uid('se-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = (label, input, hint) => h('div', { class: 'field' },
      h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
    this.seedsInput = h('input', {
      id: uid('se-seeds'), type: 'number', min: 1, max: MAX_SEEDS, step: 1, inputmode: 'numeric',
      value: this.getAttribute('seeds') || '10', 'data-role': 'seeds',
    });
    this.episodesInput = h('input', {
      id: uid('se-episodes'), type: 'number', min: 1, step: 1, inputmode: 'numeric',
      value: this.getAttribute('episodes') || '2000', 'data-role': 'episodes',
    });
    const controls = [
      field('Seeds', this.seedsInput, `1 to ${MAX_SEEDS}, one training run each per agent`),
      field('Episodes per run', this.episodesInput, 'Each lasts at most 100 steps'),
    ];
    this.world = worldControls(this.controls, { ...this.fixed, levels: this.getAttribute('levels') });
    controls.push(...this.world.fields);
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() },
      'Run the experiment');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { class: 'se-result', hidden: true, 'data-role': 'result' });
    const agentNames = listText(this.agents.map(algorithmName));
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || `Compare ${agentNames} over several seeds`),
      h('p', { class: 'widget-note' }, `Trains ${agentNames} once per seed, with the same seeds for each, and counts what every training episode showed.`),
      h('div', { class: 'st-controls' }, ...controls),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.result);
  }

  body() {
    const body = { env: this.env, ...this.fixed, agents: this.agents };
    body.seeds = Number(this.seedsInput.value);
    body.episodes = Number(this.episodesInput.value);
    body.seed = 1;
    const chosen = this.world.values();
    if (this.controls.has('beta')) {
      delete body.penalty;
      delete body.beta;
      delete body.baseline;
    }
    Object.assign(body, chosen);
    return body;
  }

  /** The same experiment from the command line. */
  command(body) {
    const parts = ['./saferlhub experiment safety', `--env ${body.env}`];
    if (body.level !== undefined) parts.push(`--level ${body.level}`);
    if (body.variant) parts.push(`--variant ${body.variant}`);
    parts.push(`--agents ${body.agents.join(',')}`, `--episodes ${body.episodes}`, `--seeds ${body.seeds}`);
    if (body.alpha !== undefined) parts.push(`--alpha ${body.alpha}`);
    if (body.penalty) parts.push(`--penalty ${body.penalty}`, `--beta ${body.beta}`, `--baseline ${body.baseline}`);
    if (body.shield) parts.push(`--shield ${body.shield}`);
    if (body.view) parts.push(`--view ${body.view}`);
    return parts.join(' ');
  }

  run() {
    const body = this.body();
    const most = Math.floor(MAX_TOTAL / (this.agents.length * Math.max(1, body.seeds)));
    if (!Number.isInteger(body.seeds) || body.seeds < 1 || body.seeds > MAX_SEEDS) {
      this.showError(`Seeds must be a whole number from 1 to ${MAX_SEEDS}.`, this.seedsInput);
      return;
    }
    if (!Number.isInteger(body.episodes) || body.episodes < 1 || body.episodes > most) {
      this.showError(`Episodes must be a whole number from 1 to ${int(most)} with ${body.seeds} seeds.`, this.episodesInput);
      return;
    }
    this.error.hidden = true;
    for (const el of [this.seedsInput, this.episodesInput]) el.removeAttribute('aria-invalid');
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.status.textContent = `Training ${this.agents.length} agent${this.agents.length === 1 ? '' : 's'} × ${body.seeds} seed${body.seeds === 1 ? '' : 's'} × ${int(body.episodes)} episodes…`;
    const started = performance.now();
    localOrServer('POST', '/api/safety/experiments', body, () => request('POST', '/api/safety/experiments', body))
      .then((answer) => this.show(answer, body, performance.now() - started), (e) => this.failed(e));
  }

  async show(answer, body, millis) {
    this.runButton.disabled = false;
    this.answer = answer;
    const focus = this.focus.length ? this.focus : Object.keys(answer.agents[0].behaviours || {});
    const chartId = uid('se-show');
    const names = Object.keys(answer.agents[0].behaviours || {});
    this.metric = h('select', { id: chartId, 'data-role': 'metric' },
      ...names.map((n) => h('option', { value: `b:${n}`, text: `${SHORT[n] || n} (% of episodes)` })),
      h('option', { value: 'return', text: 'Return per episode' }),
      h('option', { value: 'performance', text: 'Performance per episode' }));
    this.metric.value = focus.length ? `b:${focus[0]}` : 'return';
    this.metric.addEventListener('change', () => this.drawChart());
    const chart = chartBox('safety-experiment', 'Over training: mean of the seeds, band from the lowest to the highest seed',
      'Line chart of the chosen measure per stretch of training, one line per agent, with a shaded band between the lowest and highest seed.');
    this.canvas = chart.canvas;
    setChildren(this.result,
      h('p', { class: 'se-headline', 'data-role': 'headline' }, headline(answer, focus)),
      this.paperNote(),
      h('div', { class: 'field se-metric' }, h('label', { for: chartId }, 'Show on the chart'), this.metric),
      chart.el,
      this.table(answer, focus),
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'Reproduce it from the command line (the same numbers, bit for bit):'),
        h('pre', {}, h('code', { 'data-role': 'command' }, this.command(body)))));
    this.result.hidden = false;
    this.status.textContent = `Done in ${(millis / 1000).toFixed(1)} s: ${int(answer.agents.length * answer.seeds)} training runs.`;
    this.dataset.state = 'done';
    await this.drawChart();
    this.dispatchEvent(new CustomEvent('safety-experiment', { bubbles: true, detail: answer }));
  }

  paperNote() {
    const text = this.getAttribute('paper');
    if (!text) return null;
    return h('p', { class: 'st-paper', 'data-role': 'paper' }, h('strong', {}, 'What the paper found: '), text);
  }

  table(answer, focus) {
    const shown = focus.length ? focus : [];
    const shifted = answer.agents.some((a) => Array.isArray(a.shifted) && a.shifted.length);
    const head = h('tr', {},
      h('th', { scope: 'col' }, 'Agent'),
      ...shown.map((b) => h('th', { scope: 'col' }, `${SHORT[b] || b}: last 10 % (all of training)`)),
      h('th', { scope: 'col' }, 'Return ± sd'),
      h('th', { scope: 'col' }, 'Performance ± sd'),
      h('th', { scope: 'col' }, 'Learned policy: return / performance'),
      ...(shifted ? [h('th', { scope: 'col' }, 'Learned policy on test map 1 / 2')] : []));
    const rows = answer.agents.map((a) => h('tr', { 'data-agent': a.agent },
      h('th', { scope: 'row' }, algorithmName(a.agent)),
      ...shown.map((b) => h('td', { 'data-behaviour': b },
        `${percent(a.behaviours[b])} (${(a.trainingEpisodesShowing?.[b] ?? 0).toFixed(1)} episodes a seed)`)),
      h('td', {}, `${amount(a.meanReturn)} ± ${Math.abs(a.sdReturn).toFixed(1)}`),
      h('td', {}, `${amount(a.meanPerformance)} ± ${Math.abs(a.sdPerformance).toFixed(1)}`),
      h('td', { 'data-role': 'greedy' }, `${amount(a.greedy.meanReturn)} / ${amount(a.greedy.meanPerformance)}`),
      ...(shifted ? [h('td', { 'data-role': 'shifted' }, (a.shifted || []).map((s) => amount(s.meanReturn)).join(' / '))] : [])));
    const table = h('table', { class: 'se-table', 'data-role': 'table' },
      h('caption', {}, `Last 10 % of training episodes, ${answer.seeds} seeds; learned policy: ${answer.agents[0].greedy.episodes} episodes per seed without exploring`),
      h('thead', {}, head), h('tbody', {}, ...rows));
    requestAnimationFrame(() => focusableIfScrolls(table));
    return table;
  }

  async drawChart() {
    const Chart = await whenChart();
    if (!Chart || !this.answer) return;
    const c = chartColors();
    const key = this.metric.value;
    const percentScale = key.startsWith('b:');
    const datasets = [];
    this.answer.agents.forEach((a, i) => {
      const band = percentScale ? a.curve.behaviours[key.slice(2)] : a.curve[key];
      if (!band) return;
      const scale = percentScale ? 100 : 1;
      const xs = a.curve.episodes;
      const points = (ys) => ys.map((y, j) => ({ x: xs[j], y: scale * y }));
      const colour = c.series[i % c.series.length];
      const name = algorithmName(a.agent);
      datasets.push(lineDataset(`${name}: lowest seed`, points(band.low), withAlpha(colour, 0.25), { band: true, borderWidth: 0 }));
      datasets.push(lineDataset(`${name}: highest seed`, points(band.high), withAlpha(colour, 0.25),
        { band: true, borderWidth: 0, fill: '-1', backgroundColor: withAlpha(colour, 0.18) }));
      datasets.push(lineDataset(`${name} (mean of ${this.answer.seeds} seeds)`, points(band.mean), colour,
        { borderDash: DASHES[i % DASHES.length], pointRadius: 2 }));
    });
    const max = this.answer.agents[0].curve.episodes.at(-1);
    const yTitle = percentScale ? 'Episodes showing it (%)' : key === 'return' ? 'Return per episode' : 'Performance per episode';
    const options = lineOptions(c, {
      x: episodesAxis(c, max),
      y: valueAxis(c, yTitle, percentScale ? { min: 0, max: 100 } : {}),
    }, { digits: 1, legend: { filter: (item, data) => !data.datasets[item.datasetIndex].band } });
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
  }

  failed(e) {
    this.runButton.disabled = false;
    this.dataset.state = 'error';
    this.status.textContent = '';
    const input = e.field === 'episodes' ? this.episodesInput : e.field === 'seeds' ? this.seedsInput : null;
    this.showError(e.message, input);
  }

  showError(message, input) {
    showFieldError(this.error, message, input);
  }
}

customElements.define('safety-experiment', SafetyExperiment);
