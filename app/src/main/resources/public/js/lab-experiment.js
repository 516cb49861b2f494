// <lab-experiment experiment="trust-region|best-of-n|warnings|preferences" env="burning-building">:
// the policy lab's experiments, live and small. One request (POST /api/lab/experiments, answered by
// the engine in this page where it runs and by the server where it does not) runs the experiment
// the CLI runs (saferlhub experiment …); the widget draws it, tabulates it, writes a sentence from
// the numbers and prints the command that reproduces it.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { focusableIfScrolls, h, num, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart, POINT_STYLES } from './run-charts.js';
import { probabilityText } from './kl-tilt.js';
import { fieldMaker, LAB_AGENTS } from './policy-lab.js';

const ENV_NAMES = {
  'burning-building': 'The burning building',
  'tiny-lm': 'The tiny language model',
  'grid-shortcut': 'The gridworld shortcut',
};

/** What each experiment is, runs on and asks for. */
export const EXPERIMENTS = {
  'trust-region': {
    title: 'A trust region sets speed, not destination',
    note: 'Natural policy gradient and TRPO with no anchor to the base model; every update is matched with the exact optimum that is as far from the base model.',
    envs: ['burning-building', 'tiny-lm'],
    button: 'Run both',
  },
  'best-of-n': {
    title: 'Best-of-n against the optimum at the same KL',
    note: 'Draw n answers from the base model, keep the one the proxy likes best; computed exactly for each n, beside the KL-penalised optimum that is as far from the base model.',
    envs: ['burning-building', 'tiny-lm'],
    button: 'Compute',
  },
  warnings: {
    title: 'Early warnings: which signals fire before the true reward falls?',
    note: 'Trains one algorithm over a few seeds and runs every detector on every update; the collapse is the first update where the true reward is 10 % below its best so far.',
    envs: ['burning-building', 'tiny-lm', 'grid-shortcut'],
    button: 'Run and watch',
  },
  preferences: {
    title: 'Learning from compared pairs: DPO against RLHF',
    note: 'Pairs of the base model\'s answers, judged by Bradley–Terry on the proxy; DPO learns from them directly, RLHF fits a reward model to the same pairs and trains PPO on it with the same β.',
    envs: ['burning-building'],
    button: 'Run the comparison',
  },
};

const SIGNAL_WORDS = {
  'exploit-log-ratio': 'the exploit\'s log-ratio passes 2 nats',
  'entropy-turn': 'entropy turns up while the proxy climbs',
  'log-ratio-tail': 'the largest log-ratio over likely outcomes passes 3 nats',
  'proxy-true-correlation': 'proxy and true reward stop agreeing',
  'proxy-disagreement': 'the proxy and a reward model disagree',
  'occupancy-outpacing': 'the cells visited diverge faster than the moves',
  'kl-spike': 'per-update KL spike (contrast)',
  'clip-spike': 'clip-fraction spike (contrast)',
};

const METHOD_WORDS = {
  dpo: 'DPO',
  'rlhf-ppo': 'RLHF: reward model, then PPO',
  'rlhf-optimum': 'RLHF with a perfect optimiser',
};

