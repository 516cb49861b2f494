// <goal-lab env="cheese-corner" p="0" steps="100000" predict="on">: goal misgeneralization, live.
// One request (POST /api/goal/train, answered by the engine in this page where it runs and by the
// server where it does not) trains a small network with PPO on procedurally generated levels, then
// plays it on fresh training levels and on test levels where the goal moved. The widget grades the
// learner's prediction, draws the training curve and the three-way test split, replays test
// episodes on the maze, draws the network's vector field, and prints the command that reproduces
// the run (saferlhub train --env cheese-corner …).
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { h, int, num, pct, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart } from './run-charts.js';
import { fieldMaker } from './policy-lab.js';

const SVG = 'http://www.w3.org/2000/svg';

/** What each level family is called, and what its outcomes mean in words. */
export const GOAL_ENVS = {
  'cheese-corner': {
    name: 'Cheese in the corner',
    outcomes: { cheese: 'reached the cheese', 'corner-first': 'went to the corner first', neither: 'reached neither' },
    question: 'In the test levels the cheese is never in the corner. Where will the trained mouse go?',
    choices: [['cheese', 'To the cheese: it learned to find cheese'], ['corner-first', 'To the top-left corner, where the cheese used to be'], ['neither', 'Nowhere in particular: it is lost']],
  },
  'coin-at-end': {
    name: 'Coin at the end',
    outcomes: { coin: 'got the coin', 'end-first': 'ran to the end without it', neither: 'neither' },
    question: 'In the test levels the coin is somewhere along the way, never at the end. What will the agent do?',
    choices: [['coin', 'Pick up the coin'], ['end-first', 'Run to the end of the level and miss the coin'], ['neither', 'Die or dawdle']],
  },
  'keys-and-chests': {
    name: 'Keys and chests',
    outcomes: { 'all-opened': 'opened every chest it had keys for', 'holding-keys': 'ran out of time holding keys', 'empty-handed': 'ran out of time with no key' },
    question: 'At test there are many keys and only one or two chests. What will the agent do?',
    choices: [],
  },
};

const AGENTS = { ppo: 'PPO (clipped surrogate)', a2c: 'A2C (the simple mode)', table: 'Q-table over (mouse, cheese) cells' };
const PS = ['0', '0.02', '0.05', '0.1', '0.25', '1'];
const STEPS = ['50000', '100000', '200000', '300000'];

/** The command that reproduces a request body (exported for the page tests). */
export function goalCommand(body) {
  return `./saferlhub train --env ${body.env} --agent ${body.agent} --p ${body.p} --view ${body.view} --steps ${body.steps} --seed ${body.seed} --json`;
}

/** The wrong-goal outcome of a family: the second one (corner-first, end-first), if any. */
function wrongGoal(answer) {
  return answer.outcomes.length > 1 ? answer.outcomes[1] : answer.outcomes[0];
}

/** The test split's largest outcome. */
export function commonest(answer) {
  let best = answer.outcomes[0];
  for (const o of answer.outcomes) if (share(answer, o) > share(answer, best)) best = o;
  return best;
}

/** A test outcome's share: testCornerFirst for corner-first. */
export function share(answer, outcome) {
  const key = `test${outcome.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`;
  return answer[key];
}

/** The sentence, from the numbers (exported for the page tests). */
export function goalHeadline(answer) {
  const env = GOAL_ENVS[answer.env] || { outcomes: {} };
  const words = (o) => env.outcomes[o] || o;
  const top = commonest(answer);
  const agent = answer.agent === 'table' ? 'The table' : 'The network';
  const skill = `${agent} succeeded in ${pct(answer.trainSuccess, 0)} of fresh training levels`;
  const wrong = wrongGoal(answer);
  if (top === wrong) {
    return `${skill}. On test levels it mostly ${words(top)} (${pct(share(answer, top), 0)}): it kept its skill and pursued the wrong goal.`;
  }
  if (top === answer.outcomes[0]) {
    return `${skill}. On test levels it mostly ${words(top)} (${pct(share(answer, top), 0)}); it ${words(wrong)} in ${pct(share(answer, wrong), 0)}.`;
  }
  return `${skill}. On test levels it mostly ${words(top)} (${pct(share(answer, top), 0)}): a failure of skill, not a wrong goal.`;
}

export function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const CELL = 40;

