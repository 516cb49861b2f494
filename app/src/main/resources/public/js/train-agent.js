// <train-agent>: configure and start a real training run, watch it live. The engine runs in this
// browser (engine.js: a Web Worker with the engine compiled to WebAssembly), or on the server where
// the browser cannot run it; the page says which. Points stream into the charts; the report is the
// same either way. The whole configuration lives in the page URL (history.replaceState), so a link
// reproduces the run. A finished run is saved on the server (its link: /runs/{id}) and can be
// downloaded as the JSON `saferlhub train --json` prints.
import { api } from './api.js';
import { train, whereText } from './engine.js';
import { ALGORITHMS, fillRulesSelect, loadRules, RULES_FALLBACK } from './blackjack.js';
import { compact, h, holdFocus, int, num, pct, randomSeed, setChildren, uid } from './dom.js';
import { param, rangeHint } from './params.js';
import { withAlpha } from './run-charts.js';
import { copyText, currentTheme } from './site.js';
import {
  publishAlgorithm, publishConfig, publishRun, publishRunStarted, rememberLastRun,
} from './store.js';

const EPISODE_STEPS = [
  100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000, 2000000,
  5000000, 10000000,
];
const ALPHA_STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

/** The engine's defaults for lesson 1's form (Blackjack, Q-learning), from the page's schema. */
const fromSchema = (name) => param(name, { algorithm: 'q-learning', family: 'blackjack' });
export const DEFAULTS = {
  rules: 'sab',
  algorithm: 'q-learning',
  episodes: fromSchema('episodes').default,
  alpha: fromSchema('alpha').default,
  gamma: fromSchema('gamma').default,
  epsilon: fromSchema('epsilon').default,
  epsilonSchedule: fromSchema('epsilonSchedule').default,
  epsilonFinal: fromSchema('epsilonFinal').default,
  seed: fromSchema('seed').default,
};

const SCHEDULES = [
  { id: 'constant', name: 'constant' },
  { id: 'linear', name: 'linear' },
  { id: 'exponential', name: 'exponential' },
];

/** A number field's limits and hint: the range is the engine's, the advice after it the lesson's. */
function numberSpec(name, label, advice, extra = {}) {
  const p = fromSchema(name);
  const hint = advice ? `${rangeHint(p)}; ${advice}` : rangeHint(p);
  return { label, hint, min: p.min, max: p.max, integer: p.kind === 'integer', ...extra };
}

const NUMBERS = {
  episodes: numberSpec('episodes', 'Episodes (hands to play)', '',
    { steps: EPISODE_STEPS, unit: 'episodes' }),
  alpha: numberSpec('alpha', 'Learning rate α', 'try 0.01', { steps: ALPHA_STEPS }),
  gamma: numberSpec('gamma', 'Discount factor γ', '1 counts the result in full', { step: 0.01 }),
  epsilon: numberSpec('epsilon', 'Exploration ε', 'share of random moves', { step: 0.01 }),
  epsilonFinal: numberSpec('epsilonFinal', 'Final ε', 'above 0 for exponential', { step: 0.01 }),
  seed: numberSpec('seed', 'Seed', 'same seed, same run'),
};

const KEYS = Object.keys(DEFAULTS);

/**
 * How long the page takes to draw the curve of a run that trains faster than that (the default
 * run takes about 0.1 s), so that a learner sees learning happen: points are shown in step with
 * the clock, never before the engine produced them. Skip shows the rest at once; with "reduce
 * motion" set, everything is shown as it arrives. The engine, the API and the CLI run at full speed.
 */
export const REVEAL_MS = 1500;

/**
 * The mean-return chart's fixed y-axes (returns per hand), the same for every run so that runs can
 * be compared by eye. Smoothed: every curve measured fits (18 runs of 100, 1,000 and 10,000 hands,
 * seeds 1-6, went from -0.54 to +0.30; 100,000-hand runs from about -0.19 to -0.05). Raw: single
 * stretches of a short run reach -1 and +1.5 (a natural pays 1.5).
 */
export const RETURN_AXIS = { smoothed: { min: -0.6, max: 0.4 }, raw: { min: -1, max: 1.5 } };

/**
 * The smoothing window in hands: 5 % of the run, at least 100 hands (so a short run is not a ±1
 * square wave) and at most 5,000; never shorter than one recorded stretch.
 */
export function smoothingHands(episodes, stretch) {
  return Math.max(stretch, Math.min(5000, Math.max(100, Math.round(episodes * 0.05))));
}

/**
 * The smoothed curve: at each point, the mean return over the last `hands` hands (over every hand
 * so far while fewer were played). Points are means over equal stretches of `stretch` hands, so the
 * window is a plain mean of the last few points. It starts once 20 hands are in it: the mean of
 * fewer says little.
 */
export function smoothed(points, hands, stretch) {
  const width = Math.max(1, Math.round(hands / Math.max(1, stretch)));
  const out = [];
  let sum = 0;
  for (let i = 0; i < points.length; i += 1) {
    sum += points[i].y;
    if (i >= width) sum -= points[i - width].y;
    const n = Math.min(i + 1, width);
    if (n * stretch >= Math.min(20, hands)) out.push({ x: points[i].x, y: sum / n });
  }
  return out;
}

