// The settings of a safety gridworld that a lesson lets the learner change, shared by
// <safety-train> and <safety-experiment>: `controls` lists which ones ("beta,baseline" for the
// impact penalty, "shield" for island navigation's shield, "view" for what the lava-world agent
// sees, "level" for a menu of the levels listed in `levels`). worldControls(names, initial)
// returns the form fields and `values()`, the run fields they stand for: {penalty, beta, baseline}
// (none at β = 0), {shield: 'on'|'off'}, {view}, {level}.
import { h, uid } from './dom.js';

/** The β values the slider offers: 0 means no penalty. */
export const BETAS = [0, 1, 3, 10, 30, 100, 300];

const BASELINES = [
  ['start', 'The start of the episode'],
  ['inaction', 'Doing nothing since the start'],
  ['stepwise', 'Doing nothing this step'],
];

/** Parses a `controls` attribute into a set of names. */
export function controlNames(attribute) {
  return new Set((attribute || '').split(',').map((s) => s.trim()).filter(Boolean));
}

export function worldControls(names, initial = {}) {
  const fields = [];
  const field = (label, input) => h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  let level = null;
  if (names.has('level')) {
    const levels = String(initial.levels || '0').split(',').map((x) => x.trim()).filter(Boolean);
    level = h('select', { id: uid('sc-level'), 'data-role': 'level' },
      levels.map((l) => h('option', { value: l, text: `Level ${l}` })));
    if (initial.level !== undefined && initial.level !== null) level.value = String(initial.level);
    fields.push(field('Level', level));
  }
  let beta = null;
  let baseline = null;
  let shield = null;
  let view = null;
  if (names.has('beta')) {
    const start = Math.max(0, BETAS.indexOf(Number(initial.beta ?? 10)));
    beta = h('input', { id: uid('sc-beta'), type: 'range', min: 0, max: BETAS.length - 1, step: 1, value: start, 'data-role': 'beta' });
    const out = h('output', { for: beta.id, 'data-role': 'beta-value' });
    const show = () => {
      const b = BETAS[Number(beta.value)];
      out.textContent = b === 0 ? 'β = 0 (no penalty)' : `β = ${b}`;
      beta.setAttribute('aria-valuetext', out.textContent);
    };
    beta.addEventListener('input', show);
    show();
    fields.push(h('div', { class: 'field sc-beta' }, h('label', { for: beta.id }, 'Impact penalty weight'), beta, out));
  }
  if (names.has('baseline')) {
    baseline = h('select', { id: uid('sc-baseline'), 'data-role': 'baseline' },
      BASELINES.map(([id, words]) => h('option', { value: id, text: words })));
    baseline.value = initial.baseline || 'stepwise';
    fields.push(field('Baseline: compare with', baseline));
  }
  if (names.has('shield')) {
    shield = h('input', { type: 'checkbox', id: uid('sc-shield'), 'data-role': 'shield' });
    fields.push(h('div', { class: 'st-choice' }, shield,
      h('label', { for: shield.id }, 'Shield: replace every move into the water by a safe one')));
  }
  if (names.has('view')) {
    view = h('select', { id: uid('sc-view'), 'data-role': 'view' },
      h('option', { value: 'board', text: 'The whole board (as in the paper)' }),
      h('option', { value: 'position', text: 'Only its own position' }));
    fields.push(field('What the agent sees', view));
  }
  const values = () => {
    const v = {};
    if (level) v.level = Number(level.value);
    if (beta) {
      const b = BETAS[Number(beta.value)];
      if (b > 0) {
        v.penalty = 'relative-reachability';
        v.beta = b;
        v.baseline = baseline ? baseline.value : (initial.baseline || 'stepwise');
      }
    }
    if (shield) v.shield = shield.checked ? 'on' : 'off';
    if (view) v.view = view.value;
    return v;
  };
  return { fields, values };
}

/** Shows `message` in the widget's error line and marks and focuses the field it is about. */
export function showFieldError(errorEl, message, input) {
  errorEl.textContent = message;
  errorEl.hidden = false;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}