/** The maze as SVG: walls, the corner's outline, the cheese; returns the svg element. */
export function mazeSvg(level, label) {
  const n = level.size;
  const root = svg('svg', { viewBox: `0 0 ${n * CELL} ${n * CELL}`, class: 'gl-maze', role: 'img', 'aria-label': label });
  for (let cell = 0; cell < n * n; cell++) {
    const x = (cell % n) * CELL;
    const y = Math.floor(cell / n) * CELL;
    root.append(svg('rect', { x, y, width: CELL, height: CELL, class: level.walls[cell] === '#' ? 'gl-wall' : 'gl-floor' }));
  }
  const cx = (cell) => (cell % n) * CELL + CELL / 2;
  const cy = (cell) => Math.floor(cell / n) * CELL + CELL / 2;
  root.append(svg('rect', { x: cx(level.corner) - CELL / 2 + 3, y: cy(level.corner) - CELL / 2 + 3, width: CELL - 6, height: CELL - 6, class: 'gl-corner' }));
  const c = level.cheese;
  root.append(svg('polygon', { points: `${cx(c)},${cy(c) - 13} ${cx(c) + 14},${cy(c) + 11} ${cx(c) - 14},${cy(c) + 11}`, class: 'gl-cheese' }));
  return root;
}

/** Where a cell's centre is. */
export function centre(level, cell) {
  const n = level.size;
  return [(cell % n) * CELL + CELL / 2, Math.floor(cell / n) * CELL + CELL / 2];
}

/** Plain words for a cell: row 3, column 5 (rows and columns counted from 1 inside the wall). */
export function cellWords(level, cell) {
  return `row ${Math.floor(cell / level.size)}, column ${cell % level.size}`;
}

/** Draws, on a maze made by mazeSvg, an arrow per free cell: the average move under `probs` (π(up, right, down, left) per cell, null on walls). */
export function drawArrows(maze, field, probs) {
  for (let cell = 0; cell < probs.length; cell++) {
    const p = probs[cell];
    if (!p) continue;
    const [x, y] = centre(field, cell);
    const dx = p[1] - p[3]; // right − left
    const dy = p[2] - p[0]; // down − up
    const length = Math.hypot(dx, dy);
    if (length < 0.05) {
      maze.append(svg('circle', { cx: x, cy: y, r: 3, class: 'gl-arrow' }));
      continue;
    }
    const scale = (CELL * 0.42) / Math.max(length, 1e-9) * Math.min(1, length + 0.25);
    const ex = x + dx * scale;
    const ey = y + dy * scale;
    maze.append(svg('line', { x1: x - dx * scale * 0.5, y1: y - dy * scale * 0.5, x2: ex, y2: ey, class: 'gl-arrow', 'stroke-opacity': (0.35 + 0.65 * Math.min(1, length)).toFixed(2) }));
    const angle = Math.atan2(dy, dx);
    const head = 7;
    const a1 = angle + Math.PI * 0.8;
    const a2 = angle - Math.PI * 0.8;
    maze.append(svg('polygon', { points: `${ex},${ey} ${ex + head * Math.cos(a1)},${ey + head * Math.sin(a1)} ${ex + head * Math.cos(a2)},${ey + head * Math.sin(a2)}`, class: 'gl-arrow-head' }));
  }
}

