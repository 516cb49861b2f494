// <policy-lab env="burning-building" agent="npg">: the policy-optimization lab. The learner picks an
// algorithm (NPG, TRPO, REINFORCE, PPO, GRPO, DPO or best-of-n), the anchor to the base model
// (β and where the KL goes), the learning rate, batch, updates and seed, and runs it: one request,
// POST /api/lab/runs, answered by the engine in this page where it runs and by the server where it
// does not (saferlhub train --env burning-building --agent … --json prints the same numbers). The
// widget charts every update: proxy and true reward, π(exploit) on a log scale under its KL-price
// bound, the exact KL to the base model beside its batch estimates k1 and k3, the per-update KL and
// the entropy, with the exact optimum for the chosen β as dashed target lines; it draws the final
// policy as bars beside the base model's, writes a sentence from the numbers, and prints the
// command that reproduces the run.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { focusableIfScrolls, h, int, num, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart } from './run-charts.js';
import { probabilityText } from './kl-tilt.js';

/** The lab's algorithms: name, what the anchor may be, the fields they take and their presets. */
export const LAB_AGENTS = {
  npg: {
    name: 'Natural policy gradient', kl: ['reward', 'none'], fields: ['lr', 'steps'],
    preset: { steps: 200, lr: 0.5, beta: 0.1, kl: 'reward' },
  },
  trpo: {
    name: 'TRPO', kl: ['reward', 'none'], fields: ['delta', 'steps'],
    preset: { steps: 300, delta: 0.01, beta: 0.1, kl: 'reward' },
  },
  reinforce: {
    name: 'REINFORCE', kl: ['reward', 'loss', 'none'], fields: ['lr', 'batch', 'steps', 'baseline', 'exact'],
    preset: { steps: 300, lr: 1, batch: 64, baseline: 'leave-one-out', beta: 0.1, kl: 'reward' },
  },
  'actor-critic': {
    name: 'Actor-critic (GAE)', kl: ['reward', 'loss', 'none'], fields: ['lr', 'criticLr', 'lambda', 'batch', 'steps'],
    preset: { steps: 300, lr: 1, criticLr: 0.1, lambda: 0.9, batch: 64, beta: 0.1, kl: 'reward' },
  },
  ppo: {
    name: 'PPO', kl: ['reward', 'none'], fields: ['lr', 'batch', 'steps', 'epochs', 'clip', 'klTarget'],
    preset: { steps: 300, lr: 1, batch: 64, epochs: 4, clip: 0.2, beta: 0.1, kl: 'reward', klTarget: 0 },
  },
  'ppo-kl': {
    name: 'PPO, adaptive KL penalty', kl: ['none', 'reward'], fields: ['lr', 'batch', 'steps', 'epochs', 'penalty', 'klTarget'],
    preset: { steps: 300, lr: 1, batch: 64, epochs: 4, penalty: 1, klTarget: 0.01, beta: 0, kl: 'none' },
  },
  grpo: {
    name: 'GRPO', kl: ['loss', 'none'], fields: ['lr', 'batch', 'steps', 'epochs', 'clip'],
    preset: { steps: 300, lr: 0.5, batch: 8, epochs: 4, clip: 0.2, beta: 0.04, kl: 'loss' },
  },
  dpo: {
    name: 'DPO', kl: ['implicit'], fields: ['lr', 'batch', 'steps', 'exact'],
    preset: { steps: 200, lr: 1, batch: 500, beta: 0.1, kl: 'implicit' },
  },
  'best-of-n': {
    name: 'Best-of-n (no training)', kl: ['none'], fields: ['n'],
    preset: { n: 64, beta: 0, kl: 'none' },
  },
};

