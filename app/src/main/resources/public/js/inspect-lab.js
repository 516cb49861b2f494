// <inspect-lab p="0.1" steps="300000" predict="on">: look inside a cheese-in-the-corner network.
// Every request is POST /api/inspect (answered by the engine in this page where it runs, by the
// server where it does not): the first one trains the network (a few seconds), the engine keeps
// it, and every later question about it is quick. The widget draws the network's vector field on
// a test maze (click a free square to move the cheese), before and after an intervention (the
// cheese vector subtracted or added, a random vector, a step along a probe's direction), shades
// the maze with a saliency map, and runs the measurements over many mazes: the cheese vector,
// probes, ablation, patching, steering and the checkpoints of training. Each answer comes with
// the command that prints it (saferlhub inspect …).
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { h, int, num, pct, setChildren, signed, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { fieldMaker } from './policy-lab.js';
import { cellWords, centre, drawArrows, mazeSvg, svg } from './goal-lab.js';

const INTERVENTIONS = {
  none: 'none',
  'subtract-cheese-vector': 'subtract the cheese vector',
  'add-cheese-vector': 'add the cheese vector',
  'subtract-random-vector': 'subtract a random vector of the same length',
  steer: 'steer along the "cheese in the corner region" probe',
};
const OVERLAYS = {
  none: 'none',
  gradient: 'gradient saliency',
  gradientTimesInput: 'gradient × input',
  occlusion: 'occlusion (the ground truth)',
  randomGradient: 'gradient of a random network (the sanity check)',
};
const MEASURES = {
  'cheese-vector': 'Cheese vector, 100 mazes',
  probes: 'Linear probes',
  ablate: 'Ablate units',
  patch: 'Patch activations',
  steer: 'Steer along a probe',
  checkpoints: 'Checkpoints of training',
};

/** Ask the engine (or the server) one question. */
function ask(body) {
  return localOrServer('POST', '/api/inspect', body, () => request('POST', '/api/inspect', body));
}

/** The sentence for a cheese-vector measurement (exported for the page tests). */
export function cheeseVectorWords(a) {
  const m = a.meanPCheese;
  return `Over ${a.mazes} test mazes, P(a move toward the cheese) averaged ${pct(m.none, 1)} with no change, `
    + `${pct(m.subtractCheeseVector, 1)} with the cheese vector subtracted (it fell in ${pct(a.shareFell.cheeseVector, 0)} of mazes), `
    + `${pct(m.subtractRandomVector, 1)} with a random vector of the same length subtracted (fell in ${pct(a.shareFell.randomVector, 0)}), `
    + `and ${pct(m.addCheeseVector, 1)} with the cheese vector added.`;
}

class InspectLab extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.build();
    this.dataset.state = 'idle';
  }

  build() {
    const titleId = uid('il-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = fieldMaker(this, 'il');
    const select = (values, words, initial) => {
      const s = h('select', {}, ...values.map((v) => h('option', { value: v, text: words(v) })));
      s.value = values.includes(initial) ? initial : values[0];
      return s;
    };
    const model = [
      field('p', 'Share p of training levels with the cheese anywhere', select(['0', '0.05', '0.1'], (p) => (p === '0' ? '0 (never)' : `${p} (${Number(p) * 100} %)`), this.getAttribute('p') || '0.1')),
      field('steps', 'Training steps', select(['100000', '200000', '300000'], (s) => int(Number(s)), this.getAttribute('steps') || '300000')),
      field('seed', 'Seed', h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 1000000, step: 1, value: '0' }), 'same seed, same network'),
    ];
    const look = [
      field('maze', 'Test maze', select(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], (m) => `maze ${Number(m) + 1}`, '0')),
      field('intervention', 'Intervention', select(Object.keys(INTERVENTIONS), (k) => INTERVENTIONS[k], 'none')),
      field('overlay', 'Shade the squares by', select(Object.keys(OVERLAYS), (k) => OVERLAYS[k], 'none')),
      field('layer', 'Layer', select(['1', '2'], (l) => `hidden layer ${l}`, '1')),
    ];
    this.prediction = null;
    if (this.getAttribute('predict') === 'on') {
      const name = uid('il-predict');
      const choices = [['fell', 'It heads for the cheese less often: the vector carried "the cheese is here"'],
        ['same', 'Nothing much changes: one direction in 32 numbers cannot matter'],
        ['rose', 'It heads for the cheese more often']];
      this.prediction = h('fieldset', { class: 'st-predict', 'data-role': 'predict' },
        h('legend', {}, 'Predict first. We take the difference the cheese makes to the first hidden layer at the start square, then subtract it at every step. What happens to the mouse\'s pull toward the cheese?'),
        ...choices.map(([value, text]) => {
          const id = uid('il-choice');
          return h('div', { class: 'st-choice' }, h('input', { type: 'radio', id, name, value }), h('label', { for: id }, text));
        }));
    }
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'look', onclick: () => this.look() }, 'Train (or reuse) and look');
    for (const name of ['maze', 'intervention', 'layer']) this.inputs[name].addEventListener('change', () => { if (this.level) this.look(); });
    this.inputs.overlay.addEventListener('change', () => this.overlay());
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.report = h('p', { class: 'widget-note', 'data-role': 'model' });
    this.board = h('div', { class: 'il-boards', 'data-role': 'field' });
    this.toward = h('p', { class: 'se-headline', 'data-role': 'toward' });
    this.command = h('code', { 'data-role': 'command' });
    this.measureButtons = Object.entries(MEASURES).map(([tool, words]) => h('button', { type: 'button', class: 'btn', 'data-measure': tool, disabled: true, onclick: () => this.measure(tool) }, words));
    this.measured = h('div', { class: 'il-measured', 'data-role': 'measured', 'aria-live': 'polite' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'Look inside the mouse\'s network'),
      h('div', { class: 'st-controls pl-controls' }, ...model),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.report,
      h('div', { class: 'st-controls pl-controls' }, ...look),
      this.toward, this.board,
      ...[this.prediction].filter(Boolean),
      h('div', { class: 'st-actions il-measures' }, ...this.measureButtons),
      this.measured,
      h('div', { class: 'cli' }, h('p', { class: 'widget-note' }, 'The last answer from the command line:'), h('pre', {}, this.command)));
  }

  body(tool) {
    const v = (name) => this.inputs[name].value;
    const seed = Number(v('seed'));
    if (!Number.isInteger(seed) || seed < 0 || seed > 1000000) {
      throw Object.assign(new Error('The seed must be a whole number from 0 to 1,000,000.'), { field: 'seed' });
    }
    const body = { tool, p: Number(v('p')), steps: Number(v('steps')), seed, layer: Number(v('layer')) };
    if (tool === 'field' || tool === 'saliency' || tool === 'checkpoints') {
      body.maze = Number(v('maze'));
      if (this.cheese !== undefined && this.cheese !== null) body.cheese = this.cheese;
    }
    if (tool === 'field') body.intervention = v('intervention');
    return body;
  }

  send(tool, wording) {
    let body;
    this.error.hidden = true;
    try {
      body = this.body(tool);
    } catch (e) {
      showFieldError(this.error, e.message, this.inputs[e.field]);
      return Promise.resolve(null);
    }
    const key = this.keyOf(body);
    const fresh = key !== this.modelKey;
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    for (const b of this.measureButtons) b.disabled = true;
    this.status.textContent = fresh ? `Training the network for ${int(body.steps)} steps first… (a few seconds)` : wording;
    const started = performance.now();
    return ask(body).then((answer) => {
      this.modelKey = key;
      this.runButton.disabled = false;
      for (const b of this.measureButtons) b.disabled = false;
      this.status.textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
      this.dataset.state = 'done';
      this.command.textContent = answer.command;
      const m = answer.model;
      this.report.textContent = `The network (${m.train}) reached the cheese in ${pct(m.trainSuccess, 0)} of fresh training levels; on test levels it reached the cheese in ${pct(m.testCheese, 0)}, went to the corner first in ${pct(m.testCornerFirst, 0)} and reached neither in ${pct(m.testNeither, 0)}.`;
      return answer;
    }, (e) => {
      this.runButton.disabled = false;
      for (const b of this.measureButtons) b.disabled = !this.modelKey;
      this.dataset.state = 'error';
      this.status.textContent = '';
      showFieldError(this.error, e.message, this.inputs[e.field]);
      return null;
    });
  }

  look() {
    if (this.modelKey && this.keyNow() !== this.modelKey) this.cheese = null;
    return this.send('field', 'Reading the network at every square…').then((answer) => {
      if (!answer) return;
      this.level = answer;
      this.saliency = null;
      this.drawField();
      if (this.inputs.overlay.value !== 'none') this.overlay();
    });
  }

  /** Which network a body asks about: requests with the same key share one training. */
  keyOf(body) {
    return `${body.p}|${body.steps}|${body.seed}`;
  }

  keyNow() {
    return this.keyOf({ p: Number(this.inputs.p.value), steps: Number(this.inputs.steps.value), seed: Number(this.inputs.seed.value) });
  }


  drawField() {
    const a = this.level;
    const t = a.toward;
    const intervened = a.intervention !== 'none';
    const maze = (probs, title) => {
      const svgEl = mazeSvg(a, `${title}: the network's average move from every free square, the cheese at ${cellWords(a, a.cheese)}.`);
      if (this.shade) this.paint(svgEl, this.shade);
      drawArrows(svgEl, a, probs);
      const [x, y] = centre(a, a.start);
      svgEl.append(svg('circle', { cx: x, cy: y, r: 6, class: 'il-start' }));
      svgEl.addEventListener('click', (ev) => this.moveCheese(svgEl, ev));
      return h('figure', { class: 'il-figure' }, h('figcaption', {}, title), svgEl);
    };
    setChildren(this.board, maze(a.before, 'Before'), intervened ? maze(a.after, `After: ${INTERVENTIONS[a.intervention]}`) : null);
    this.toward.textContent = intervened
      ? `On this maze, P(a move toward the cheese) went from ${pct(t.cheeseBefore, 0)} to ${pct(t.cheeseAfter, 0)}, and P(a move toward the corner) from ${pct(t.cornerBefore, 0)} to ${pct(t.cornerAfter, 0)}; the moves changed by ${num(a.meanTv, 2)} on average (total-variation distance, 0 to 1).`
      : `On this maze the network moves toward the cheese with probability ${pct(t.cheeseBefore, 0)} and toward the corner with ${pct(t.cornerBefore, 0)}, averaged over the free squares. Click a free square to move the cheese there.`;
  }

  moveCheese(svgEl, ev) {
    const box = svgEl.getBoundingClientRect();
    const n = this.level.size;
    const col = Math.floor(((ev.clientX - box.left) / box.width) * n);
    const row = Math.floor(((ev.clientY - box.top) / box.height) * n);
    const cell = row * n + col;
    if (row < 0 || col < 0 || row >= n || col >= n || this.level.walls[cell] === '#' || cell === this.level.start) return;
    this.cheese = cell;
    this.look();
  }

  overlay() {
    const kind = this.inputs.overlay.value;
    if (kind === 'none' || !this.level) {
      this.shade = null;
      if (this.level) this.drawField();
      return;
    }
    const paint = (a) => { this.saliency = a; this.shade = a[kind]; this.drawField(); this.saliencyNote(a, kind); };
    if (this.saliency && this.saliency.maze === this.level.maze && this.saliency.cheese === this.level.cheese) { paint(this.saliency); return; }
    this.send('saliency', 'Computing the saliency maps…').then((a) => { if (a) paint(a); });
  }

  saliencyNote(a, kind) {
    this.toward.textContent = `Shaded by ${OVERLAYS[kind]} for the network's move at the start square (${a.action}). `
      + `Gradient saliency and occlusion agree with rank correlation ${num(a.rankCorrelationWithOcclusion, 2)}; `
      + `with a randomly initialised network's gradient map it is ${num(a.rankCorrelationWithRandomNetwork, 2)} (a faithful map should change when the weights do). `
      + `Deleting the cheese changes log π(move) by ${signed(a.cheeseOcclusion, 2)}.`;
  }

  /** Shades each inside square of `level` (default: the field's) by |value| (darker: more). */
  paint(svgEl, values, level = this.level, max = 0) {
    for (const v of values) if (v !== null && Math.abs(v) > max) max = Math.abs(v);
    if (max === 0) return;
    const n = level.size;
    const cell = 40;
    values.forEach((v, i) => {
      if (v === null || level.walls[i] === '#') return;
      svgEl.append(svg('rect', { x: (i % n) * cell, y: Math.floor(i / n) * cell, width: cell, height: cell, class: 'il-heat', 'fill-opacity': (0.75 * Math.abs(v) / max).toFixed(2) }));
    });
  }

  measure(tool) {
    this.send(tool, `${MEASURES[tool]}…`).then((a) => {
      if (!a) return;
      const parts = [h('h4', {}, MEASURES[tool])];
      if (tool === 'cheese-vector') {
        parts.push(h('p', { 'data-role': 'cheese-vector' }, cheeseVectorWords(a)));
        parts.push(this.graded(a));
      } else if (tool === 'probes') {
        parts.push(this.table(['Probe reads', 'R² (this network)', 'R² (random network)', 'R² (raw input)'],
          a.probes.map((r) => [r.target, num(r.r2, 2), num(r.randomNetworkR2, 2), num(r.inputR2, 2)]), 'probes'));
        parts.push(h('p', { class: 'widget-note' }, `Ridge regression from hidden layer ${a.layer} on ${a.mazes} mazes (70 % to fit, 30 % to score). R² is 1 for a perfect read-out and 0 for none.`));
      } else if (tool === 'ablate') {
        parts.push(h('p', { 'data-role': 'ablate' }, `With nothing ablated, P(toward the cheese) is ${pct(a.baseline, 1)}. The ${a.top.length} units whose ${a.ablation} ablation hurt it most (units ${a.top.join(', ')}), ablated together on other mazes, change it by ${signed(100 * a.topEffect, 1)} points; ${a.top.length} random units change it by ${signed(100 * a.randomEffect, 1)}.`));
      } else if (tool === 'patch') {
        parts.push(h('p', { 'data-role': 'patch' }, `Replacing hidden layer ${a.layer} with its activations from another maze, with the mouse on the same square: when the other maze had the cheese on the same square, P(toward this maze's cheese) moved by ${pct(a.meanAbsChangeSame, 1)} on average; when its cheese was elsewhere, by ${pct(a.meanAbsChangeOther, 1)} (from ${pct(a.meanNone, 1)} to ${pct(a.meanOtherCheese, 1)}).`));
      } else if (tool === 'steer') {
        parts.push(this.table(['Added to the layer', 'P(toward cheese)', 'P(toward corner)'],
          [['nothing', pct(a.towardCheese.none, 1), pct(a.towardCorner.none, 1)],
            [`+${a.alpha} × probe direction`, pct(a.towardCheese.plus, 1), pct(a.towardCorner.plus, 1)],
            [`−${a.alpha} × probe direction`, pct(a.towardCheese.minus, 1), pct(a.towardCorner.minus, 1)],
            [`${a.alpha} × a random direction`, pct(a.towardCheese.random, 1), pct(a.towardCorner.random, 1)]], 'steer'));
        parts.push(h('p', { class: 'widget-note' }, `The probe for "${a.target}" (held-out R² ${num(a.probeR2, 2)}), over ${a.mazes} test mazes.`));
      } else if (tool === 'checkpoints') {
        parts.push(this.table(['Steps', 'Change since the last checkpoint (mean TV)', 'Test: corner first', 'Test: cheese'],
          a.checkpoints.map((c) => [int(c.steps), c.meanTv === undefined ? '—' : num(c.meanTv, 2), pct(c.testCornerFirst, 0), pct(c.testCheese, 0)]), 'checkpoints'));
        parts.push(h('p', { class: 'widget-note' }, `Total-variation distance between the move probabilities at consecutive checkpoints, averaged over the free squares of test maze ${a.maze + 1}; the test columns play ${a.testLevels} test levels at each checkpoint.`));
        parts.push(this.checkpointField(a));
      }
      setChildren(this.measured, ...parts.filter(Boolean));
    });
  }

  /** One checkpoint's field on the maze, its squares shaded by how much they changed since the previous checkpoint. */
  checkpointField(a) {
    const picker = h('select', { id: uid('il-checkpoint') }, ...a.checkpoints.map((c, i) => h('option', { value: i, text: `checkpoint ${i + 1}: ${int(c.steps)} steps` })));
    picker.value = '1';
    const board = h('div', { class: 'gl-board', 'data-role': 'checkpoint-field' });
    const draw = () => {
      const i = Number(picker.value);
      const c = a.checkpoints[i];
      const svgEl = mazeSvg(a, `The network's moves after ${int(c.steps)} steps of training, the cheese at ${cellWords(a, a.cheese)}${c.tv ? '; darker squares changed more since the previous checkpoint' : ''}.`);
      if (c.tv) this.paint(svgEl, c.tv, a, 1);
      drawArrows(svgEl, a, c.probs);
      setChildren(board, svgEl);
    };
    picker.addEventListener('change', draw);
    draw();
    return h('figure', { class: 'il-figure' },
      h('figcaption', {}, h('label', { for: picker.id }, 'Field at '), picker, ' (shading: total-variation distance from the previous checkpoint, 0 to 1)'),
      board);
  }

  graded(a) {
    if (!this.prediction) return null;
    const checked = this.prediction.querySelector('input:checked');
    if (!checked) return h('p', { class: 'widget-note', 'data-role': 'grade' }, 'You did not predict this time.');
    const m = a.meanPCheese;
    const diff = m.subtractCheeseVector - m.none;
    const truth = diff < -0.02 ? 'fell' : diff > 0.02 ? 'rose' : 'same';
    const right = checked.value === truth;
    return h('p', { class: `st-grade ${right ? 'right' : 'wrong'}`, 'data-role': 'grade', 'data-grade': right ? 'right' : 'wrong' },
      right ? '✓ Your prediction matches the measurement.' : `✗ Not this time: the pull toward the cheese ${truth === 'fell' ? 'fell' : truth === 'rose' ? 'rose' : 'hardly changed'} (${signed(100 * diff, 1)} points).`);
  }

  table(head, rows, role) {
    return h('div', { class: 'il-scroll', tabindex: 0, role: 'region', 'aria-label': head.join(', ') }, h('table', { class: 'il-table', 'data-role': role },
      h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((x) => h('td', {}, String(x))))))));
  }
}

customElements.define('inspect-lab', InspectLab);