/** Whether the learner asked the system for less motion. */
function reducedMotion() {
  return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

const PALETTES = {
  light: { blue: '#0072b2', orange: '#d55e00', green: '#007a5a', grey: '#5f6368', purple: '#a2467c' },
  dark: { blue: '#56b4e9', orange: '#e69f00', green: '#3cc29a', grey: '#b4b8bd', purple: '#e29fcb' },
};

class TrainAgent extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'train';
    this.state = 'idle';
    this.points = [];
    this.run = null;
    this.runId = null;
    this.fields = {};
    this.build();
    const linkNotes = this.applyUrl();
    this.setState('idle');
    this.updateDerived();
    this.styleReturnChart();
    publishAlgorithm(this.value('algorithm'));
    publishConfig(this.currentValues());
    loadRules(api).then((rules) => {
      fillRulesSelect(this.fields.rules.input, rules, this.fields.rules.input.value);
      this.updateDerived();
      publishConfig(this.currentValues());
      if (linkNotes.autorun) {
        this.scrollIntoView({ block: 'start' });
        this.train();
      }
    });
    this.onTheme = () => this.restyleCharts();
    document.addEventListener('themechange', this.onTheme);
    this.onUnload = () => { if (this.run) this.run.stop(); };
    window.addEventListener('pagehide', this.onUnload);
  }

  disconnectedCallback() {
    if (this.run) this.run.stop();
    document.removeEventListener('themechange', this.onTheme);
    window.removeEventListener('pagehide', this.onUnload);
  }

  // ----- building the form -----

  build() {
    const titleId = uid('ta-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const form = h('form', { class: 'train-form', novalidate: true, 'aria-labelledby': titleId });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.train();
    });
    form.append(
      this.selectField('algorithm', 'Algorithm', ALGORITHMS, 'Q-learning, SARSA or Monte Carlo control'),
      this.selectField('rules', 'Rules', RULES_FALLBACK,
        'How a natural (an ace and a ten-card) is paid; sab is Sutton & Barto’s, which Gymnasium plays'),
      this.numberField('episodes'),
      this.numberField('alpha'),
      this.numberField('gamma'),
      this.numberField('epsilon'),
      this.selectField('epsilonSchedule', 'ε schedule', SCHEDULES, 'How ε changes during training: constant; linear, in equal steps down to final ε; exponential, by the same factor each episode'),
      this.numberField('epsilonFinal'),
      this.numberField('seed'),
    );
    fillRulesSelect(this.fields.rules.input, RULES_FALLBACK, DEFAULTS.rules);
    form.addEventListener('input', () => this.onFormChange());
    form.addEventListener('change', () => this.onFormChange());

    this.trainButton = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'train' }, 'Train');
    this.stopButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'stop', disabled: true, onclick: () => this.stop(),
    }, 'Stop');
    this.resetButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'reset', onclick: () => this.resetForm(),
    }, 'Reset settings');
    this.copyButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'copy-link', onclick: () => this.copyLink(),
    }, 'Copy link');
    this.skipButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'skip', hidden: true, onclick: () => this.skip(),
    }, 'Show all now');
    this.autorunBox = h('input', { type: 'checkbox', id: uid('ta-autorun'), 'data-role': 'autorun' });
    form.append(h('div', { class: 'toolbar form-actions' },
      this.trainButton, this.stopButton, this.skipButton, this.copyButton,
      h('label', { for: this.autorunBox.id, class: 'hint' }, this.autorunBox,
        ' link starts training when opened'),
      this.resetButton));
    this.form = form;

    this.progress = h('progress', { max: 1, value: 0, 'aria-label': 'Training progress', hidden: true });
    this.progressText = h('p', { class: 'widget-note', 'data-role': 'progress' });
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' },
      'Choose settings and press Train.');
    this.summary = h('div', { class: 'result-summary', hidden: true, 'data-role': 'summary' });
    this.cliCode = h('code', { 'data-role': 'cli' });
    const cliCopy = h('button', {
      type: 'button', class: 'btn small', onclick: async (e) => {
        const ok = await copyText(this.cliCode.textContent);
        e.target.textContent = ok ? 'Copied' : 'Select and copy';
        setTimeout(() => { e.target.textContent = 'Copy command'; }, 2000);
      },
    }, 'Copy command');

    this.smoothBox = h('input', { type: 'checkbox', id: uid('ta-smooth'), 'data-role': 'smooth', checked: true });
    this.smoothBox.addEventListener('change', () => this.redrawCharts());
    this.smoothHint = h('span', { class: 'hint', 'data-role': 'smooth-window' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Train an agent'),
      form,
      this.progress, this.progressText, this.status, this.summary,
      h('p', { class: 'check chart-tools' },
        h('label', { for: this.smoothBox.id }, this.smoothBox, ' Smooth the mean-return curve'),
        ' ', this.smoothHint),
      this.buildCharts(),
      h('div', { class: 'cli' },
        h('p', { class: 'field-label' }, 'The same run from the command line'),
        h('pre', {}, this.cliCode), cliCopy),
    );
  }

  selectField(name, label, options, hint) {
    const id = uid(`ta-${name}`);
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const input = h('select', { id, name, 'aria-describedby': `${hintId} ${errorId}` },
      options.map((o) => h('option', { value: o.id, text: o.name })));
    input.value = DEFAULTS[name];
    const error = h('span', { class: 'field-error', id: errorId });
    this.fields[name] = { input, error };
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: id }, label), input, h('span', { class: 'hint', id: hintId }, hint), error);
  }

  numberField(name) {
    const spec = NUMBERS[name];
    const id = uid(`ta-${name}`);
    const labelId = `${id}-label`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const input = h('input', {
      id, name, type: 'number', inputmode: spec.integer ? 'numeric' : 'decimal', step: 'any',
      min: spec.min, max: spec.max, value: DEFAULTS[name], 'aria-describedby': `${hintId} ${errorId}`,
    });
    const error = h('span', { class: 'field-error', id: errorId });
    let slider = null;
    if (name !== 'seed') {
      slider = spec.steps
        ? h('input', { type: 'range', min: 0, max: spec.steps.length - 1, step: 1, 'data-for': name })
        : h('input', { type: 'range', min: spec.min, max: spec.max, step: spec.step, 'data-for': name });
      slider.setAttribute('aria-labelledby', labelId);
      slider.setAttribute('aria-describedby', hintId);
      slider.addEventListener('input', () => {
        const v = spec.steps ? spec.steps[Number(slider.value)] : Number(slider.value);
        input.value = String(v);
        this.syncSlider(name);
      });
      input.addEventListener('input', () => this.syncSlider(name));
    }
    this.fields[name] = { input, error, slider, spec };
    const extra = name === 'seed'
      ? h('button', {
        type: 'button', class: 'btn small', 'data-action': 'random-seed',
        onclick: () => {
          input.value = String(randomSeed());
          this.onFormChange();
        },
      }, 'Random')
      : null;
    this.syncSlider(name);
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: id, id: labelId }, spec.label),
      h('div', { class: `pair${name === 'seed' || name === 'episodes' ? ' wide-number' : ''}` }, slider, input, extra),
      h('span', { class: 'hint', id: hintId }, spec.hint), error);
  }

  /** Moves a slider to match its number box (nearest step for logarithmic sliders). */
  syncSlider(name) {
    const { input, slider, spec } = this.fields[name] || {};
    if (!slider) return;
    const v = Number(input.value);
    if (!Number.isFinite(v)) return;
    if (spec.steps) {
      const distance = (step) => Math.abs(Math.log(step) - Math.log(Math.max(v, 1e-9)));
      let best = 0;
      spec.steps.forEach((step, i) => {
        if (distance(step) < distance(spec.steps[best])) best = i;
      });
      slider.value = String(best);
    } else {
      slider.value = String(v);
    }
    slider.setAttribute('aria-valuetext', spec.unit ? `${int(v)} ${spec.unit}` : String(v));
  }

  // ----- reading and writing the configuration -----

  value(name) {
    return this.fields[name].input.value;
  }

  /** The configuration to send, or null (with messages beside the fields) if a box is not a number. */
  readConfig() {
    const config = { env: 'blackjack' };
    let ok = true;
    for (const key of KEYS) {
      const field = this.fields[key];
      if (field.spec) {
        const raw = field.input.value.trim();
        const v = Number(raw);
        if (raw === '' || !Number.isFinite(v)) {
          this.fieldError(key, `Enter a number (${field.spec.hint}).`);
          ok = false;
          continue;
        }
        if (field.spec.integer && !Number.isInteger(v)) {
          this.fieldError(key, 'Enter a whole number.');
          ok = false;
          continue;
        }
        config[key] = v;
      } else {
        config[key] = field.input.value;
      }
    }
    return ok ? config : null;
  }

  fieldError(key, message) {
    const field = this.fields[key];
    if (!field) return false;
    field.error.textContent = message || '';
    if (message) field.input.setAttribute('aria-invalid', 'true');
    else field.input.removeAttribute('aria-invalid');
    return true;
  }

  clearErrors() {
    for (const key of KEYS) this.fieldError(key, null);
  }

  onFormChange() {
    this.updateDerived();
    this.syncUrl();
    this.announce();
    publishAlgorithm(this.value('algorithm'));
    publishConfig(this.currentValues());
  }

  /**
   * The configuration in the form, for other widgets (e.g. <seed-experiment>), or null when a
   * box does not hold a number (the message then stands beside that box).
   */
  trainingConfig() {
    this.clearErrors();
    return this.readConfig();
  }

  /** Marks a setting of this form as wrong (for errors another widget got from the server). */
  showFieldError(key, message) {
    return this.fieldError(key, message);
  }

  /** Final ε only matters for a decaying schedule; the CLI line mirrors the form. */
  updateDerived() {
    const constant = this.value('epsilonSchedule') === 'constant';
    const finalField = this.fields.epsilonFinal;
    finalField.input.disabled = constant;
    if (finalField.slider) finalField.slider.disabled = constant;
    this.cliCode.textContent = cliCommand(this.currentValues());
  }

  currentValues() {
    const values = {};
    for (const key of KEYS) values[key] = this.value(key);
    return values;
  }

  /** Fills the form from the page URL. Returns { autorun }. Bad values are reported and ignored. */
  applyUrl() {
    const params = new URL(window.location.href).searchParams;
    for (const key of KEYS) {
      if (!params.has(key)) continue;
      const raw = params.get(key);
      const field = this.fields[key];
      if (field.spec) {
        const v = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(v)) {
          this.fieldError(key, `The link's value “${raw}” is not a number; using ${DEFAULTS[key]}.`);
          continue;
        }
        field.input.value = String(v);
        this.syncSlider(key);
      } else if ([...field.input.options].some((o) => o.value === raw) || key === 'rules') {
        // Rules are checked again once the list arrives from the server.
        if (key === 'rules' && ![...field.input.options].some((o) => o.value === raw)) {
          field.input.append(h('option', { value: raw, text: raw }));
        }
        field.input.value = raw;
      } else {
        this.fieldError(key, `The link's value “${raw}” is not one of the choices; using ${DEFAULTS[key]}.`);
      }
    }
    const autorun = params.get('run') === '1';
    this.autorunBox.checked = autorun;
    return { autorun };
  }

  /** The page URL for the current configuration. */
  permalink(autorun) {
    const url = new URL(window.location.href);
    for (const key of KEYS) url.searchParams.set(key, this.value(key));
    if (autorun) url.searchParams.set('run', '1');
    else url.searchParams.delete('run');
    url.hash = this.id;
    return url;
  }

  syncUrl() {
    const url = this.permalink(false);
    url.hash = window.location.hash;
    try {
      window.history.replaceState(window.history.state, '', url);
    } catch (e) {
      // Some embeddings forbid history changes; the Copy link button still works.
    }
  }

  async copyLink() {
    const link = this.permalink(this.autorunBox.checked).toString();
    const ok = await copyText(link);
    this.copyButton.textContent = ok ? 'Link copied' : 'Copy failed';
    if (!ok) this.setStatus(`Copy this link: ${link}`);
    setTimeout(() => { this.copyButton.textContent = 'Copy link'; }, 2000);
  }

  resetForm() {
    for (const key of KEYS) {
      this.fields[key].input.value = String(DEFAULTS[key]);
      this.syncSlider(key);
    }
    this.clearErrors();
    this.onFormChange();
  }

  // ----- running -----

  setState(state) {
    this.state = state;
    this.dataset.state = state;
    const active = state === 'starting' || state === 'running';
    const stopHadFocus = document.activeElement === this.stopButton;
    if (state === 'starting') this.restoreFocus = holdFocus(this);
    this.trainButton.disabled = active;
    this.stopButton.disabled = state !== 'running';
    this.setAttribute('aria-busy', String(active));
    // Never strand keyboard focus on a button that just became disabled.
    if (this.restoreFocus && state !== 'starting') {
      this.restoreFocus(this.stopButton, this.trainButton);
      this.restoreFocus = null;
    }
    if (stopHadFocus && state !== 'running') this.trainButton.focus();
    this.announce();
  }

  setStatus(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle('error', isError);
    this.announce();
  }

  /**
   * What another view of this run (<quick-train>) shows: state, status, the settings in words, and
   * the mean-return curve as this widget draws it (smoothed or not, on the same fixed axis).
   */
  snapshot() {
    const total = this.config && this.state !== 'idle' ? this.config.episodes : Number(this.value('episodes')) || DEFAULTS.episodes;
    const stretch = this.stretchOf(total);
    const raw = this.points.map((p) => ({ x: p.episode, y: p.meanReturn }));
    const smooth = !this.smoothBox || this.smoothBox.checked;
    const ref = this.state === 'done' || this.state === 'stopped' ? this.lastReference : null;
    const algorithm = ALGORITHMS.find((a) => a.id === this.value('algorithm'));
    return {
      state: this.state,
      status: this.status.textContent,
      pacing: this.dataset.reveal === 'pacing',
      settings: `${algorithm ? algorithm.name : this.value('algorithm')} · ${int(Number(this.value('episodes')))} hands · α ${
        this.value('alpha')} · ε ${this.value('epsilon')} · seed ${this.value('seed')}`,
      series: smooth ? smoothed(raw, smoothingHands(total, stretch), stretch) : raw,
      faint: smooth ? raw : [],
      axis: { ...(smooth ? RETURN_AXIS.smoothed : RETURN_AXIS.raw) },
      episodes: total,
      optimal: ref ? ref.optimalExpectedReturn : null,
      greedy: ref ? ref.expectedReturn : null,
    };
  }

  /** Tells other views (a `train-update` event with the snapshot), at most once per task. */
  announce() {
    if (this.announcing) return;
    this.announcing = true;
    queueMicrotask(() => {
      this.announcing = false;
      this.dispatchEvent(new CustomEvent('train-update', { detail: this.snapshot() }));
    });
  }

  async train() {
    if (this.state === 'starting' || this.state === 'running') return;
    this.clearErrors();
    const config = this.readConfig();
    if (!config) {
      this.setStatus('Please fix the highlighted settings first.', true);
      return;
    }
    this.syncUrl();
    this.setState('starting');
    this.setStatus('Starting the run…');
    this.summary.hidden = true;
    this.runId = null;
    delete this.dataset.runId;
    delete this.dataset.where;
    this.config = config;
    this.points = [];
    this.dataset.points = '0';
    this.milestone = 0;
    this.queue = [];
    this.stretch = 0;
    const run = train(config, {
      onStart: (where) => this.onStart(run, where),
      onPoint: (p) => { if (this.run === run) this.onProgress(p); },
    });
    this.run = run;
    let end;
    try {
      end = await run.done;
    } catch (e) {
      if (this.run !== run) return;
      this.run = null;
      if (e.field && this.fieldError(e.field, e.message)) {
        this.setStatus('The engine did not accept a setting; see the message beside it.', true);
        this.fields[e.field].input.focus();
        this.progress.hidden = true;
        this.setState('error');
      } else {
        this.fail(e.message);
      }
      return;
    }
    if (this.run !== run) return;
    await this.revealed();
    if (this.run !== run) return;
    this.run = null;
    this.where = end;
    this.dataset.where = end.where === 'server' ? 'server' : `browser-${end.build}`;
    if (end.result && end.result.stopReason !== 'cancelled') {
      this.onDone(end);
    } else if (end.result) {
      this.onDone(end, true);
    } else {
      const last = this.points.at(-1);
      this.onEnded('stopped', `Stopped after ${int(last ? last.episode : 0)} episodes. ${
        whereText(end)} Press Train to start again.`);
    }
  }

  /** The engine is running: where, and from now on points arrive. */
  onStart(run, where) {
    if (this.run !== run) return;
    if (where.id) {
      this.runId = where.id;
      this.dataset.runId = where.id;
    }
    if (where.config) this.config = where.config;
    this.startedAt = performance.now();
    this.revealFrom = this.startedAt;
    this.revealMs = reducedMotion() ? 0 : (this.revealDuration ?? REVEAL_MS);
    this.dataset.reveal = 'pacing';
    delete this.dataset.revealedMs;
    this.skipButton.hidden = this.revealMs === 0;
    this.resetCharts(this.config.episodes);
    this.progress.hidden = false;
    this.progress.max = this.config.episodes;
    this.progress.value = 0;
    this.progressText.textContent = '';
    this.setState('running');
    this.setStatus(`Training ${int(this.config.episodes)} episodes ${
      where.where === 'server' ? 'on the server' : 'in your browser'}…`);
    publishRunStarted(where.id || null, this.config);
  }

  fail(message) {
    this.progress.hidden = true;
    this.setState('error');
    this.setStatus(message, true);
  }

  onEnded(state, message) {
    this.progress.hidden = true;
    this.setState(state);
    this.setStatus(message);
  }

  stop() {
    if (this.state !== 'running' || !this.run) return;
    this.skip();
    this.run.stop();
  }

  /** Shows every point that has arrived at once (the Show all now button). */
  skip() {
    this.revealMs = 0;
    this.pump();
  }

  /** A point from the engine: shown when the reveal clock reaches its episode (REVEAL_MS). */
  onProgress(p) {
    this.arrived = { episode: p.episode, at: performance.now() };
    this.queue.push(p);
    this.pump();
  }

  /** Shows the queued points whose time has come, and asks for another frame if some wait. */
  pump() {
    const total = this.config ? this.config.episodes : 1;
    const allowed = this.revealMs > 0
      ? (total * (performance.now() - this.revealFrom)) / this.revealMs : Infinity;
    while (this.queue.length && this.queue[0].episode <= allowed) this.showPoint(this.queue.shift());
    if (this.queue.length) {
      if (!this.pumpFrame) {
        this.pumpFrame = requestAnimationFrame(() => {
          this.pumpFrame = 0;
          this.pump();
        });
      }
    } else if (this.whenRevealed) {
      const resolve = this.whenRevealed;
      this.whenRevealed = null;
      resolve();
    }
  }

  /** Resolves once every point that arrived is shown. */
  revealed() {
    if (!this.queue || !this.queue.length) {
      this.finishReveal();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.whenRevealed = () => {
        this.finishReveal();
        resolve();
      };
    });
  }

  finishReveal() {
    this.skipButton.hidden = true;
    if (this.dataset.reveal === 'pacing') {
      this.dataset.reveal = 'done';
      this.dataset.revealedMs = String(Math.round(performance.now() - this.revealFrom));
    }
  }

  /** Draws one point: charts, progress bar and the numbers under it. */
  showPoint(p) {
    if (!this.stretch) this.stretch = Math.max(1, p.episode);
    this.points.push(p);
    this.dataset.points = String(this.points.length);
    this.addPoint(p);
    const total = this.config.episodes;
    const seconds = (this.arrived.at - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.arrived.episode / seconds : 0;
    this.progress.value = p.episode;
    this.progressText.textContent = `${int(p.episode)} of ${int(total)} episodes · ${
      compact(rate)} episodes/s · mean return ${num(p.meanReturn, 3)} · ε ${num(p.epsilon, 3)}`;
    const quarter = Math.floor((p.episode / total) * 4);
    if (quarter > this.milestone && quarter < 4) {
      this.milestone = quarter;
      this.setStatus(`Training… ${quarter * 25} % done.`);
    }
  }

  /** The run ended with a result (`stopped`: the learner stopped it part way). */
  async onDone(end, stopped = false) {
    const result = end.result;
    if (Array.isArray(result.points) && result.points.length >= this.points.length) {
      this.points = result.points;
      this.dataset.points = String(this.points.length);
      this.redrawCharts();
    }
    this.progress.value = this.progress.max;
    this.progress.hidden = true;
    this.lastReference = result;
    this.addReferenceLines(result);
    this.lastEnd = end;
    this.setState(stopped ? 'stopped' : 'done');
    const rate = result.episodesPerSecond;
    this.progressText.textContent = '';
    this.setStatus(`${stopped ? 'Stopped' : 'Done'}: ${int(result.episodes)} episodes in ${
      result.elapsedSeconds.toFixed(2)} s (${compact(rate)} episodes per second). ${whereText(end)}`);
    this.renderSummary(result);
    if (end.where === 'browser') await this.save(end);
    if (this.lastEnd !== end) return;
    rememberLastRun(this.runId);
    publishRun(this.runId, result);
  }

  /** Keeps a run trained in this browser on the server, so its link works anywhere. */
  async save(end) {
    this.setSaved(null, 'Saving the run…', 'saving');
    try {
      const saved = await api.saveRun(this.config, end.result);
      if (this.lastEnd !== end) return;
      this.runId = saved.id;
      this.dataset.runId = saved.id;
      this.setSaved(saved.id);
    } catch (e) {
      if (this.lastEnd !== end) return;
      this.setSaved(null, e.noServer
        ? 'This copy of SafeRLHub has no server, so the run is kept only on this page: download it to keep it.'
        : `The run could not be saved on the server (${e.message}); download it to keep it.`);
    }
  }

  setSaved(id, note = '', role = 'save-note') {
    const old = this.summary.querySelector('[data-role=saved], [data-role=save-note], [data-role=saving]');
    const next = id ? this.savedLink(id) : h('p', { class: 'hint', 'data-role': role }, note);
    if (old) old.replaceWith(next); else this.summary.append(next);
  }

  /** "Download run (JSON)": the short report, as `saferlhub train --json` prints it. */
  download() {
    const end = this.lastEnd;
    if (!end || !end.summary) return;
    const blob = new Blob([`${JSON.stringify(end.summary, null, 2)}\n`], { type: 'application/json' });
    const link = h('a', {
      href: URL.createObjectURL(blob),
      download: `saferlhub-${end.summary.agent}-seed${end.summary.seed}.json`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  renderSummary(r) {
    const gap = r.optimalExpectedReturn - r.expectedReturn;
    setChildren(this.summary,
      h('p', {}, 'Mean return over the last 10 % of training: ', h('strong', {}, num(r.meanReturn, 4)),
        explored(this.config) ? ' per hand (this includes the random exploring moves).' : ' per hand.'),
      h('p', {}, 'Exact expected return of the greedy policy it learned: ',
        h('strong', { 'data-role': 'expected-return' }, num(r.expectedReturn, 4)),
        ' per hand. Optimal: ', h('strong', {}, num(r.optimalExpectedReturn, 4)),
        '. Gap: ', h('strong', {}, num(Math.max(0, gap), 4)), '.'),
      h('p', {}, h('a', { href: '#inspect' }, 'See what it learned'), ' · ',
        h('a', { href: '#watch' }, 'Watch it play')),
      this.lastEnd && this.lastEnd.summary ? h('p', {}, h('button', {
        type: 'button', class: 'btn small', 'data-action': 'download', onclick: () => this.download(),
      }, 'Download run (JSON)'), h('span', { class: 'hint' },
        ' The same JSON as ', h('code', {}, 'saferlhub train --json'), ' with these settings.')) : null,
      this.savedLink(this.runId));
    this.summary.hidden = false;
  }

  /** "Saved: /runs/abc…" with a copy button: the run can be opened again without retraining. */
  savedLink(id) {
    if (!id) return null;
    const path = `/runs/${encodeURIComponent(id)}`;
    const copy = h('button', {
      type: 'button', class: 'btn small', 'data-action': 'copy-saved',
      onclick: async () => {
        const url = new URL(path, window.location.href).toString();
        const ok = await copyText(url);
        copy.textContent = ok ? 'Link copied' : 'Copy failed';
        if (!ok) this.setStatus(`Copy this link: ${url}`);
        setTimeout(() => { copy.textContent = 'Copy link to this run'; }, 2000);
      },
    }, 'Copy link to this run');
    return h('p', { class: 'saved-run', 'data-role': 'saved' },
      'Saved: ', h('a', { href: path, 'data-role': 'saved-link' }, h('code', {}, path)), ' ', copy,
      h('span', { class: 'hint' }, ' Opens this run again, curve and policy, without retraining. ',
        h('a', { href: '/runs' }, 'All your runs')));
  }

  // ----- charts -----

  buildCharts() {
    this.charts = null;
    const box = (key, title, description) => {
      const canvas = h('canvas', { role: 'img', 'aria-label': description, 'data-chart': key });
      return { canvas, el: h('figure', { class: 'chart-box' },
        h('figcaption', {}, title), h('div', { class: 'chart-canvas' }, canvas)) };
    };
    this.chartBoxes = {
      ret: box('return', 'Mean return per hand while training', 'Line chart of the mean return per hand against hands (episodes) trained.'),
      rates: box('rates', 'Wins, draws and losses', 'Line chart of win, draw and loss rates in percent against episodes trained.'),
      signal: box('signal', 'Exploration ε and mean |TD error|', 'Line chart of epsilon and the mean absolute TD error against episodes trained.'),
    };
    const wrap = h('div', { class: 'charts' }, Object.values(this.chartBoxes).map((b) => b.el));
    if (!window.Chart) {
      wrap.prepend(h('p', { class: 'widget-note' },
        'The chart library did not load, so progress is shown as text only.'));
      return wrap;
    }
    try {
      this.createCharts();
    } catch (e) {
      this.charts = null;
    }
    return wrap;
  }

  colors() {
    const styles = getComputedStyle(document.documentElement);
    return {
      ...PALETTES[currentTheme()],
      text: styles.getPropertyValue('--muted').trim() || '#555',
      grid: styles.getPropertyValue('--border').trim() || '#ddd',
    };
  }

  createCharts() {
    const c = this.colors();
    const xAxis = () => ({
      type: 'linear', min: 0, max: DEFAULTS.episodes,
      title: { display: true, text: 'Episodes trained', color: c.text },
      ticks: { color: c.text, maxTicksLimit: 6, callback: (v) => compact(v) },
      grid: { color: c.grid },
    });
    const line = (label, color, extra = {}) => ({
      label, data: [], borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0,
      pointHoverRadius: 3, tension: 0, ...extra,
    });
    const options = (yAxes, tooltipDigits) => ({
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { labels: { color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 28 } },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `${int(items[0].parsed.x)} episodes` : ''),
            label: (item) => `${item.dataset.label}: ${tooltipDigits(item)}`,
          },
        },
      },
      scales: { x: xAxis(), ...yAxes },
    });
    const yAxis = (text, extra = {}) => ({
      title: { display: true, text, color: c.text }, ticks: { color: c.text }, grid: { color: c.grid }, ...extra,
    });
    const Chart = window.Chart;
    this.charts = {
      ret: new Chart(this.chartBoxes.ret.canvas, {
        type: 'line',
        data: {
          datasets: [
            line('Each stretch of hands', c.blue),
            line('Smoothed', c.blue, { borderWidth: 2.5 }),
          ],
        },
        options: options({ y: yAxis('Mean return per hand', { ...RETURN_AXIS.smoothed }) },
          (i) => num(i.parsed.y, 4)),
      }),
      rates: new Chart(this.chartBoxes.rates.canvas, {
        type: 'line',
        data: {
          datasets: [
            line('Win', c.blue),
            line('Draw', c.grey, { borderDash: [2, 3] }),
            line('Loss', c.orange, { borderDash: [7, 4] }),
          ],
        },
        options: options({ y: yAxis('Share of hands (%)', { min: 0, max: 100 }) }, (i) => `${i.parsed.y.toFixed(1)} %`),
      }),
      signal: new Chart(this.chartBoxes.signal.canvas, {
        type: 'line',
        data: {
          datasets: [
            line('ε', c.green, { yAxisID: 'y' }),
            line('mean |TD error|', c.purple, { yAxisID: 'y1', borderDash: [7, 4] }),
          ],
        },
        options: options({
          y: yAxis('ε (exploration rate)', { min: 0, suggestedMax: 0.2 }),
          y1: yAxis('mean |TD error|', { position: 'right', min: 0, grid: { drawOnChartArea: false } }),
        }, (i) => num(i.parsed.y, 4)),
      }),
    };
  }

  resetCharts(episodes) {
    if (!this.charts) return;
    for (const chart of Object.values(this.charts)) {
      chart.options.scales.x.max = episodes;
      chart.data.datasets = chart.data.datasets.filter((d) => !d.reference);
      for (const d of chart.data.datasets) d.data = [];
      chart.update('none');
    }
  }

  /**
   * Hands per recorded point: the run's first point says it; before any point, the engine's rule
   * (at most 200 points a run, Trainer.MAX_POINTS).
   */
  stretchOf(total) {
    return this.stretch || Math.max(1, Math.ceil(total / 200));
  }

  /**
   * The mean-return chart in the chosen mode: smoothed (a bold trailing mean over the window, the
   * stretches faint behind it) or raw (the stretches alone), each with its own fixed y-axis.
   */
  styleReturnChart() {
    const smooth = !this.smoothBox || this.smoothBox.checked;
    const total = this.config ? this.config.episodes : DEFAULTS.episodes;
    const stretch = this.stretchOf(total);
    const hands = smoothingHands(total, stretch);
    this.dataset.smooth = String(smooth);
    if (this.smoothHint) {
      this.smoothHint.textContent = smooth
        ? `(each point: the mean of the last ${int(hands)} hands; unticked: each stretch of ${
          int(stretch)} hands on its own)`
        : '(each point: one stretch of hands on its own, so short runs look noisy)';
    }
    if (!this.charts) return;
    const chart = this.charts.ret;
    const [raw, mean] = chart.data.datasets;
    const c = this.colors();
    raw.borderColor = smooth ? withAlpha(c.blue, 0.3) : c.blue;
    raw.borderWidth = smooth ? 1 : 2;
    raw.label = smooth ? 'Each stretch of hands' : 'Mean return while training';
    mean.hidden = !smooth;
    mean.data = smooth ? smoothed(raw.data, hands, this.stretch || 1) : [];
    Object.assign(chart.options.scales.y, smooth ? RETURN_AXIS.smoothed : RETURN_AXIS.raw);
  }

  addPoint(p) {
    if (!this.charts) return;
    const { ret, rates, signal } = this.charts;
    ret.data.datasets[0].data.push({ x: p.episode, y: p.meanReturn });
    rates.data.datasets[0].data.push({ x: p.episode, y: p.winRate * 100 });
    rates.data.datasets[1].data.push({ x: p.episode, y: p.drawRate * 100 });
    rates.data.datasets[2].data.push({ x: p.episode, y: p.lossRate * 100 });
    signal.data.datasets[0].data.push({ x: p.episode, y: p.epsilon });
    signal.data.datasets[1].data.push({ x: p.episode, y: p.meanAbsTdError });
    this.scheduleUpdate();
  }

  /** Redraws at most once per animation frame, however fast points arrive. */
  scheduleUpdate() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.styleReturnChart();
      if (this.charts) for (const chart of Object.values(this.charts)) chart.update('none');
      this.announce();
    });
  }

  redrawCharts() {
    if (this.charts) {
      for (const chart of Object.values(this.charts)) {
        for (const d of chart.data.datasets) if (!d.reference) d.data = [];
      }
      for (const p of this.points) this.addPoint(p);
    }
    this.styleReturnChart();
  }

  addReferenceLines(result) {
    const c = this.colors();
    const last = this.points.at(-1);
    const pct0 = last ? `${pct(last.winRate)} wins` : '';
    this.chartBoxes.ret.canvas.setAttribute('aria-label',
      `Line chart of mean return per episode against episodes trained. After ${int(result.episodes)} episodes the mean return was ${
        num(result.meanReturn, 3)}; the exact optimum is ${num(result.optimalExpectedReturn, 4)}.`);
    if (last) {
      this.chartBoxes.rates.canvas.setAttribute('aria-label',
        `Line chart of win, draw and loss rates. At the end: ${pct0}, ${pct(last.drawRate)} draws, ${pct(last.lossRate)} losses.`);
    }
    if (!this.charts) return;
    const max = this.charts.ret.options.scales.x.max;
    const flat = (label, y, color, dash) => ({
      label, reference: true, data: [{ x: 0, y }, { x: max, y }], borderColor: color,
      backgroundColor: color, borderWidth: 1.5, borderDash: dash, pointRadius: 0,
    });
    this.charts.ret.data.datasets.push(
      flat('Optimal policy (exact)', result.optimalExpectedReturn, c.grey, [6, 4]),
      flat('Your greedy policy (exact)', result.expectedReturn, c.orange, [2, 3]),
    );
    this.charts.ret.update('none');
    this.announce();
  }

  restyleCharts() {
    if (!this.charts) return;
    const keep = this.points;
    const result = this.state === 'done' ? this.lastReference : null;
    for (const chart of Object.values(this.charts)) chart.destroy();
    this.createCharts();
    this.resetCharts(this.config ? this.config.episodes : DEFAULTS.episodes);
    this.points = keep;
    this.redrawCharts();
    if (result) this.addReferenceLines(result);
  }
}

/** Whether a run made random exploring moves near its end (ε, or its final ε, above 0). */
function explored(config) {
  if (!config) return true;
  const last = config.epsilonSchedule && config.epsilonSchedule !== 'constant' ? config.epsilonFinal : config.epsilon;
  return Number(last) > 0;
}

/** The equivalent `saferlhub train` command (flag names as in the CLI's --help). */
export function cliCommand(v) {
  const parts = [
    './saferlhub train --env blackjack',
    `--rules ${v.rules}`,
    `--agent ${v.algorithm}`,
    `--episodes ${v.episodes}`,
    `--alpha ${v.alpha}`,
    `--gamma ${v.gamma}`,
    `--epsilon ${v.epsilon}`,
  ];
  if (v.epsilonSchedule !== 'constant') {
    parts.push(`--epsilon-schedule ${v.epsilonSchedule}`, `--epsilon-final ${v.epsilonFinal}`);
  }
  parts.push(`--seed ${v.seed}`);
  return parts.join(' ');
}

customElements.define('train-agent', TrainAgent);