/** The problems: the agents each runs, and the presets that differ there. */
export const LAB_ENVS = {
  'burning-building': { name: 'Burning building', agents: Object.keys(LAB_AGENTS), presets: {} },
  'tiny-lm': {
    name: 'Tiny language model', agents: ['npg', 'trpo', 'reinforce', 'actor-critic', 'ppo', 'grpo', 'dpo', 'best-of-n'],
    presets: {
      npg: { steps: 200, lr: 0.5, beta: 0.2, kl: 'reward' },
      trpo: { steps: 100, delta: 0.05, beta: 0.2, kl: 'reward' },
      ppo: { steps: 200, lr: 1, batch: 64, epochs: 4, clip: 0.2, beta: 0.2, kl: 'reward', klTarget: 0 },
      grpo: { steps: 200, lr: 0.5, batch: 8, epochs: 4, clip: 0.2, beta: 0.04, kl: 'loss' },
      dpo: { steps: 200, lr: 1, batch: 500, beta: 0.2, kl: 'implicit' },
      reinforce: { steps: 200, lr: 1, batch: 64, baseline: 'leave-one-out', beta: 0.2, kl: 'reward' },
      'actor-critic': { steps: 200, lr: 1, criticLr: 0.1, lambda: 0.9, batch: 64, beta: 0.2, kl: 'reward' },
    },
  },
};

LAB_ENVS['tiny-lm-sparse'] = {
  name: 'Tiny language model, sparse proxy', agents: LAB_ENVS['tiny-lm'].agents, presets: LAB_ENVS['tiny-lm'].presets,
};

LAB_ENVS['grid-shortcut'] = {
  name: 'Gridworld shortcut', agents: ['npg'],
  presets: { npg: { steps: 100, lr: 1, beta: 0.5, kl: 'reward' } },
};

/** The gridworld shortcut's map, row 0 at the top (GridShortcut.MAP). */
const SHORTCUT_MAP = ['.....', '.....', '..#..', '..#..', 'S.V.G'];

const KL_WORDS = {
  reward: 'k1 in the reward (RLHF)',
  loss: 'k3 in the loss (GRPO)',
  none: 'no anchor',
  implicit: 'implicit in the loss (DPO)',
};

/** "π(explode)", or "π(favourite texts)" on the tiny model, whose exploit is a set of texts. */
function exploitLabel(answer) {
  return answer.env === 'tiny-lm' ? 'π(favourite texts)' : `π(${answer.exploit})`;
}

/** The lab's CLI command for a request body (exported for the page tests). */
export function labCommand(body) {
  const parts = ['./saferlhub train', `--env ${body.env}`];
  if (body.sparse) parts.push('--sparse');
  const flag = { criticLr: 'critic-lr', klTarget: 'kl-target', penalty: 'kl-penalty' };
  if (body.env === 'bandit') parts.push(`--ref ${body.ref.join(',')}`, `--proxy ${body.proxy.join(',')}`, `--true ${body.true.join(',')}`);
  parts.push(`--agent ${body.agent}`);
  const agent = LAB_AGENTS[body.agent];
  for (const f of agent.fields) {
    if (f === 'exact') { if (body.exact) parts.push('--exact'); continue; }
    if (body[f] !== undefined && !(f === 'klTarget' && !body[f])) parts.push(`--${flag[f] || f} ${body[f]}`);
  }
  if (body.beta > 0) parts.push(`--beta ${body.beta}`);
  if (body.kl && body.kl !== 'none') parts.push(`--kl ${body.kl}`);
  if (body.seed !== undefined && body.agent !== 'best-of-n') parts.push(`--seed ${body.seed}`);
  parts.push('--json');
  return parts.join(' ');
}

