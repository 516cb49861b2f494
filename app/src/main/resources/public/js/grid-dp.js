// <grid-dp>: planning with a model, one sweep per click. POST /api/gridworld/dp is stateless, so
// the page keeps the values V and the policy π and sends them back with each operation:
// evaluate (one sweep of policy evaluation), improve (greedy in V), value iteration (one sweep)
// and policy iteration (to convergence). V is drawn as a colour map with numbers and π as arrows;
// a counter and a chart follow the largest change per sweep. Attributes: map (a preset id).
import { h, holdFocus, int, num, setChildren, uid } from './dom.js';
import {
  GRID_DP, GridBoard, boardLegend, fillPresetSelect, gridApi, paramField, publish,
  selectField, setStatus, showError, loadPresetsInto,
} from './grid-common.js';
import { chartColors, valueAxis, whenChart } from './run-charts.js';

const DEFAULTS = { map: 'open', gamma: 0.9 };
/** Pauses between automatic sweeps: slow enough to watch at first, then quicker. */
const AUTO_DELAY_MS = [250, 50];
const CONVERGED = 1e-4;
const AUTO_LIMIT = 500;

/**
 * What the arrows on the board are, as the Policy line names them. The server's answer to
 * `evaluate` carries the policy it evaluated (the uniform one when none was sent), so whether a
 * policy is present says nothing about its kind: each operation sets the kind itself.
 */
const POLICY_KINDS = {
  uniform: 'uniformly random: each action ¼',
  greedy: 'greedy in the values shown',
  'greedy-earlier': 'greedy in earlier values: improve it to catch up',
  optimal: 'greedy and stable: optimal',
};

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/**
 * A change in three significant digits, so that a shrinking series stays readable: 0.0123,
 * 0.00111, then 1.00 × 10⁻⁴ (never "0.0001 → 0.0001").
 */
export function significant(x) {
  if (!Number.isFinite(x) || x === 0) return String(x);
  if (Math.abs(x) >= 0.001) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(2).split('e');
  const power = String(Number(exponent)).split('').map((ch) => SUPERSCRIPT[ch]).join('');
  return `${mantissa} × 10${power}`;
}