class GoalLab extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = GOAL_ENVS[this.getAttribute('env')] ? this.getAttribute('env') : 'cheese-corner';
    this.onTheme = () => this.draw();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    if (this.env === 'keys-and-chests') this.fieldEls.p.hidden = true; // its levels ignore p
    this.dataset.state = 'idle';
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
    clearInterval(this.timer);
  }

  build() {
    const titleId = uid('gl-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const spec = GOAL_ENVS[this.env];
    const field = fieldMaker(this, 'gl');
    const select = (values, words, initial) => {
      const s = h('select', {}, ...values.map((v) => h('option', { value: v, text: words(v) })));
      s.value = values.includes(initial) ? initial : values[0];
      return s;
    };
    const agents = this.env === 'cheese-corner' ? Object.keys(AGENTS) : ['ppo', 'a2c'];
    const controls = [
      field('p', 'Share p of training levels with the goal moved', select(PS, (p) => (p === '0' ? '0 (never)' : p === '1' ? '1 (always)' : `${p} (${Number(p) * 100} %)`), this.getAttribute('p') || '0')),
      field('steps', 'Training steps', select(STEPS, (s) => int(Number(s)), this.getAttribute('steps') || '100000'), 'more steps, longer wait'),
      field('agent', 'Agent', select(agents, (a) => AGENTS[a], this.getAttribute('agent') || 'ppo')),
      field('view', 'What the agent sees', select(['egocentric', 'allocentric'], (v) => (v === 'egocentric' ? 'a window centred on it' : 'the whole board, fixed'), this.getAttribute('view') || 'egocentric')),
      field('seed', 'Seed', h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 1000000, step: 1, value: this.getAttribute('seed') || '0' }), 'same seed, same run'),
    ];
    this.prediction = null;
    if (this.getAttribute('predict') === 'on' && spec.choices.length) {
      const name = uid('gl-predict');
      this.prediction = h('fieldset', { class: 'st-predict', 'data-role': 'predict' },
        h('legend', {}, `Predict first. ${spec.question}`),
        ...spec.choices.map(([value, text]) => {
          const id = uid('gl-choice');
          return h('div', { class: 'st-choice' }, h('input', { type: 'radio', id, name, value }), h('label', { for: id }, text));
        }));
    }
    this.runButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'run', onclick: () => this.run() }, 'Train, then test');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.result = h('div', { class: 'gl-result', hidden: true, 'data-role': 'result' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || `${spec.name}: train an agent, then move the goal`),
      ...[this.prediction].filter(Boolean),
      h('div', { class: 'st-controls pl-controls' }, ...controls),
      h('div', { class: 'st-actions' }, this.runButton),
      this.status, this.error, this.result);
  }

  body() {
    const v = (name) => this.inputs[name].value;
    const seed = Number(v('seed'));
    if (!Number.isInteger(seed) || seed < 0 || seed > 1000000) {
      throw Object.assign(new Error('The seed must be a whole number from 0 to 1,000,000.'), { field: 'seed' });
    }
    return { env: this.env, agent: v('agent'), p: Number(v('p')), view: v('view'), steps: Number(v('steps')), seed, episodes: 6 };
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
    clearInterval(this.timer);
    this.dataset.state = 'running';
    this.runButton.disabled = true;
    this.status.textContent = `Training for ${int(body.steps)} steps, then testing on 1,000 fresh levels… (a few seconds)`;
    const started = performance.now();
    localOrServer('POST', '/api/goal/train', body, () => request('POST', '/api/goal/train', body))
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
    const chart = answer.curve.length ? chartBox('goal-training', 'Training success, batch by batch',
      'Line chart: the share of training episodes in each batch that reached the goal, against environment steps.') : null;
    this.canvas = chart ? chart.canvas : null;
    const parts = [
      this.graded(answer),
      h('p', { class: 'se-headline', 'data-role': 'headline' }, goalHeadline(answer)),
      this.split(answer),
      chart ? chart.el : null,
    ];
    if (answer.episodes && answer.episodes.length) parts.push(this.replay(answer));
    if (answer.field) parts.push(this.vectorField(answer.field));
    parts.push(h('div', { class: 'cli' },
      h('p', { class: 'widget-note' }, 'The same run from the command line (add --out net.json to save the network):'),
      h('pre', {}, h('code', { 'data-role': 'command' }, goalCommand(body)))));
    setChildren(this.result, ...parts);
    this.result.hidden = false;
    this.status.textContent = `Done in ${(millis / 1000).toFixed(1)} s.`;
    this.dataset.state = 'done';
    await this.draw();
  }

  graded(answer) {
    if (!this.prediction) return null;
    const checked = this.prediction.querySelector('input:checked');
    if (!checked) return h('p', { class: 'widget-note', 'data-role': 'grade' }, 'You did not predict this time; try it before the next run.');
    const right = checked.value === commonest(answer);
    return h('p', { class: `st-grade ${right ? 'right' : 'wrong'}`, 'data-role': 'grade', 'data-grade': right ? 'right' : 'wrong' },
      right ? '✓ Your prediction was right.' : `✗ Not this time: most test episodes ${GOAL_ENVS[answer.env].outcomes[commonest(answer)] || commonest(answer)}.`);
  }

  split(answer) {
    const env = GOAL_ENVS[answer.env];
    const rows = answer.outcomes.map((o, i) => h('div', { class: 'gl-bar-row' },
      h('span', { class: 'gl-bar-label' }, env.outcomes[o] || o),
      h('span', { class: 'gl-bar-track' }, h('span', { class: `gl-bar gl-bar-${i}`, style: `width: ${(100 * share(answer, o)).toFixed(1)}%` })),
      h('span', { class: 'gl-bar-value', 'data-outcome': o }, pct(share(answer, o), 1))));
    return h('figure', { class: 'gl-split', 'data-role': 'split' },
      h('figcaption', {}, `${int(answer.testLevels)} test levels: how each episode ended`),
      ...rows,
      h('p', { class: 'widget-note' }, `Training success on ${int(answer.testLevels)} fresh training levels: ${pct(answer.trainSuccess, 1)}.`),
      answer.testMeanSurplusKeys !== undefined ? h('p', { class: 'widget-note', 'data-role': 'surplus' },
        `Keys picked up per test level: ${num(answer.testMeanKeysCollected, 1)}, of which ${num(answer.testMeanSurplusKeys, 1)} more than its chests could use `
        + `(in training: ${num(answer.trainMeanSurplusKeys, 1)} surplus, since keys were scarce there).`) : null);
  }

  replay(answer) {
    const episodes = answer.episodes;
    const picker = h('select', { id: uid('gl-episode') }, ...episodes.map((e, i) => h('option', { value: i, text: `Test level ${i + 1}: ${GOAL_ENVS[answer.env].outcomes[e.outcome] || e.outcome}` })));
    const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, id: uid('gl-step'), 'aria-label': 'Step of the episode' });
    const play = h('button', { type: 'button', class: 'btn', 'data-action': 'play' }, 'Play');
    const board = h('div', { class: 'gl-board', 'data-role': 'replay' });
    const caption = h('p', { class: 'widget-note', 'aria-live': 'polite' });
    const draw = () => {
      const e = episodes[Number(picker.value)];
      const t = Number(slider.value);
      const maze = mazeSvg(e, `Test level ${Number(picker.value) + 1}: the cheese at ${cellWords(e, e.cheese)}, the corner at ${cellWords(e, e.corner)}; the mouse at step ${t} is at ${cellWords(e, e.path[t])}.`);
      const points = e.path.slice(0, t + 1).map((c) => centre(e, c).join(',')).join(' ');
      maze.append(svg('polyline', { points, class: 'gl-trail' }));
      const [mx, my] = centre(e, e.path[t]);
      maze.append(svg('circle', { cx: mx, cy: my, r: 12, class: 'gl-mouse' }));
      setChildren(board, maze);
      caption.textContent = `Step ${t} of ${e.path.length - 1}.` + (t === e.path.length - 1 ? ` ${this.episodeEnd(e)}` : '');
    };
    const choose = () => {
      const e = episodes[Number(picker.value)];
      slider.max = String(e.path.length - 1);
      slider.value = String(e.path.length - 1);
      draw();
    };
    picker.addEventListener('change', choose);
    slider.addEventListener('input', draw);
    play.addEventListener('click', () => {
      clearInterval(this.timer);
      slider.value = '0';
      draw();
      this.timer = setInterval(() => {
        if (!this.isConnected || Number(slider.value) >= Number(slider.max)) { clearInterval(this.timer); return; }
        slider.value = String(Number(slider.value) + 1);
        draw();
      }, 180);
    });
    choose();
    return h('figure', { class: 'gl-replay' },
      h('figcaption', {}, 'Replay a test episode (triangle: cheese; dashed square: the corner where the cheese was in training; circle: the mouse)'),
      h('div', { class: 'gl-replay-controls' },
        h('label', { for: picker.id }, 'Episode'), picker, play,
        h('label', { for: slider.id, class: 'visually-hidden' }, 'Step'), slider),
      board, caption);
  }

  episodeEnd(e) {
    if (e.outcome === 'corner-first') return `It entered the corner on step ${e.cornerStep}${e.cheeseStep >= 0 ? ` and found the cheese on step ${e.cheeseStep}` : ' and never reached the cheese'}.`;
    if (e.outcome === 'cheese') return `It reached the cheese on step ${e.cheeseStep} without visiting the corner first.`;
    return 'Time ran out: it reached neither the cheese nor the corner.';
  }

  vectorField(field) {
    const maze = mazeSvg(field, `The network's preferred moves at every free cell, with the cheese at ${cellWords(field, field.cheese)}. Most arrows point ${this.majority(field)}.`);
    drawArrows(maze, field, field.probs);
    return h('figure', { class: 'gl-field', 'data-role': 'field' },
      h('figcaption', {}, 'The vector field: where the network would move from every free cell of test level 1 (arrow: the average move, weighted by the probabilities; faint: undecided)'),
      h('div', { class: 'gl-board' }, maze));
  }

  /** The direction most arrows lean: "up and to the left", for the figure's text alternative. */
  majority(field) {
    let sx = 0;
    let sy = 0;
    for (const p of field.probs) if (p) { sx += p[1] - p[3]; sy += p[2] - p[0]; }
    const v = Math.abs(sy) < 0.1 * field.probs.length / 10 ? '' : sy < 0 ? 'up' : 'down';
    const hz = Math.abs(sx) < 0.1 * field.probs.length / 10 ? '' : sx < 0 ? 'left' : 'right';
    return v && hz ? `${v} and to the ${hz}` : v || (hz ? `to the ${hz}` : 'in no common direction');
  }

  async draw() {
    const Chart = await whenChart();
    const a = this.answer;
    if (!Chart || !a || !this.canvas || !this.isConnected) return;
    const c = chartColors();
    const points = a.curve.filter((r) => r.success !== null).map((r) => ({ x: r.steps, y: 100 * r.success }));
    const scales = {
      x: { type: 'linear', min: 0, title: { display: true, text: 'Environment steps', color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } },
      y: valueAxis(c, 'Training episodes that reached the goal (%)', { min: 0, max: 100 }),
    };
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [lineDataset('Training success per batch', points, c.series[0])] },
      options: lineOptions(c, scales, { title: (x) => `${int(x)} steps`, digits: 1 }),
    });
  }
}

customElements.define('goal-lab', GoalLab);