/** The headline, from the numbers of the run (exported for the page tests). */
export function labHeadline(answer) {
  const name = LAB_AGENTS[answer.agent]?.name || answer.agent;
  const exploit = answer.env === 'tiny-lm' ? (answer.sparse ? 'the text "!!!!"' : 'texts of a letter and three "!"')
    : answer.env === 'grid-shortcut' ? `the shortcut through the vase (${answer.exploit})` : answer.exploit;
  const last = answer.final || answer;
  const first = answer.history ? answer.history[0] : null;
  const parts = [];
  if (answer.agent === 'best-of-n') {
    parts.push(`Best-of-${int(answer.n)} picks ${exploit} ${probabilityText(last.piExploit)} of the time, with true reward ${num(last.trueReward, 3)} at KL ${num(last.kl, 2)} nats (at most log n − (n−1)/n = ${num(answer.klBound, 2)}).`);
    return parts.join(' ');
  }
  const updates = answer.history.length - 1;
  parts.push(`After ${int(updates)} update${updates === 1 ? '' : 's'}, ${name} puts ${probabilityText(last.piExploit)} on ${exploit} (the base model: ${probabilityText(first.piExploit)}).`);
  parts.push(`True reward went from ${num(first.trueReward, 3)} to ${num(last.trueReward, 3)} while the proxy went from ${num(first.proxyReward, 3)} to ${num(last.proxyReward, 3)}; the policy is ${num(last.kl, 2)} nats from the base model.`);
  if (answer.exactOptimum) {
    const o = answer.exactOptimum;
    parts.push(`The exact optimum at β = ${answer.beta} puts ${probabilityText(o.piExploit)} on ${exploit} (true reward ${num(o.trueReward, 3)}, KL ${num(o.kl, 2)}).`);
  } else if (!(answer.beta > 0)) {
    parts.push('Nothing anchors this run to the base model: only its speed limits how far it goes.');
  }
  return parts.join(' ');
}

/**
 * A labelled form field maker for a lab widget: each field's input goes into widget.inputs[name]
 * (with data-role=name) and its wrapper into widget.fieldEls[name].
 */