class GridDp extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'dp';
    this.auto = false;
    this.build();
    this.reset(false);
    this.load();
    this.onTheme = () => {
      this.draw();
      this.restyleChart();
    };
    document.addEventListener('themechange', this.onTheme);
  }

  disconnectedCallback() {
    this.auto = false;
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('gd-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const wanted = this.getAttribute('map') || DEFAULTS.map;
    this.fields = {
      map: selectField({ name: 'map', label: 'Map', options: [{ id: wanted, name: wanted }] }),
      gamma: paramField('gamma', { label: 'Discount γ', advice: 'γ = 1 needs every policy to reach an end', value: DEFAULTS.gamma, slider: { min: 0, max: 1, step: 0.01 } }),
    };
    this.fields.map.input.addEventListener('change', () => this.reset(true));
    this.fields.gamma.input.addEventListener('change', () => {
      if (this.fields.gamma.read() === null) return;
      this.note('γ changed: the next sweep uses it. Reset to start again from zero.');
      // Arrows greedy or optimal under the old γ are only greedy in earlier values now.
      if (this.policyKind === 'greedy' || this.policyKind === 'optimal') {
        this.policyKind = 'greedy-earlier';
        this.renderStats();
      }
    });
    const button = (action, label, primary, handler) => h('button', {
      type: 'button', class: `btn${primary ? ' primary' : ''}`, 'data-action': action, onclick: handler,
    }, label);
    this.buttons = {
      evaluate: button('evaluate', 'Evaluate: one sweep', true, () => this.run('evaluate')),
      evalAuto: button('evaluate-auto', 'Evaluate until settled', false, () => this.toggleAuto('evaluate')),
      improve: button('improve', 'Improve the policy', false, () => this.run('improve')),
      vi: button('value-iteration', 'Value iteration: one sweep', false, () => this.run('value-iteration')),
      auto: button('auto', 'Value iteration until settled', false, () => this.toggleAuto('value-iteration')),
      pi: button('policy-iteration', 'Policy iteration: solve', false, () => this.run('policy-iteration')),
      reset: button('reset', 'Reset', false, () => this.reset(true)),
    };
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.counter = h('dl', { class: 'gw-stats', 'data-role': 'stats' });
    this.board = new GridBoard({ label: 'State values V and the policy on the grid' });
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'Line chart of the largest change in V at each sweep (log scale).', 'data-chart': 'max-change' });
    this.chartBox = h('figure', { class: 'chart-box gw-chart-small' },
      h('figcaption', {}, 'Largest change of V in each sweep'), h('div', { class: 'chart-canvas' }, this.canvas));
    this.history = h('p', { class: 'hint', 'data-role': 'history' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Planning with a model: dynamic programming'),
      h('div', { class: 'gw-form gw-form-inline' }, this.fields.map.el, this.fields.gamma.el),
      h('div', { class: 'toolbar gw-dp-buttons' },
        h('div', { class: 'gw-group', role: 'group', 'aria-label': 'Policy iteration, step by step' },
          this.buttons.evaluate, this.buttons.evalAuto, this.buttons.improve),
        h('div', { class: 'gw-group', role: 'group', 'aria-label': 'Value iteration' },
          this.buttons.vi, this.buttons.auto),
        h('div', { class: 'gw-group', role: 'group', 'aria-label': 'Solve or start again' },
          this.buttons.pi, this.buttons.reset)),
      this.status,
      h('div', { class: 'gw-split' },
        h('div', { class: 'gw-split-board' }, this.board.el,
          boardLegend(['values', 'walls', 'goal'], 'V: blue below 0, orange above 0; arrows: the policy (thinner = less likely)')),
        h('div', { class: 'gw-split-side' }, this.counter, this.chartBox, this.history)),
    );
    this.initChart();
  }

  async load() {
    if (!(await loadPresetsInto(this))) return;
    fillPresetSelect(this.fields.map.input, this.presets, this.getAttribute('map') || DEFAULTS.map);
    this.reset(false);
    this.dataset.state = 'ready';
  }

  preset() {
    return (this.presets || []).find((p) => p.id === this.fields.map.input.value) || null;
  }

  reset(say) {
    this.auto = false;
    this.autoLabels();
    this.values = null;
    this.policy = null;
    this.sweeps = 0;
    this.changes = [];
    this.lastOp = null;
    this.lastStable = false;
    this.policyKind = 'uniform';
    const preset = this.preset();
    this.map = preset ? preset.map : null;
    if (this.map) this.board.setMap(this.map);
    this.draw();
    this.renderStats();
    this.updateChart();
    this.history.textContent = '';
    if (say) setStatus(this.status, 'Start again: V = 0 everywhere and the policy is uniformly random (each action ¼).');
  }

  note(message) {
    setStatus(this.status, message);
  }

  /** V (zeros before the first sweep) and π (uniform before the first improvement). */
  draw() {
    if (!this.map) return;
    const n = this.map.rows * this.map.cols;
    const values = this.values || new Array(n).fill(0);
    const policy = this.policy || new Array(n).fill(null).map(() => [0.25, 0.25, 0.25, 0.25]);
    this.board.draw({ values, policy, valueName: 'V' });
  }

  setBusy(on) {
    this.busy = on;
    this.setAttribute('aria-busy', String(on));
    if (on) this.restoreFocus = holdFocus(this);
    for (const b of Object.values(this.buttons)) b.disabled = on && !(this.auto && b === this.autoButton);
    if (!on && this.restoreFocus) {
      this.restoreFocus(this.buttons.evaluate);
      this.restoreFocus = null;
    }
  }

  async run(op) {
    if (this.busy && !this.auto) return null;
    const gamma = this.fields.gamma.read();
    if (gamma === null) {
      setStatus(this.status, 'Please fix γ first.', true);
      return null;
    }
    if (!this.map) {
      setStatus(this.status, 'The maps have not loaded yet.', true);
      return null;
    }
    if (!this.auto) this.setBusy(true);
    let answer;
    try {
      answer = await gridApi.dp({
        map: this.fields.map.input.value, gamma, op, values: this.values, policy: this.policy,
      });
    } catch (e) {
      if (!this.auto) this.setBusy(false);
      showError(e, this.fields, this.status);
      return null;
    }
    if (!this.auto) this.setBusy(false);
    this.apply(op, answer);
    return answer;
  }

  apply(op, a) {
    const before = this.policy;
    if (Array.isArray(a.values)) this.values = a.values;
    if (Array.isArray(a.policy)) this.policy = a.policy;
    const sweeps = Number(a.sweeps) || 0;
    this.lastOp = op;
    this.lastStable = !!a.stable;
    this.policyKind = nextPolicyKind(this.policyKind, op, a);
    if (op !== 'improve') {
      this.sweeps += sweeps;
      if (typeof a.maxChange === 'number') {
        if (op === 'policy-iteration') this.changes.push({ sweep: this.sweeps, value: a.maxChange, op });
        else this.changes.push({ sweep: this.sweeps, value: a.maxChange, op });
      }
      this.lastChange = a.maxChange;
    }
    this.draw();
    this.renderStats();
    this.updateChart();
    const changed = before && this.policy ? countChanged(before, this.policy) : null;
    const max = typeof a.maxChange === 'number' ? num(a.maxChange, 4) : '–';
    let message;
    switch (op) {
      case 'evaluate':
        message = `One sweep of policy evaluation: every cell’s V moved to the average, over the policy’s actions, of reward + γ × V(next cell). Largest change ${max}.`;
        if (a.maxChange < CONVERGED) message += ' The values have settled: V is the value of this policy. Now improve it.';
        break;
      case 'improve':
        message = a.stable
          ? 'Policy improvement changed nothing: the policy is already greedy in its own values, so it is optimal.'
          : `Policy improvement: every cell now points to its best-looking neighbour${changed !== null ? ` (${changed} cell${changed === 1 ? '' : 's'} changed)` : ''}. Evaluate again to see what the new policy is worth.`;
        break;
      case 'value-iteration':
        message = `One sweep of value iteration: every cell took the best action’s reward + γ × V(next cell). Largest change ${max}.`;
        if (a.stable || a.maxChange < CONVERGED) message += ' Converged: these are the optimal values, and the arrows are an optimal policy.';
        break;
      default:
        message = `Policy iteration finished after ${int(sweeps)} evaluation sweeps: the policy stopped changing, so it is optimal.`;
    }
    setStatus(this.status, message);
    this.dataset.sweeps = String(this.sweeps);
    if (typeof this.lastChange === 'number') this.dataset.maxChange = String(this.lastChange);
    this.dataset.stable = String(this.lastStable);
    publish(GRID_DP, { op, answer: a, source: 'grid-dp' });
  }

  autoLabels() {
    this.buttons.evalAuto.textContent = 'Evaluate until settled';
    this.buttons.auto.textContent = 'Value iteration until settled';
  }

  /** Sweeps `op` again and again, watchably, until the values settle or the learner pauses. */
  async toggleAuto(op) {
    if (this.auto) {
      this.auto = false;
      return;
    }
    if (this.busy) return;
    this.auto = true;
    this.autoButton = op === 'evaluate' ? this.buttons.evalAuto : this.buttons.auto;
    this.autoButton.textContent = 'Pause';
    this.setBusy(true);
    let n = 0;
    let settled = false;
    while (this.auto && n < AUTO_LIMIT) {
      // eslint-disable-next-line no-await-in-loop
      const a = await this.run(op);
      n += 1;
      if (!a) break;
      if (a.stable || a.maxChange < CONVERGED) {
        settled = true;
        break;
      }
      // eslint-disable-next-line no-await-in-loop
      await new Promise((r) => setTimeout(r, n < 8 ? AUTO_DELAY_MS[0] : AUTO_DELAY_MS[1]));
    }
    const paused = !this.auto;
    this.auto = false;
    const button = this.autoButton;
    this.autoLabels();
    this.setBusy(false);
    if (paused) setStatus(this.status, `Paused after ${n} sweep${n === 1 ? '' : 's'}.`);
    else if (settled) {
      setStatus(this.status, op === 'evaluate'
        ? `Settled after ${n} sweeps (largest change below ${CONVERGED}): these are the values of the current policy. Now improve it.`
        : `Settled after ${n} sweeps: these are the optimal values, and the arrows are an optimal policy.`);
    }
    if (button && document.activeElement === document.body) button.focus();
  }

  renderStats() {
    const last = this.changes.at(-1);
    const prev = this.changes.at(-2);
    setChildren(this.counter,
      h('dt', {}, 'Sweeps so far'), h('dd', { 'data-role': 'sweeps' }, int(this.sweeps)),
      h('dt', {}, 'Largest change in the last sweep'),
      h('dd', { 'data-role': 'max-change' }, last ? num(last.value, 4) : '–',
        last && prev ? h('span', { class: 'hint' }, ` (before: ${num(prev.value, 4)})`) : null),
      h('dt', {}, 'Policy'),
      h('dd', { 'data-role': 'policy-kind', 'data-kind': this.policyKind }, POLICY_KINDS[this.policyKind]));
  }

  async initChart() {
    const Chart = await whenChart();
    if (!Chart) {
      this.chartBox.hidden = true;
      return;
    }
    this.createChart();
  }

  createChart() {
    const c = chartColors();
    this.chart = new window.Chart(this.canvas, {
      type: 'line',
      data: { datasets: [{ label: 'Largest change', data: [], borderColor: c.blue, backgroundColor: c.blue, borderWidth: 2, pointRadius: 2, tension: 0 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: (i) => (i.length ? `after sweep ${i[0].parsed.x}` : ''), label: (i) => `largest change ${num(i.parsed.y, 5)}` } } },
        scales: {
          x: { type: 'linear', min: 0, suggestedMax: 10, title: { display: true, text: 'Sweep', color: c.text }, ticks: { color: c.text, precision: 0 }, grid: { color: c.grid } },
          y: valueAxis(c, 'Largest |ΔV| (log scale)', {
            type: 'logarithmic',
            ticks: {
              color: c.text,
              callback: (v) => {
                const lead = Number(v) / 10 ** Math.floor(Math.log10(Number(v)) + 1e-9);
                return [1, 2, 5].some((d) => Math.abs(lead - d) < 1e-6) ? String(+Number(v).toPrecision(3)) : '';
              },
            },
          }),
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
    const pts = this.changes.filter((p) => p.value > 0).map((p) => ({ x: p.sweep, y: p.value }));
    if (this.chart) {
      this.chart.data.datasets[0].data = pts;
      // a log axis with nothing on it invents a range: no ticks until the first sweep
      this.chart.options.scales.y.ticks.display = pts.length > 0;
      this.chart.update('none');
    }
    this.canvas.setAttribute('aria-label', pts.length
      ? `Line chart of the largest change in V per sweep, log scale: ${pts.slice(-6).map((p) => `sweep ${p.x}: ${num(p.y, 4)}`).join(', ')}.`
      : 'Line chart of the largest change in V per sweep; empty until the first sweep.');
    const gamma = this.fields.gamma.read();
    const last = this.changes.slice(-4);
    this.history.textContent = last.length >= 3 && last.every((p) => p.op === last[0].op && p.op !== 'policy-iteration')
      ? `Each sweep’s largest change is at most γ = ${gamma} times the one before: ${last.map((p) => significant(p.value)).join(' → ')}.`
      : '';
  }
}

/**
 * The kind of the arrows after `op` answered `a`, given their kind before: evaluation changes the
 * values but not the arrows (so greedy arrows now lag behind the values, and random or optimal
 * ones stay what they were); improvement and value iteration make them greedy in the values
 * shown, optimal when the answer is stable; policy iteration ends at an optimal policy.
 */
function nextPolicyKind(before, op, a) {
  switch (op) {
    case 'evaluate':
      return before === 'greedy' ? 'greedy-earlier' : before;
    case 'improve':
      return a.stable ? 'optimal' : 'greedy';
    case 'value-iteration':
      return a.stable || a.maxChange < CONVERGED ? 'optimal' : 'greedy';
    case 'policy-iteration':
      return a.stable ? 'optimal' : 'greedy';
    default:
      return before;
  }
}

/** Number of cells whose set of most likely actions differs between two policies. */
function countChanged(a, b) {
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (!a[i] || !b[i]) continue;
    const best = (p) => {
      const m = Math.max(...p);
      return p.map((x) => (x > m - 1e-9 ? 1 : 0)).join('');
    };
    if (best(a[i]) !== best(b[i])) n += 1;
  }
  return n;
}

customElements.define('grid-dp', GridDp);