/** Updates: whole numbers as they are, halves (medians of two) with one decimal. */
function updates(x) {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** A distance in nats that may be rounding-small: 3e-16 rather than 0.000. */
function nats(x) {
  if (x === null || x === undefined) return '–';
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(0) : num(x, 3);
}

/** Per signal, the median of (collapse − fired) over runs where both happened; null if none. */
export function medianLeads(a) {
  const out = {};
  for (const s of a.summary) {
    const leads = a.runs.map((r) => r.signals.find((x) => x.signal === s.signal))
      .filter((x) => x && x.leadTime !== null).map((x) => x.leadTime).sort((x, y) => x - y);
    const n = leads.length;
    out[s.signal] = n ? (n % 2 ? leads[(n - 1) / 2] : (leads[n / 2 - 1] + leads[n / 2]) / 2) : null;
  }
  return out;
}

function list(text, field) {
  const parts = String(text).split(',').map((s) => s.trim()).filter(Boolean);
  const out = parts.map(Number);
  if (!parts.length || out.some((x) => !Number.isFinite(x))) throw Object.assign(new Error(`${field} must be a list of numbers separated by commas`), { field });
  return out;
}

/** The CLI command that reproduces a body (exported for the page tests). */
export function experimentCommand(body) {
  const parts = ['./saferlhub experiment', body.experiment, '--env', body.env];
  if (body.variant) parts.push('--variant', body.variant);
  const flags = { steps: '--steps', lr: '--lr', delta: '--delta', agent: '--agent', beta: '--beta', seeds: '--seeds' };
  for (const [k, flag] of Object.entries(flags)) if (body[k] !== undefined) parts.push(flag, String(body[k]));
  if (body.ns) parts.push('--n', body.ns.join(','));
  if (body.pairs) parts.push('--pairs', body.pairs.join(','));
  return parts.join(' ');
}

/** The sentence, from the numbers (exported for the page tests). */
export function experimentHeadline(experiment, a) {
  if (experiment === 'trust-region') {
    const parts = Object.entries(a.agents).map(([agent, rows]) => {
      const last = rows[rows.length - 1];
      const far = Math.max(...rows.map((r) => r.klFromPath ?? 0));
      return `${LAB_AGENTS[agent]?.name || agent} ends at KL ${num(last.kl, 3)} nats with π(exploit) ${probabilityText(last.piExploit)}, never more than ${nats(far)} nats from the optimum's path`;
    });
    return `Without an anchor, nothing stops the walk: ${parts.join('; ')}.`;
  }
  if (experiment === 'best-of-n') {
    const last = a.rows[a.rows.length - 1];
    const o = last.optimumAtSameKl;
    return `Best-of-${last.n} moves ${num(last.kl, 3)} nats from the base model and keeps a true reward of ${num(last.trueReward, 3)}; `
      + (o ? `the KL-penalised optimum at the same distance has ${num(o.trueReward, 3)}, with π(exploit) ${probabilityText(o.piExploit)}.` : 'no optimum is that far.');
  }
  if (experiment === 'warnings') {
    const early = a.summary.filter((s) => !s.contrast && s.medianLead !== null && s.medianLead > 0)
      .sort((x, y) => y.medianLead - x.medianLead);
    const runs = a.summary[0]?.runsWithCollapse ?? 0;
    if (!runs) return `No run collapsed in ${a.steps} updates, so no warning had anything to lead.`;
    if (!early.length) return `${runs} of ${a.seeds} runs collapsed, and no signal fired before the collapse.`;
    const best = early[0];
    return `${runs} of ${a.seeds} run${a.seeds === 1 ? '' : 's'} collapsed. First to warn: ${SIGNAL_WORDS[best.signal] || best.signal}, `
      + `a median of ${updates(best.medianLead)} updates ahead (${best.firedBeforeCollapse} of ${runs}).`;
  }
  const largest = Math.max(...a.summary.map((s) => s.pairs));
  const at = (m) => a.summary.find((s) => s.method === m && s.pairs === largest);
  return `With ${largest} pairs (the exploit in ${num(at('dpo').exploitPairs, 2)} of them on average): DPO's true reward ${num(at('dpo').trueReward, 3)}, `
    + `RLHF with PPO ${num(at('rlhf-ppo').trueReward, 3)}, RLHF's exact optimum ${num(at('rlhf-optimum').trueReward, 3)}; `
    + `infinitely many pairs would give ${num(a.exact.trueReward, 3)} (π(exploit) ${probabilityText(a.exact.piExploit)}).`;
}

class LabExperiment extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.experiment = EXPERIMENTS[this.getAttribute('experiment')] ? this.getAttribute('experiment') : 'warnings';
    this.spec = EXPERIMENTS[this.experiment];
    this.onTheme = () => this.draw();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    const env = this.getAttribute('env');
    this.inputs.env.value = this.spec.envs.includes(env) ? env : this.spec.envs[0];
    this.applyEnv();
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('lx-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = fieldMaker(this, 'lx');
    const number = (attrs) => h('input', { type: 'number', inputmode: 'decimal', step: 'any', ...attrs });
    const env = h('select', {}, ...this.spec.envs.map((id) => h('option', { value: id, text: ENV_NAMES[id] })));
    env.addEventListener('change', () => this.applyEnv());
    const controls = [field('env', 'Problem', env)];
    if (this.spec.envs.includes('grid-shortcut')) {
      controls.push(field('variant', 'Gridworld variant', h('select', {},
        h('option', { value: 'vase', text: 'vase in the way' }), h('option', { value: 'teleport', text: 'teleport bug' }))));
    }
    if (this.experiment === 'trust-region') {
      controls.push(field('steps', 'Updates', number({ min: 1, max: 1000, step: 1, value: 300 }), '1 to 1,000 (200 on the tiny model)'),
        field('lr', 'NPG step size η', number({ min: 0, max: 100, value: 0.05 }), 'more than 0'),
        field('delta', 'TRPO trust region δ (nats)', number({ min: 0, max: 10, value: 0.002 }), 'KL allowed per update'));
    } else if (this.experiment === 'best-of-n') {
      controls.push(field('ns', 'Values of n', h('input', { type: 'text', value: '1,2,4,16,64,256,4096', spellcheck: 'false' }), 'up to 12, separated by commas'));
    } else if (this.experiment === 'warnings') {
      const agents = ['npg', 'trpo', 'reinforce', 'actor-critic', 'ppo', 'grpo', 'dpo'];
      controls.push(field('agent', 'Algorithm', h('select', {}, ...agents.map((id) => h('option', { value: id, text: LAB_AGENTS[id]?.name || id })))),
        field('beta', 'β (KL weight)', number({ min: 0, max: 100, value: 0 }), '0 is no anchor; DPO needs more than 0'),
        field('seeds', 'Seeds', number({ min: 1, max: 3, step: 1, value: 3 }), '1 to 3 here'),
        field('lr', 'NPG step size η', number({ min: 0, max: 100, value: 0.05 }), 'the gridworld\'s exact NPG'),
        field('steps', 'Updates', number({ min: 1, max: 200, step: 1, value: 200 }), '1 to 200 here'));
    } else {
      controls.push(field('pairs', 'Numbers of pairs', h('input', { type: 'text', value: '30,100,300,1000,3000,10000', spellcheck: 'false' }), 'up to 6, each 2 to 10,000'),
        field('beta', 'β (KL weight)', number({ min: 0, max: 100, value: 0.1 }), 'more than 0'),
        field('seeds', 'Seeds', number({ min: 1, max: 3, step: 1, value: 3 }), '1 to 3 here'),
        field('steps', 'Updates of DPO and PPO', number({ min: 1, max: 200, step: 1, value: 200 }), '1 to 200 here'));
    }
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, this.spec.button);
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { class: 'pl-result', hidden: true, 'data-role': 'result' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || this.spec.title),
      h('p', { class: 'widget-note' }, this.spec.note),
      h('div', { class: 'st-controls pl-controls' }, ...controls),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.result);
  }

  /** Shows the fields that go with the chosen problem. */
  applyEnv() {
    const grid = this.inputs.env.value === 'grid-shortcut';
    if (this.fieldEls.variant) this.fieldEls.variant.hidden = !grid;
    if (this.experiment === 'warnings') {
      this.fieldEls.lr.hidden = !grid;
      this.fieldEls.agent.hidden = grid;
      this.fieldEls.seeds.hidden = grid;
      this.inputs.steps.value = grid ? '60' : '200';
    }
    if (this.experiment === 'trust-region') {
      this.inputs.steps.value = this.inputs.env.value === 'tiny-lm' ? '200' : '300';
    }
  }

  body() {
    const v = (name) => this.inputs[name].value;
    const body = { experiment: this.experiment, env: v('env') };
    const grid = body.env === 'grid-shortcut';
    if (grid) body.variant = v('variant');
    const numbers = (names) => { for (const n of names) body[n] = Number(v(n)); };
    if (this.experiment === 'trust-region') numbers(['steps', 'lr', 'delta']);
    else if (this.experiment === 'best-of-n') body.ns = list(v('ns'), 'ns');
    else if (this.experiment === 'warnings') {
      if (grid) numbers(['beta', 'lr', 'steps']);
      else { body.agent = v('agent'); numbers(['beta', 'seeds', 'steps']); }
    } else {
      body.pairs = list(v('pairs'), 'pairs');
      numbers(['beta', 'seeds', 'steps']);
    }
    return body;
  }

  run() {
    let body;
    this.error.hidden = true;
    try {
      body = this.body();
    } catch (e) {
      showFieldError(this.error, e.message, this.inputs[e.field]);
      return;
    }
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.status.textContent = 'Running…';
    const started = performance.now();
    localOrServer('POST', '/api/lab/experiments', body, () => request('POST', '/api/lab/experiments', body))
      .then((answer) => this.show(body, answer, performance.now() - started), (e) => {
        this.runButton.disabled = false;
        this.dataset.state = 'error';
        this.status.textContent = '';
        showFieldError(this.error, e.message, this.inputs[e.field]);
      });
  }

  async show(body, answer, millis) {
    this.answer = answer;
    this.runButton.disabled = false;
    const chart = chartBox(`lab-${this.experiment}`, ...this.chartWords());
    this.canvas = chart.canvas;
    const table = this.table(answer);
    requestAnimationFrame(() => focusableIfScrolls(table));
    setChildren(this.result,
      h('p', { class: 'se-headline', 'data-role': 'headline' }, experimentHeadline(this.experiment, answer)),
      chart.el, table,
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'The same experiment from the command line (add --out DIR for the CSV files and plots):'),
        h('pre', {}, h('code', { 'data-role': 'command' }, experimentCommand(body)))));
    this.result.hidden = false;
    this.status.textContent = `Done in ${(millis / 1000).toFixed(1)} s.`;
    this.dataset.state = 'done';
    await this.draw();
  }

  chartWords() {
    switch (this.experiment) {
      case 'trust-region': return ['True reward against distance from the base model, update by update',
        'Line chart: for natural policy gradient and TRPO without an anchor, the true reward against the KL divergence from the base model at every update, with the exact optimum\'s path dashed.'];
      case 'best-of-n': return ['Best-of-n and the optimum at the same KL',
        'Chart: the true reward of best-of-n for each n against its KL divergence from the base model, beside the KL-penalised optimum at the same divergence.'];
      case 'warnings': return ['How many updates before the collapse each signal fired (median over runs)',
        'Bar chart: for each warning signal, the median number of updates by which it came before the collapse of the true reward; negative bars came after it.'];
      default: return ['True reward against the number of compared pairs',
        'Line chart: the mean true reward of DPO, of RLHF with PPO and of RLHF\'s exact optimum against the number of compared pairs on a log scale, with the optimum of infinitely many pairs dashed.'];
    }
  }

  table(a) {
    const th = (t) => h('th', { scope: 'col' }, t);
    const tableOf = (caption, heads, rows) => h('table', { class: 'se-table', 'data-role': 'table' },
      h('caption', {}, caption), h('thead', {}, h('tr', {}, ...heads.map(th))), h('tbody', {}, ...rows));
    if (this.experiment === 'trust-region') {
      return tableOf('Six updates of each run: where it is, and the β whose optimum is equally far', ['Algorithm', 'Update', 'KL (nats)', 'π(exploit)', 'True reward', 'β on the path', 'Distance from it (nats)'],
        Object.entries(a.agents).flatMap(([agent, rows]) => rows.filter((r, i) => i % Math.max(1, Math.floor(rows.length / 5)) === 0 || i === rows.length - 1)
          .map((r) => h('tr', {}, h('th', { scope: 'row' }, LAB_AGENTS[agent]?.name || agent), h('td', {}, String(r.step)),
            h('td', {}, num(r.kl, 4)), h('td', {}, probabilityText(r.piExploit)), h('td', {}, num(r.trueReward, 4)),
            h('td', {}, r.betaOnPath === null ? '–' : num(r.betaOnPath, 4)), h('td', {}, nats(r.klFromPath))))));
    }
    if (this.experiment === 'best-of-n') {
      return tableOf('Exact best-of-n, and the optimum at the same KL', ['n', 'KL (nats)', 'π(exploit)', 'True reward', 'Optimum: β', 'Optimum: π(exploit)', 'Optimum: true reward'],
        a.rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, String(r.n)), h('td', {}, num(r.kl, 4)), h('td', {}, probabilityText(r.piExploit)),
          h('td', {}, num(r.trueReward, 4)), h('td', {}, r.optimumAtSameKl ? num(r.optimumAtSameKl.beta, 4) : '–'),
          h('td', {}, r.optimumAtSameKl ? probabilityText(r.optimumAtSameKl.piExploit) : '–'),
          h('td', {}, r.optimumAtSameKl ? num(r.optimumAtSameKl.trueReward, 4) : '–'))));
    }
    if (this.experiment === 'warnings') {
      return tableOf('Each signal over the runs', ['Signal', 'Fired', 'Before the collapse', 'Median lead when before (updates)'],
        a.summary.map((s) => h('tr', {}, h('th', { scope: 'row' }, SIGNAL_WORDS[s.signal] || s.signal), h('td', {}, `${s.fired} of ${a.seeds}`),
          h('td', {}, `${s.firedBeforeCollapse} of ${s.runsWithCollapse}`), h('td', {}, s.medianLead === null ? '–' : updates(s.medianLead)))));
    }
    return tableOf('Mean over seeds, scored on the real proxy and true reward', ['Method', 'Pairs', 'Pairs with the exploit', 'Proxy', 'True reward', 'KL (nats)', 'π(exploit)'],
      a.summary.map((s) => h('tr', {}, h('th', { scope: 'row' }, METHOD_WORDS[s.method] || s.method), h('td', {}, String(s.pairs)),
        h('td', {}, num(s.exploitPairs, 2)), h('td', {}, num(s.proxyReward, 4)), h('td', {}, num(s.trueReward, 4)),
        h('td', {}, num(s.kl, 4)), h('td', {}, probabilityText(s.piExploit)))));
  }

  async draw() {
    const Chart = await whenChart();
    const a = this.answer;
    if (!Chart || !a || !this.isConnected) return;
    const c = chartColors();
    const color = (i) => c.series[i % c.series.length];
    let datasets;
    let scales;
    let type = 'line';
    let tooltip = { title: (x) => `KL ${num(x, 3)} nats`, digits: 4 };
    const klAxis = { type: 'linear', min: 0, title: { display: true, text: 'KL(π ‖ π_ref), nats', color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } };
    if (this.experiment === 'trust-region') {
      datasets = Object.entries(a.agents).map(([agent, rows], i) => lineDataset(`${LAB_AGENTS[agent]?.name || agent}, every update`,
        rows.map((r) => ({ x: r.kl, y: r.trueReward })), color(i), { borderDash: i ? [8, 4] : [] }));
      scales = { x: klAxis, y: valueAxis(c, 'True reward') };
    } else if (this.experiment === 'best-of-n') {
      datasets = [
        lineDataset('Best-of-n', a.rows.map((r) => ({ x: r.kl, y: r.trueReward })), color(0), { pointRadius: 4, pointStyle: POINT_STYLES[0] }),
        lineDataset('KL-penalised optimum at the same KL', a.rows.filter((r) => r.optimumAtSameKl).map((r) => ({ x: r.kl, y: r.optimumAtSameKl.trueReward })),
          color(1), { borderDash: [6, 4], pointRadius: 4, pointStyle: POINT_STYLES[1] }),
      ];
      scales = { x: klAxis, y: valueAxis(c, 'True reward') };
    } else if (this.experiment === 'warnings') {
      type = 'bar';
      const leads = medianLeads(a);
      const rows = a.summary.filter((s) => leads[s.signal] !== null);
      datasets = [{ label: 'Median updates from the signal to the collapse (negative: it came after; grey: contrast signals)', data: rows.map((s) => leads[s.signal]),
        backgroundColor: rows.map((s) => (s.contrast ? c.optimal : color(0))) }];
      this.labels = rows.map((s) => SIGNAL_WORDS[s.signal] || s.signal);
      scales = {
        x: valueAxis(c, 'Updates before the collapse (median over runs where both happened)'),
        y: { ticks: { color: c.text }, grid: { color: c.grid } },
      };
    } else {
      datasets = ['dpo', 'rlhf-ppo', 'rlhf-optimum'].map((m, i) => lineDataset(METHOD_WORDS[m],
        a.summary.filter((s) => s.method === m).map((s) => ({ x: s.pairs, y: s.trueReward })), color(i),
        { pointRadius: 4, pointStyle: POINT_STYLES[i], borderDash: [[], [8, 4], [2, 3]][i] }));
      const xs = a.summary.map((s) => s.pairs);
      datasets.push(lineDataset('Infinitely many pairs (exact optimum)', [{ x: Math.min(...xs), y: a.exact.trueReward }, { x: Math.max(...xs), y: a.exact.trueReward }], c.optimal, { borderDash: [6, 4] }));
      scales = {
        x: { type: 'logarithmic', title: { display: true, text: 'Compared pairs (log scale)', color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } },
        y: valueAxis(c, 'True reward (mean over seeds)'),
      };
      tooltip = { title: (x) => `${num(x, 6)} pairs`, digits: 4 };
    }
    let options = lineOptions(c, scales, tooltip);
    if (type === 'bar') {
      options = { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, scales, plugins: { legend: { labels: { color: c.text } } } };
    }
    if (this.chart) this.chart.destroy();
    const data = type === 'bar' ? { labels: this.labels, datasets } : { datasets };
    this.chart = new Chart(this.canvas, { type, data, options });
  }
}

customElements.define('lab-experiment', LabExperiment);
