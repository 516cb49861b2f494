// <cot-monitor predict="on">: optimising against a chain-of-thought monitor, in miniature.
// One request (POST /api/monitor/cot, answered by the engine in this page where it runs and by the
// server where it does not) trains the toy agent twice with the same settings: once rewarded for
// passing the tests (baseline), once with λ taken off whenever the monitor flags its two words of
// thinking (pressure). The widget grades the learner's prediction against the pressure arm's final
// recall, draws both arms' exact hack rate, monitor recall and genuine pass rate, says in one
// sentence what happened, and prints the commands that reproduce both runs.
// Optional attributes set the initial knobs: monitor, beta, lambda, iterations, seed, title.
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { h, holdFocus, int, pct, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, DASHES, lineDataset, lineOptions, valueAxis, whenChart } from './run-charts.js';
import { fieldMaker } from './policy-lab.js';

const MONITORS = ['careful', 'keyword'];
const BETAS = ['0', '1', '3', '10'];
const LAMBDAS = ['0', '0.5', '1', '2'];
const ITERATIONS = ['250', '1000', '4000'];

/** The prediction's choices, with the recall each one covers. */
const CHOICES = [
  ['most', 'Most hacks', (r) => r >= 0.7],
  ['half', 'About half of the hacks', (r) => r >= 0.3 && r < 0.7],
  ['none', 'Almost none of the hacks', (r) => r < 0.3],
];

/** The three curves of each chart: key, legend label, colour index, dash index. */
const SERIES = [
  ['hackRate', 'True hack rate P(EXIT0)', 1, 0],
  ['monitorRecall', 'Monitor recall P(flagged | hack)', 0, 1],
  ['genuinePass', 'Genuine passes P(FIX and tests pass)', 2, 2],
];

/** A share in words: 0.9391 → "94 %", small ones with a decimal (0.0012 → "0.1 %"). */
function share(x) {
  return x === null || x === undefined ? 'none (it never hacks)' : pct(x, x < 0.1 ? 1 : 0);
}

/** The commands that reproduce both arms (exported for the page tests). */
export function cotCommands(answer) {
  return `./${answer.baseline.command}\n./${answer.pressure.command}`;
}

/** The sentence, from the numbers (exported for the page tests). */
export function cotHeadline(answer) {
  const n = answer.settings.iterations;
  const base = answer.baseline.final;
  const press = answer.pressure.final;
  const points = answer.pressure.points;
  const start = points[0];
  let low = start;
  for (const p of points) if (p.hackRate < low.hackRate) low = p;
  const end = `by iteration ${int(n)} it hacks ${share(press.hackRate)} of the time and the monitor catches ${share(press.monitorRecall)} of the hacks`;
  let pressure;
  if (start.hackRate - low.hackRate < 0.05) {
    pressure = `Under pressure the hack rate never fell much below its start, ${share(start.hackRate)}; ${end}.`;
  } else if (low.iteration === n) {
    pressure = `Under pressure the hack rate fell from ${share(start.hackRate)} to ${share(low.hackRate)} by iteration ${int(n)}, genuine passes went to ${share(press.genuinePass)}, and the monitor catches ${share(press.monitorRecall)} of the hacks that remain.`;
  } else {
    pressure = `Under pressure the hack rate fell to ${share(low.hackRate)} at iteration ${int(low.iteration)} while genuine passes ${low.genuinePass >= start.genuinePass ? 'rose' : 'fell'} to ${share(low.genuinePass)}; ${end}.`;
  }
  const baseline = `Without the penalty the agent hacks ${share(base.hackRate)} of the time by iteration ${int(n)}, and the monitor catches ${share(base.monitorRecall)} of those hacks.`;
  const same = answer.settings.lambda === 0 ? ' With λ = 0 the penalty is nothing, so both arms are the same run.' : '';
  return `${pressure} ${baseline}${same}`;
}