export function fieldMaker(widget, prefix) {
  widget.inputs = {};
  widget.fieldEls = {};
  return (name, label, input, hint) => {
    input.id = uid(`${prefix}-${name}`);
    input.dataset.role = name;
    widget.inputs[name] = input;
    const el = h('div', { class: 'field', 'data-field': name },
      h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
    widget.fieldEls[name] = el;
    return el;
  };
}

class PolicyLab extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || 'burning-building';
    this.onTheme = () => this.drawCharts();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    this.inputs.env.value = LAB_ENVS[this.env] ? this.env : 'burning-building';
    this.applyEnv(this.inputs.env.value, this.getAttribute('agent') || 'npg');
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('pl-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = fieldMaker(this, 'pl');
    const number = (attrs) => h('input', { type: 'number', inputmode: 'decimal', ...attrs });
    const env = h('select', {}, ...Object.entries(LAB_ENVS).map(([id, e]) => h('option', { value: id, text: e.name })));
    env.addEventListener('change', () => this.applyEnv(env.value));
    const agent = h('select', {});
    agent.addEventListener('change', () => this.applyPreset(agent.value));
    const kl = h('select', {});
    kl.addEventListener('change', () => this.syncAnchor());
    const baselineWords = { 'leave-one-out': 'leave-one-out (RLOO)', mean: 'batch mean', learned: 'learned value V', none: 'none' };
    const baseline = h('select', {}, ...Object.entries(baselineWords).map(([b, text]) => h('option', { value: b, text })));
    const exact = h('select', {}, h('option', { value: 'false', text: 'sampled batches' }), h('option', { value: 'true', text: 'exact expectation' }));
    const controls = [
      field('env', 'Problem', env),
      field('agent', 'Algorithm', agent),
      field('kl', 'Anchor to the base model', kl, 'where the KL penalty goes'),
      field('beta', 'β (KL weight)', number({ min: 0, max: 100, step: 'any' }), '0 to 100; 0 is no anchor'),
      field('lr', 'Learning rate η', number({ min: 0, max: 100, step: 'any' }), 'more than 0, at most 100'),
      field('criticLr', 'Critic learning rate', number({ min: 0, max: 100, step: 'any' }), 'how fast V follows the returns'),
      field('lambda', 'GAE λ', number({ min: 0, max: 1, step: 'any' }), '0: one-step TD error; 1: whole return'),
      field('klTarget', 'KL target (nats)', number({ min: 0, max: 100, step: 'any' }), 'PPO: β moves to hold this KL (0: fixed β); adaptive penalty: KL per update'),
      field('penalty', 'Initial penalty weight', number({ min: 0, step: 'any' }), 'on KL(π_old ‖ π); halves or doubles each update'),
      field('delta', 'Trust region δ (nats)', number({ min: 0, step: 'any' }), 'TRPO: KL allowed per update'),
      field('batch', 'Batch (samples per update)', number({ min: 2, max: 4096, step: 1, inputmode: 'numeric' }), 'GRPO: group size; DPO: pairs'),
      field('steps', 'Updates', number({ min: 1, max: 2000, step: 1, inputmode: 'numeric' }), '1 to 2,000 here'),
      field('epochs', 'Epochs per batch', number({ min: 1, max: 20, step: 1, inputmode: 'numeric' }), 'gradient steps on each batch'),
      field('clip', 'Clip ε', number({ min: 0, max: 1, step: 'any' }), 'ratio allowed to move per batch'),
      field('baseline', 'Baseline', baseline),
      field('exact', 'Gradients from', exact, 'exact: the line the batches scatter around'),
      field('n', 'n (samples to choose from)', number({ min: 1, step: 1, inputmode: 'numeric' }), '1 to 1,000,000,000'),
      field('seed', 'Seed', number({ min: 0, step: 1, inputmode: 'numeric', value: 1 }), 'same seed, same run'),
    ];
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, 'Run');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { class: 'pl-result', hidden: true, 'data-role': 'result' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'The policy lab: optimise the proxy, watch the truth'),
      h('p', { class: 'widget-note' }, 'Every run starts from the base model and is computed by the engine, exactly where the algorithm uses expectations and from seeded samples where it uses batches.'),
      h('div', { class: 'st-controls pl-controls' }, ...controls),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.result);
  }

  /** Lists the algorithms the problem runs, keeping the chosen one where it can. */
  applyEnv(envId, wanted) {
    this.env = envId;
    const agents = LAB_ENVS[envId].agents;
    const keep = wanted || this.inputs.agent.value;
    setChildren(this.inputs.agent, ...agents.map((id) => h('option', { value: id, text: LAB_AGENTS[id].name })));
    this.applyPreset(agents.includes(keep) ? keep : agents[0]);
  }

  applyPreset(id) {
    const agent = LAB_AGENTS[id] || LAB_AGENTS.npg;
    this.inputs.agent.value = LAB_AGENTS[id] ? id : 'npg';
    setChildren(this.inputs.kl, ...agent.kl.map((k) => h('option', { value: k, text: KL_WORDS[k] })));
    const preset = { ...agent.preset, ...(LAB_ENVS[this.env].presets[id] || {}) };
    for (const [name, value] of Object.entries(preset)) {
      if (name === 'kl') this.inputs.kl.value = value;
      else if (this.inputs[name]) this.inputs[name].value = String(value);
    }
    this.inputs.exact.value = 'false';
    for (const name of ['lr', 'criticLr', 'lambda', 'klTarget', 'penalty', 'delta', 'batch', 'steps', 'epochs', 'clip', 'baseline', 'exact', 'n']) {
      this.fieldEls[name].hidden = !agent.fields.includes(name);
    }
    this.fieldEls.klTarget.hidden ||= this.env.startsWith('tiny-lm'); // the β controllers run on bandits
    this.fieldEls.seed.hidden = id === 'best-of-n';
    this.fieldEls.kl.hidden = id === 'best-of-n';
    this.syncAnchor();
  }

  /** β means nothing without an anchor (except DPO's implicit one): hide it then. */
  syncAnchor() {
    const kl = this.inputs.kl.value;
    const agent = this.inputs.agent.value;
    this.fieldEls.beta.hidden = agent === 'best-of-n' || kl === 'none';
  }

  body() {
    const agent = this.inputs.agent.value;
    const spec = LAB_AGENTS[agent];
    const body = { env: this.env === 'tiny-lm-sparse' ? 'tiny-lm' : this.env, agent };
    if (this.env === 'tiny-lm-sparse') body.sparse = true;
    for (const f of spec.fields) {
      if (this.fieldEls[f].hidden) continue;
      if (f === 'baseline') body.baseline = this.inputs.baseline.value;
      else if (f === 'exact') body.exact = this.inputs.exact.value === 'true';
      else body[f] = Number(this.inputs[f].value);
    }
    const kl = this.inputs.kl.value;
    if (agent !== 'best-of-n') {
      body.seed = Number(this.inputs.seed.value);
      if (kl === 'implicit') body.beta = Number(this.inputs.beta.value);
      else if (kl !== 'none') { body.kl = kl; body.beta = Number(this.inputs.beta.value); }
    }
    return body;
  }

  run() {
    const body = this.body();
    for (const input of Object.values(this.inputs)) input.removeAttribute('aria-invalid');
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        showFieldError(this.error, `${this.fieldEls[name].querySelector('label').textContent}: write a number.`, this.inputs[name]);
        return;
      }
    }
    this.error.hidden = true;
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.status.textContent = `Running ${LAB_AGENTS[body.agent].name}…`;
    const started = performance.now();
    localOrServer('POST', '/api/lab/runs', body, () => request('POST', '/api/lab/runs', body))
      .then((answer) => this.show(answer, body, performance.now() - started), (e) => this.failed(e));
  }

  async show(answer, body, millis) {
    this.runButton.disabled = false;
    this.answer = answer;
    this.lastBody = body;
    const charts = [
      ['rewards', 'Proxy and true reward', 'Line chart over updates: expected proxy reward and true reward of the policy, with the exact optimum\'s as dashed lines.'],
      ['exploit', `${exploitLabel(answer)}, log scale`, 'Line chart over updates, logarithmic: the probability of the exploit, its KL-price bound, and the exact optimum\'s.'],
      ['kl', 'KL to the base model (nats)', 'Line chart over updates: the exact KL divergence from the base model, with the batch estimates k1 and k3 as points.'],
      ['step', 'Each update: KL from the last policy, and entropy (nats)', 'Line chart over updates: KL divergence between consecutive policies and the policy\'s entropy.'],
    ];
    if (answer.history && answer.history.some((s) => typeof s.beta === 'number' || typeof s.penalty === 'number')) {
      charts.push(['beta', 'The weight in force after each update', 'Line chart over updates, logarithmic: the KL weight the algorithm adapted.']);
    }
    this.canvases = {};
    const boxes = answer.history ? charts.map(([key, title, text]) => {
      const box = chartBox(`lab-${key}`, title, text);
      this.canvases[key] = box.canvas;
      return box.el;
    }) : [];
    const download = h('button', { type: 'button', class: 'btn', 'data-action': 'download', onclick: () => this.download() }, 'Download the run (JSON)');
    setChildren(this.result,
      h('p', { class: 'se-headline', 'data-role': 'headline' }, labHeadline(answer)),
      this.policyBars(answer),
      h('div', { class: 'pl-charts' }, ...boxes),
      answer.history ? this.summaryTable(answer) : null,
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'Reproduce it from the command line (the same numbers, bit for bit):'),
        h('pre', {}, h('code', { 'data-role': 'command' }, labCommand(body)))),
      h('div', { class: 'st-actions' }, download));
    this.result.hidden = false;
    this.status.textContent = `Done in ${Math.max(1, Math.round(millis))} ms.`;
    this.dataset.state = 'done';
    await this.drawCharts();
    this.dispatchEvent(new CustomEvent('policy-lab', { bubbles: true, detail: answer }));
  }

  policyBars(answer) {
    const last = answer.final || answer;
    if (Array.isArray(last.likeliest)) return h('div', {}, this.textBars(last.likeliest, answer.sparse), this.prefixTree(last.tree || []));
    if (answer.env === 'grid-shortcut') return this.gridView(answer);
    const first = answer.history ? answer.history[0].pi : null;
    const optimum = answer.exactOptimum ? answer.exactOptimum.pi : null;
    const width = (p) => `${Math.max(0.5, 100 * p).toFixed(1)}%`;
    const rows = answer.actions.map((name, j) => h('div', { class: `kt-bar${name === answer.exploit ? ' exploit' : ''}`, 'data-action-name': name },
      h('div', { class: 'kt-bar-name' }, name, name === answer.exploit ? h('span', { class: 'kt-tag' }, ' exploit') : null),
      h('div', { class: 'kt-track', 'aria-hidden': 'true' },
        first ? h('span', { class: 'kt-fill ref', style: `width:${width(first[j])}` }) : null,
        h('span', { class: 'kt-fill opt', style: `width:${width(last.pi[j])}` })),
      h('div', { class: 'kt-bar-values' }, first ? `${probabilityText(first[j])} → ` : '', h('strong', {}, probabilityText(last.pi[j])),
        optimum ? ` (optimum ${probabilityText(optimum[j])})` : '')));
    return h('div', { class: 'kt-bars pl-bars', 'data-role': 'bars' },
      h('p', { class: 'kt-legend' }, h('span', { class: 'kt-key ref' }), 'base model ', h('span', { class: 'kt-key opt' }), 'after the run'), ...rows);
  }

  /**
   * The gridworld shortcut: the expected number of moves made from each cell, by the base model
   * and after the run, as two small maps (S start, V vase, G goal, # wall).
   */
  gridView(answer) {
    const maps = [['Base model', answer.history[0].pi], ['After the run', answer.final.pi]].map(([title, visits]) => {
      const rows = SHORTCUT_MAP.map((line, r) => h('tr', {}, ...[...line].map((tile, col) => {
        const n = visits[5 * r + col];
        const label = { S: 'start', V: 'vase', G: 'goal', '#': 'wall', '.': '' }[tile];
        return h('td', { class: `pl-cell${tile === '#' ? ' wall' : ''}`, style: tile === '#' ? null : `--visits:${Math.min(1, n).toFixed(3)}` },
          tile === '.' ? '' : h('span', { class: 'pl-tile' }, tile), h('span', { class: 'pl-visits' }, tile === '#' ? '' : num(n, 2)),
          label ? h('span', { class: 'visually-hidden' }, ` ${label}`) : null);
      })));
      return h('figure', { class: 'pl-grid' }, h('figcaption', {}, title),
        h('table', { 'aria-label': `${title}: expected moves made from each cell of the 5 by 5 grid` }, h('tbody', {}, ...rows)));
    });
    return h('div', { class: 'pl-grids', 'data-role': 'bars' },
      h('p', { class: 'widget-note' }, 'Expected moves made from each cell per episode. The base model walks up and round the wall; the shortcut runs straight along the bottom row through the vase V.'), ...maps);
  }

  /** The tiny model's ten likeliest texts after the run, beside their base-model probability. */
  textBars(likeliest, sparse = false) {
    const width = (p) => `${Math.max(0.5, 100 * p).toFixed(1)}%`;
    const rows = likeliest.map((t) => {
      const exploit = sparse ? t.text === '!!!!'
        : (t.text.match(/!/g) || []).length === 3 && t.text.length === 4;
      return h('div', { class: `kt-bar${exploit ? ' exploit' : ''}`, 'data-action-name': t.text },
        h('div', { class: 'kt-bar-name' }, t.text === '' ? '(empty)' : `“${t.text}”`, h('span', { class: 'kt-note' }, `proxy ${num(t.proxyReward, 1)}, true ${num(t.trueReward, 1)}`)),
        h('div', { class: 'kt-track', 'aria-hidden': 'true' },
          h('span', { class: 'kt-fill ref', style: `width:${width(t.reference)}` }),
          h('span', { class: 'kt-fill opt', style: `width:${width(t.p)}` })),
        h('div', { class: 'kt-bar-values' }, `${probabilityText(t.reference)} → `, h('strong', {}, probabilityText(t.p))));
    });
    return h('div', { class: 'kt-bars pl-bars', 'data-role': 'bars' },
      h('p', { class: 'kt-legend' }, 'The ten likeliest texts after the run: ', h('span', { class: 'kt-key ref' }), 'base model ', h('span', { class: 'kt-key opt' }), 'after the run'), ...rows);
  }

  /**
   * The tiny model's policy as a tree of prefixes (those reached by at least 2 % of texts): each
   * prefix with how often it is reached, and its next-token probabilities beside the base model's.
   */
  prefixTree(nodes) {
    const TOKENS = ['a', 'b', 'c', '!', 'end'];
    const byPrefix = new Map(nodes.map((n) => [n.prefix, n]));
    const item = (node, depth) => {
      const children = TOKENS.slice(0, 4).map((t) => byPrefix.get(node.prefix + t)).filter(Boolean);
      const label = node.prefix === '' ? 'Start of the text' : `“${node.prefix}”`;
      const tokens = h('ul', { class: 'pl-next', 'aria-label': `Next token after ${label}` },
        ...TOKENS.map((t, j) => h('li', { class: node.next[j] >= 0.5 ? 'likely' : null },
          h('span', { class: 'pl-token' }, t === 'end' ? 'end' : `“${t}”`), ` ${probabilityText(node.next[j])}`,
          h('span', { class: 'pl-base' }, ` (base ${probabilityText(node.referenceNext[j])})`))));
      const summary = h('summary', {}, h('strong', {}, label), ` reached by ${probabilityText(node.reach)} of texts (base model ${probabilityText(node.referenceReach)})`);
      return h('li', {}, h('details', { open: depth < 1 }, summary, tokens,
        children.length ? h('ul', { class: 'pl-tree-level' }, ...children.map((c) => item(c, depth + 1))) : null));
    };
    const root = byPrefix.get('');
    if (!root) return null;
    return h('details', { class: 'pl-tree', 'data-role': 'tree' },
      h('summary', {}, 'The policy as a tree of prefixes'),
      h('p', { class: 'widget-note' }, 'Each prefix that the policy or the base model reaches in at least 2 % of its texts, with the probability of each next token. Open a prefix to see where it leads.'),
      h('ul', { class: 'pl-tree-level' }, item(root, 0)));
  }

  summaryTable(answer) {
    const first = answer.history[0];
    const last = answer.final;
    const o = answer.exactOptimum;
    const row = (label, key, digits, text = (x) => num(x, digits)) => h('tr', {},
      h('th', { scope: 'row' }, label), h('td', {}, text(first[key])), h('td', { 'data-key': key }, text(last[key])),
      h('td', {}, o && o[key] !== undefined ? text(o[key]) : '–'));
    const table = h('table', { class: 'se-table', 'data-role': 'table' },
      h('caption', {}, 'The base model, the policy after the run, and the exact optimum at the same β'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col' }, 'Base model'), h('th', { scope: 'col' }, 'After the run'), h('th', { scope: 'col' }, 'Exact optimum'))),
      h('tbody', {},
        row('Proxy reward', 'proxyReward', 3),
        row('True reward', 'trueReward', 3),
        row(exploitLabel(answer), 'piExploit', 0, probabilityText),
        row('KL to the base model (nats)', 'kl', 3),
        row('KL-price bound on π(exploit)', 'exploitBound', 0, probabilityText)));
    requestAnimationFrame(() => focusableIfScrolls(table));
    return table;
  }

  async drawCharts() {
    const Chart = await whenChart();
    const a = this.answer;
    if (!Chart || !a || !a.history || !this.isConnected) return;
    for (const chart of Object.values(this.charts || {})) chart.destroy();
    this.charts = {};
    const c = chartColors();
    const hist = a.history;
    const max = hist.at(-1).step;
    const series = (key) => hist.filter((s) => typeof s[key] === 'number').map((s) => ({ x: s.step, y: s[key] }));
    const flat = (label, y, color) => lineDataset(label, [{ x: 0, y }, { x: max, y }], color, { borderDash: [6, 4], borderWidth: 1.5 });
    const x = { type: 'linear', min: 0, max, title: { display: true, text: 'Updates', color: c.text }, ticks: { color: c.text, maxTicksLimit: 6 }, grid: { color: c.grid } };
    const o = a.exactOptimum;
    const opts = (y, digits = 3) => lineOptions(c, { x, y }, { title: (v) => `update ${int(v)}`, digits });
    const make = (key, datasets, options) => {
      this.charts[key] = new Chart(this.canvases[key], { type: 'line', data: { datasets }, options });
    };
    make('rewards', [
      lineDataset('True reward', series('trueReward'), c.series[2]),
      lineDataset('Proxy reward', series('proxyReward'), c.series[1], { borderDash: [8, 4] }),
      ...(o ? [flat('True reward of the optimum', o.trueReward, c.optimal)] : []),
    ], opts(valueAxis(c, 'Expected reward')));
    const positive = (pts) => pts.map((p) => ({ x: p.x, y: Math.max(p.y, 1e-12) }));
    make('exploit', [
      lineDataset(exploitLabel(a), positive(series('piExploit')), c.series[0]),
      lineDataset('KL-price bound', positive(series('exploitBound')).map((p) => ({ x: p.x, y: Math.min(p.y, 1) })), c.series[3], { borderDash: [2, 3] }),
      ...(o ? [flat('Optimum', Math.max(o.piExploit, 1e-12), c.optimal)] : []),
    ], opts(valueAxis(c, 'Probability', {
      type: 'logarithmic', max: 1,
      ticks: { color: c.text, callback: (v) => ([1, 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12].some((d) => Math.abs(v - d) < d * 1e-6) ? (v >= 0.001 ? String(v) : v.toExponential(0)) : '') },
    }), 6));
    const dots = (label, key, color, style) => ({ ...lineDataset(label, series(key), color, { showLine: false, pointRadius: 2, pointStyle: style }) });
    make('kl', [
      lineDataset('Exact KL(π ‖ π_ref)', series('kl'), c.series[0]),
      ...(hist.some((s) => typeof s.k1 === 'number') ? [dots('k1 batch estimate', 'k1', c.series[1], 'circle'), dots('k3 batch estimate', 'k3', c.series[2], 'triangle')] : []),
      ...(hist.some((s) => typeof s.occupancyKl === 'number') ? [lineDataset('KL of the cells visited (occupancy)', series('occupancyKl'), c.series[5], { borderDash: [8, 4] })] : []),
      ...(o ? [flat('KL of the optimum', o.kl, c.optimal)] : []),
    ], opts(valueAxis(c, 'Nats')));
    if (this.canvases.beta) {
      const key = hist.some((s) => typeof s.penalty === 'number') ? 'penalty' : 'beta';
      make('beta', [
        lineDataset(key === 'penalty' ? 'Penalty on KL(π_old ‖ π)' : 'β on KL(π ‖ π_ref)', series(key), c.series[5]),
      ], opts(valueAxis(c, 'Weight', { type: 'logarithmic' }), 6));
    }
    make('step', [
      lineDataset('KL(π_old ‖ π_new)', series('klOldNew').filter((p) => p.x > 0), c.series[3]),
      lineDataset('Entropy', series('entropy'), c.series[4], { borderDash: [8, 4] }),
    ], opts(valueAxis(c, 'Nats'), 5));
  }

  download() {
    const blob = new Blob([JSON.stringify(this.answer, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `policy-lab-${this.answer.agent}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  failed(e) {
    this.runButton.disabled = false;
    this.dataset.state = 'error';
    this.status.textContent = '';
    showFieldError(this.error, e.message, e.field && this.inputs[e.field] && !this.fieldEls[e.field].hidden ? this.inputs[e.field] : null);
  }
}

customElements.define('policy-lab', PolicyLab);