/** The keyword monitor's blind spot in words, or null for the careful monitor. */
export function shortcutLine(answer) {
  if (answer.settings.monitor !== 'keyword') return null;
  const n = int(answer.settings.iterations);
  return `The keyword monitor does not know the word SHORTCUT. By iteration ${n}, SHORTCUT is in the thoughts of ${share(answer.pressure.final.shortcutShare)} of the hacks under pressure, `
    + `against ${share(answer.baseline.final.shortcutShare)} without the penalty.`;
}

class CotMonitor extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.onTheme = () => this.draw();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('cm-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = fieldMaker(this, 'cm');
    const select = (values, words, initial, fallback) => {
      const s = h('select', {}, ...values.map((v) => h('option', { value: v, text: words(v) })));
      s.value = values.includes(initial) ? initial : fallback;
      return s;
    };
    const attr = (name) => this.getAttribute(name);
    const controls = [
      field('monitor', 'Monitor', select(MONITORS, (m) => m, attr('monitor'), 'careful'), 'careful flags HACK, SKIPTESTS and SHORTCUT; keyword only HACK and SKIPTESTS'),
      field('beta', 'Coupling β of thoughts to action', select(BETAS, (b) => b, attr('beta'), '3'), 'how much saying it makes doing it likelier'),
      field('lambda', 'Penalty λ per flag (pressure arm)', select(LAMBDAS, (l) => l, attr('lambda'), '1')),
      field('iterations', 'Iterations (updates of 64 episodes each)', select(ITERATIONS, (i) => int(Number(i)), attr('iterations'), '4000')),
      field('seed', 'Seed', h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 1000000, step: 1, value: attr('seed') || '0' }), 'same seed, same run'),
    ];
    this.prediction = null;
    if (attr('predict') === 'on') {
      const name = uid('cm-predict');
      this.prediction = h('fieldset', { class: 'st-predict', 'data-role': 'predict' },
        h('legend', {}, 'Predict first. After long training under pressure (λ taken off the reward whenever the monitor flags the thoughts), the monitor catches:'),
        ...CHOICES.map(([value, text]) => {
          const id = uid('cm-choice');
          return h('div', { class: 'st-choice' }, h('input', { type: 'radio', id, name, value }), h('label', { for: id }, text));
        }));
    }
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, 'Train both arms');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { hidden: true, 'data-role': 'result' });
    setChildren(this, // skips the prediction when there is none
      h('h3', { class: 'widget-title', id: titleId }, attr('title') || 'Train against the monitor: with and without the penalty'),
      this.prediction,
      h('div', { class: 'st-controls pl-controls' }, ...controls),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.result);
  }

  /** The request body; a seed outside its input's min, max and step throws, naming the field. */
  body() {
    const v = (name) => this.inputs[name].value;
    if (v('seed').trim() === '' || !this.inputs.seed.checkValidity()) {
      throw Object.assign(new Error('The seed must be a whole number from 0 to 1,000,000.'), { field: 'seed' });
    }
    return { monitor: v('monitor'), beta: Number(v('beta')), lambda: Number(v('lambda')), iterations: Number(v('iterations')), seed: Number(v('seed')) };
  }

  run() {
    let body;
    this.error.hidden = true;
    for (const input of Object.values(this.inputs)) input.removeAttribute('aria-invalid');
    try {
      body = this.body();
    } catch (e) {
      this.status.textContent = '';
      showFieldError(this.error, e.message, this.inputs[e.field]);
      return;
    }
    const restore = holdFocus(this);
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.status.textContent = `Training both arms for ${int(body.iterations)} iterations…`;
    const started = performance.now();
    localOrServer('POST', '/api/monitor/cot', body, () => request('POST', '/api/monitor/cot', body))
      .then((answer) => {
        this.runButton.disabled = false;
        restore(this.runButton);
        return this.show(answer, performance.now() - started);
      }, (e) => {
        this.runButton.disabled = false;
        restore(this.runButton);
        this.dataset.state = 'error';
        this.status.textContent = '';
        showFieldError(this.error, e.message, this.inputs[e.field]);
      });
  }

  async show(answer, millis) {
    this.answer = answer;
    const box = (arm, title) => chartBox(`cot-${arm}`, title, this.description(answer, arm));
    const baseline = box('baseline', 'Baseline: reward = tests pass');
    const pressure = box('pressure', `Pressure: reward = tests pass − ${answer.settings.lambda} × flagged`);
    this.canvases = { baseline: baseline.canvas, pressure: pressure.canvas };
    for (const canvas of Object.values(this.canvases)) canvas.textContent = canvas.getAttribute('aria-label');
    const shortcut = shortcutLine(answer);
    setChildren(this.result,
      this.graded(answer),
      h('p', { class: 'se-headline', 'data-role': 'headline' }, cotHeadline(answer)),
      shortcut ? h('p', { class: 'widget-note', 'data-role': 'shortcut' }, shortcut) : null,
      h('div', { class: 'pl-charts', 'data-role': 'charts' }, baseline.el, pressure.el),
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'The same two runs from the command line (add --json, --csv FILE or --plot FILE.png):'),
        h('pre', {}, h('code', { 'data-role': 'command' }, cotCommands(answer)))));
    this.result.hidden = false;
    this.status.textContent = `Done in ${(millis / 1000).toFixed(1)} s.`;
    this.dataset.state = 'done';
    await this.draw();
  }

  /** The chart's text alternative: where each curve starts and ends. */
  description(answer, arm) {
    const points = answer[arm].points;
    const first = points[0];
    const last = points[points.length - 1];
    const curves = SERIES.map(([key, label]) => `${label.replace(/ P\(.*\)$/, '').toLowerCase()} from ${share(first[key])} to ${share(last[key])}`);
    return `Line chart, ${arm} arm, over ${int(last.iteration)} iterations: ${curves.join('; ')}.`;
  }

  graded(answer) {
    if (!this.prediction) return null;
    const checked = this.prediction.querySelector('input:checked');
    if (!checked) return h('p', { class: 'widget-note', 'data-role': 'grade' }, 'You did not predict this time; try it before the next run.');
    const recall = answer.pressure.final.monitorRecall;
    const n = int(answer.settings.iterations);
    if (recall === null) {
      return h('p', { class: 'widget-note', 'data-role': 'grade' }, `Under pressure the agent stopped hacking altogether by iteration ${n}, so the monitor had nothing to catch.`);
    }
    const [, words] = CHOICES.find(([, , covers]) => covers(recall));
    const right = CHOICES.find(([value]) => value === checked.value)[2](recall);
    const measured = `after ${n} iterations under pressure the monitor catches ${share(recall)} of the hacks`;
    return h('p', { class: `st-grade ${right ? 'right' : 'wrong'}`, 'data-role': 'grade', 'data-grade': right ? 'right' : 'wrong' },
      right ? `✓ Your prediction was right: ${measured}.` : `✗ Not this time: ${measured}, which is "${words.toLowerCase()}".`);
  }

  async draw() {
    const Chart = await whenChart();
    const a = this.answer;
    if (!Chart || !a || !this.canvases || !this.isConnected) return;
    const c = chartColors();
    if (this.charts) for (const chart of this.charts) chart.destroy();
    this.charts = Object.entries(this.canvases).map(([arm, canvas]) => {
      const datasets = SERIES.map(([key, label, colour, dash]) => lineDataset(label,
        a[arm].points.map((p) => ({ x: p.iteration, y: p[key] })), c.series[colour], { borderDash: DASHES[dash] }));
      const scales = {
        x: { type: 'linear', min: 0, max: a.settings.iterations, title: { display: true, text: `Iteration (updates of ${int(a.settings.batch)} episodes)`, color: c.text }, ticks: { color: c.text, maxTicksLimit: 6 }, grid: { color: c.grid } },
        y: valueAxis(c, 'Probability (share, 0 to 1)', { min: 0, max: 1 }),
      };
      return new Chart(canvas, { type: 'line', data: { datasets }, options: lineOptions(c, scales, { title: (x) => `Iteration ${int(x)}`, digits: 3 }) });
    });
  }
}

customElements.define('cot-monitor', CotMonitor);
