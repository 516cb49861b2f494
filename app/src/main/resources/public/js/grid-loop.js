// <grid-loop>: the RL loop, one real interaction per click. A learning session lives on the
// server (POST /api/gridworld/sessions); "Step" asks it for exactly one step ({steps: 1}) and
// shows what the answer's `trace` says happened: the state observed, the ε-greedy coin flip, the
// reward and next state, and the update with the actual numbers substituted into its equation.
// The Q-value that changed is outlined on the grid. Attributes: map (a preset id).
import { focusScrollables, h, holdFocus, int, num, setChildren, uid } from './dom.js';
import {
  ACTIONS, GRID_ALGORITHM, GRID_STEP, GridBoard, arrowOf, boardLegend, cellName, fillPresetSelect,
  gridApi, learnerName, LEARNERS, paramField, publish, readMap, selectField,
  setStatus, showError, tex, texNum, loadPresetsInto, dropWidgetSession, readFields,
} from './grid-common.js';

const ALGORITHMS = LEARNERS;

const DEFAULTS = { map: 'open', algorithm: 'q-learning', alpha: 0.5, gamma: 0.9, epsilon: 0.1, seed: 1 };
const FINISH_DELAY_MS = 60;
const FINISH_LIMIT = 400;

/** The symbolic update and the name of its bootstrapped term, per algorithm. */
const RULES = {
  'q-learning': {
    tex: String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \max_a Q(S',a) - Q(S,A) \right]`,
    boot: String.raw`\max_a Q(S',a)`,
    words: 'the value of the best action in the next state',
  },
  sarsa: {
    tex: String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma\, Q(S',A') - Q(S,A) \right]`,
    boot: String.raw`Q(S',A')`,
    words: 'the value of the action A′ it will actually take next',
  },
  'expected-sarsa': {
    tex: String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \textstyle\sum_a \pi(a \mid S')\, Q(S',a) - Q(S,A) \right]`,
    boot: String.raw`\textstyle\sum_a \pi(a \mid S')\,Q(S',a)`,
    words: 'the average value of the next state’s actions, weighted by how likely its ε-greedy policy is to take each',
  },
  'sarsa-lambda': {
    tex: String.raw`Q(s,a) \leftarrow Q(s,a) + \alpha \left[ R + \gamma\, Q(S',A') - Q(S,A) \right] z(s,a) \quad \text{for every pair on the trail}`,
    boot: String.raw`Q(S',A')`,
    words: 'the value of the action A′ it will actually take next; the same correction, scaled by each pair’s eligibility trace z, also reaches the pairs it visited just before (z(S, A) = 1 for the pair itself)',
  },
  'dyna-q': {
    tex: String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \max_a Q(S',a) - Q(S,A) \right] \text{, then } n \text{ planning updates}`,
    boot: String.raw`\max_a Q(S',a)`,
    words: 'the value of the best action in the next state; then it replays n remembered steps from its model of the world and makes the same kind of update for each',
  },
};

class GridLoop extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'loop';
    this.session = null;
    this.busy = false;
    this.interactions = 0;
    this.finishing = false;
    this.build();
    this.loadMaps();
    this.onTheme = () => this.redraw();
    document.addEventListener('themechange', this.onTheme);
    this.onHide = () => this.dropSession();
    window.addEventListener('pagehide', this.onHide);
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
    window.removeEventListener('pagehide', this.onHide);
    this.dropSession();
  }

  build() {
    const titleId = uid('gl-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.fields = {
      map: selectField({ name: 'map', label: 'Map', options: [{ id: this.getAttribute('map') || DEFAULTS.map, name: this.getAttribute('map') || DEFAULTS.map }] }),
      algorithm: selectField({ name: 'algorithm', label: 'Learning rule', options: ALGORITHMS, value: DEFAULTS.algorithm }),
      alpha: paramField('alpha', { label: 'Learning rate α', value: DEFAULTS.alpha }),
      gamma: paramField('gamma', { label: 'Discount γ', value: DEFAULTS.gamma }),
      epsilon: paramField('epsilon', { label: 'Exploration ε', advice: 'changes the running agent', value: DEFAULTS.epsilon }),
      seed: paramField('seed', { label: 'Seed', advice: 'same seed, same steps', value: DEFAULTS.seed }),
    };
    for (const key of ['map', 'algorithm', 'alpha', 'gamma', 'seed']) {
      this.fields[key].input.addEventListener('change', () => this.settingsChanged());
    }
    this.fields.algorithm.input.addEventListener('change', () => {
      publish(GRID_ALGORITHM, { algorithm: this.fields.algorithm.input.value, source: 'grid-loop' });
    });
    this.fields.epsilon.input.addEventListener('change', () => this.changeEpsilon());
    const settings = h('details', { class: 'gw-settings' },
      h('summary', {}, 'Settings: map, learning rule, α, γ, ε, seed'),
      h('div', { class: 'gw-form' }, Object.values(this.fields).map((f) => f.el)));

    this.stepButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'step', onclick: () => this.step() }, 'Step');
    this.tenButton = h('button', { type: 'button', class: 'btn', 'data-action': 'run10', onclick: () => this.runMany(10) }, 'Run 10 steps');
    this.finishButton = h('button', { type: 'button', class: 'btn', 'data-action': 'finish', onclick: () => this.finish() }, 'Finish episode');
    this.resetButton = h('button', { type: 'button', class: 'btn', 'data-action': 'reset', onclick: () => this.reset() }, 'New agent');
    this.counter = h('p', { class: 'gw-counter', 'data-role': 'counter' }, 'A fresh agent: every Q-value is 0.');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });

    this.board = new GridBoard({ label: 'The grid world; each cell shows the agent’s four Q-values' });
    this.stages = {
      observe: h('div', { class: 'gw-stage-body', 'data-role': 'observe' }, 'Press Step.'),
      act: h('div', { class: 'gw-stage-body', 'data-role': 'act' }, '–'),
      reward: h('div', { class: 'gw-stage-body', 'data-role': 'reward' }, '–'),
      update: h('div', { class: 'gw-stage-body', 'data-role': 'update' }, '–'),
    };
    const stage = (n, name, title, body) => h('li', { class: 'gw-stage', 'data-stage': name },
      h('span', { class: 'gw-stage-n', 'aria-hidden': 'true' }, String(n)),
      h('div', {}, h('h4', {}, title), body));
    this.loopList = h('ol', { class: 'gw-stages', 'aria-label': 'One interaction: the first three parts' },
      stage(1, 'observe', 'Observe the state Sₜ', this.stages.observe),
      stage(2, 'act', 'Choose an action Aₜ (ε-greedy)', this.stages.act),
      stage(3, 'reward', 'The world answers: reward Rₜ₊₁ and next state Sₜ₊₁', this.stages.reward));
    // The update gets the full width: its equation with numbers is long.
    this.learnList = h('ol', { class: 'gw-stages gw-stages-wide', start: 4, 'aria-label': 'One interaction: the fourth part' },
      stage(4, 'update', 'Learn: update Q(Sₜ, Aₜ)', this.stages.update));
    this.ruleBox = h('div', { class: 'gw-rule', 'data-role': 'rule' });

    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'The loop, one step at a time'),
      settings,
      h('div', { class: 'toolbar' }, this.stepButton, this.tenButton, this.finishButton, this.resetButton),
      this.status,
      h('div', { class: 'gw-split' },
        h('div', { class: 'gw-split-board' }, this.board.el, this.counter,
          boardLegend(['q', 'agent', 'walls', 'goal', 'hl'], 'Q-values: blue below 0, orange above 0, the arrow is the best action')),
        h('div', { class: 'gw-split-side' }, this.ruleBox, this.loopList)),
      this.learnList,
    );
    this.renderRule();
  }

  async loadMaps() {
    if (!(await loadPresetsInto(this))) return;
    fillPresetSelect(this.fields.map.input, this.presets, this.getAttribute('map') || DEFAULTS.map);
    this.showPresetMap();
    this.dataset.state = 'ready';
  }

  showPresetMap() {
    const preset = (this.presets || []).find((p) => p.id === this.fields.map.input.value);
    if (!preset || !preset.map) return;
    this.map = preset.map;
    this.board.setMap(this.map);
    const zeros = this.map.tiles.map(() => [0, 0, 0, 0]);
    this.board.draw({ q: zeros, agent: this.map.start });
  }

  config() {
    const cfg = { map: this.fields.map.input.value, algorithm: this.fields.algorithm.input.value };
    return readFields(this.fields, ['alpha', 'gamma', 'epsilon', 'seed'], cfg);
  }

  settingsChanged() {
    if (this.finishing) this.finishing = false;
    this.dropSession();
    this.interactions = 0;
    this.renderRule();
    this.showPresetMap();
    this.clearStages('Settings changed: the next Step starts a fresh agent with them.');
    this.counter.textContent = 'A fresh agent: every Q-value is 0.';
  }

  async changeEpsilon() {
    const v = this.fields.epsilon.read();
    if (v === null || !this.session) return;
    try {
      await gridApi.patch(this.session.id, { epsilon: v });
      setStatus(this.status, `ε is now ${v} for the running agent.`);
    } catch (e) {
      showError(e, this.fields, this.status);
    }
  }

  reset() {
    this.finishing = false;
    this.settingsChanged();
    setStatus(this.status, 'New agent: all Q-values back to 0.');
  }

  dropSession() {
    dropWidgetSession(this);
  }

  async ensureSession() {
    if (this.session) return true;
    const cfg = this.config();
    if (!cfg) {
      setStatus(this.status, 'Please fix the highlighted settings first.', true);
      this.querySelector('.gw-settings').open = true;
      return false;
    }
    for (const f of Object.values(this.fields)) f.setError(null);
    try {
      const created = await gridApi.createSession(cfg);
      this.session = { id: created.id, config: cfg };
      this.dataset.session = created.id;
      const map = readMap(created.map) || this.map;
      this.map = map;
      this.board.setMap(map);
      this.snapshot = created.snapshot;
      this.interactions = 0;
      this.redraw();
      publish(GRID_ALGORITHM, { algorithm: cfg.algorithm, source: 'grid-loop' });
      return true;
    } catch (e) {
      showError(e, this.fields, this.status);
      if (e.field && this.fields[e.field]) this.querySelector('.gw-settings').open = true;
      return false;
    }
  }

  setBusy(on) {
    this.busy = on;
    this.setAttribute('aria-busy', String(on));
    const restore = on ? null : this.restoreFocus;
    if (on) this.restoreFocus = holdFocus(this);
    for (const b of [this.stepButton, this.tenButton, this.resetButton]) b.disabled = on;
    this.finishButton.disabled = on && !this.finishing;
    if (restore) {
      restore(this.stepButton);
      this.restoreFocus = null;
    }
  }

  /** One request; on a forgotten session (404) starts a new one and says so. */
  async request(steps) {
    if (!(await this.ensureSession())) return null;
    try {
      return await gridApi.step(this.session.id, steps);
    } catch (e) {
      if (e.status === 404) {
        this.session = null;
        setStatus(this.status, 'The server had forgotten this agent (idle too long); press Step to start a new one.', true);
        this.showPresetMap();
        return null;
      }
      setStatus(this.status, e.message, true);
      return null;
    }
  }

  async step() {
    if (this.busy) return;
    this.setBusy(true);
    setStatus(this.status, '');
    // The Q-table before the step (a new session's, on the first click) is what the update used.
    const ready = await this.ensureSession();
    const before = this.snapshot;
    const answer = ready ? await this.request(1) : null;
    this.setBusy(false);
    if (answer) this.applyStep(answer, before);
  }

  applyStep(answer, before) {
    this.snapshot = answer.snapshot;
    this.interactions += 1;
    this.lastEpisodes = answer.episodes || [];
    const trace = answer.trace;
    if (trace) this.renderTrace(trace, before, answer);
    this.redraw(trace);
    this.renderCounter(answer);
    publish(GRID_STEP, {
      algorithm: this.session.config.algorithm, trace, before, snapshot: answer.snapshot,
      alpha: this.session.config.alpha, gamma: this.session.config.gamma, source: 'grid-loop',
    });
  }

  async runMany(n) {
    if (this.busy) return;
    this.setBusy(true);
    setStatus(this.status, '');
    const answer = await this.request(n);
    this.setBusy(false);
    if (!answer) return;
    this.snapshot = answer.snapshot;
    this.interactions += n;
    this.redraw(null);
    this.renderCounter(answer);
    this.clearStages(`${n} interactions ran without stopping, so their numbers were not recorded. Press Step to see the next one in detail.`);
    const eps = answer.episodes || [];
    if (eps.length) {
      setStatus(this.status, `${n} steps: ${eps.length === 1 ? 'an episode' : `${eps.length} episodes`} ended (${eps.map((e) => `${e.truncated ? 'cut off by the time limit: ' : ''}return ${num(e.return, 1)} in ${int(e.length)} steps`).join('; ')}).`);
    } else {
      setStatus(this.status, `${n} more steps; the episode goes on.`);
    }
  }

  /** Steps one at a time, animated, until an episode ends (or FINISH_LIMIT steps). */
  async finish() {
    if (this.finishing) {
      this.finishing = false;
      return;
    }
    if (this.busy) return;
    this.finishing = true;
    this.finishButton.textContent = 'Stop';
    this.setBusy(true);
    this.finishButton.disabled = false;
    setStatus(this.status, 'Walking to the end of the episode…');
    let steps = 0;
    let ended = null;
    while (this.finishing && steps < FINISH_LIMIT) {
      // eslint-disable-next-line no-await-in-loop
      if (!(await this.ensureSession())) break;
      const before = this.snapshot;
      // eslint-disable-next-line no-await-in-loop
      const answer = await this.request(1);
      if (!answer) break;
      steps += 1;
      this.applyStep(answer, before);
      if (answer.episodes && answer.episodes.length) {
        ended = answer.episodes[answer.episodes.length - 1];
        break;
      }
      // eslint-disable-next-line no-await-in-loop
      await new Promise((r) => setTimeout(r, FINISH_DELAY_MS));
    }
    const stopped = !this.finishing;
    this.finishing = false;
    this.finishButton.textContent = 'Finish episode';
    this.setBusy(false);
    if (ended) {
      setStatus(this.status, endedSentence(ended, steps));
    } else if (stopped) {
      setStatus(this.status, `Stopped after ${int(steps)} steps.`);
    } else if (steps >= FINISH_LIMIT) {
      setStatus(this.status, `${FINISH_LIMIT} steps and the episode is still going; press Finish episode again to continue.`);
    }
  }

  renderCounter(answer) {
    const snap = answer.snapshot || {};
    const done = typeof snap.episode === 'number' ? snap.episode : null;
    this.counter.textContent = `${int(this.interactions)} interaction${this.interactions === 1 ? '' : 's'} so far${
      done !== null ? ` · episode ${int(done + 1)}` : ''}${typeof snap.step === 'number' ? `, step ${int(snap.step)}` : ''}.`;
    this.dataset.interactions = String(this.interactions);
  }

  redraw(trace = this.lastTrace) {
    if (!this.map) return;
    this.lastTrace = trace;
    const snap = this.snapshot;
    const q = snap && Array.isArray(snap.q) ? snap.q : this.map.tiles.map(() => [0, 0, 0, 0]);
    const layers = {
      q,
      rawQ: q,
      greedy: snap && snap.greedy,
      agent: snap && typeof snap.position === 'number' ? snap.position : this.map.start,
    };
    if (trace && trace.state >= 0) {
      layers.highlight = {
        state: trace.state, action: trace.action,
        text: `Q(S, ${arrowOf(trace.action)}) just changed from ${num(trace.oldValue, 3)} to ${num(trace.newValue, 3)}`,
      };
    }
    this.board.draw(layers);
  }

  renderRule() {
    const rule = RULES[this.fields.algorithm.input.value] || RULES['q-learning'];
    const eq = h('div', { class: 'eq' });
    tex(eq, rule.tex);
    setChildren(this.ruleBox,
      h('p', { class: 'widget-note' }, `${learnerName(this.fields.algorithm.input.value)} moves Q(S, A) a fraction α of the way towards the reward plus γ times ${rule.words}:`),
      eq);
    focusScrollables(this.ruleBox);
  }

  clearStages(note) {
    this.stages.observe.textContent = note || 'Press Step.';
    this.stages.act.textContent = '–';
    this.stages.reward.textContent = '–';
    this.stages.update.textContent = '–';
    delete this.dataset.traced;
  }

  /** Fills the four parts of the loop from the server's trace. */
  renderTrace(t, before, answer) {
    const map = this.map;
    const cfg = this.session.config;
    const qBefore = before && Array.isArray(before.q) ? before.q : null;
    const qS = qBefore && qBefore[t.state] ? qBefore[t.state] : null;

    // 1. Observe.
    setChildren(this.stages.observe,
      h('p', {}, 'The agent is in ', h('strong', {}, cellName(map, t.state)), ` (state ${t.state}).`),
      qS ? h('p', { class: 'gw-qrow' }, 'Its Q-values there: ',
        ACTIONS.map((a) => h('span', { class: 'gw-q' }, `${a.arrow} ${num(qS[a.id], 2)}`))) : null);

    // 2. Act: the coin.
    const eps = typeof t.epsilon === 'number' ? t.epsilon : cfg.epsilon;
    const best = qS ? bestOf(qS) : null;
    const tie = qS && qS.every((v) => v === qS[0]);
    const bestText = best === null ? '' : tie
      ? `all four are equal, so the first, ${arrowOf(best)}, counts as best`
      : `the best action is ${arrowOf(best)}`;
    let coinLine;
    if (typeof t.coin === 'number' && Number.isFinite(t.coin)) {
      coinLine = t.explored
        ? [h('span', { class: 'gw-coin' }, `coin ${num(t.coin, 2)} < ε ${num(eps, 2)}`), ' → explore: a random action, ',
          h('strong', {}, arrowOf(t.action)), best !== null ? ` (${bestText})` : '']
        : [h('span', { class: 'gw-coin' }, `coin ${num(t.coin, 2)} ≥ ε ${num(eps, 2)}`), ' → exploit: ',
          tie ? 'all four are equal, so the first counts as best: ' : 'the best action is ', h('strong', {}, arrowOf(t.action)),
          best !== null && !tie && best !== t.action
            ? ' (it was chosen just before the previous update changed these values)' : ''];
    } else {
      coinLine = [`ε = ${num(eps, 2)}, so no coin is needed: exploit, `, h('strong', {}, arrowOf(t.action))];
    }
    setChildren(this.stages.act, h('p', { 'data-role': 'coin' }, coinLine),
      h('p', { class: 'hint' }, `The coin is a random number between 0 and 1. Below ε the agent explores: it picks one of the four actions at random (which may still be the best one).`));

    // 3. The world answers.
    const landed = t.nextState;
    const tile = map.tiles[landed];
    const moved = landed === t.state ? ' It bumped into a wall or the edge and stayed put.' : '';
    let ending = '';
    if (t.terminated) ending = tile === 'goal' ? ' That is the goal: the episode ends.' : ' The episode ends here.';
    else if (t.truncated) ending = ` That was the last step the time limit allows${typeof map.maxSteps === 'number' ? ` (${int(map.maxSteps)})` : ''}: the episode is cut off here, without reaching the goal.`;
    const cliff = map.tiles.some((k) => k === 'cliff') && t.reward <= -50;
    setChildren(this.stages.reward,
      h('p', {}, 'Reward ', h('strong', { 'data-role': 'reward-value' }, `Rₜ₊₁ = ${num(t.reward, 2)}`),
        ', next state ', h('strong', {}, `Sₜ₊₁ = ${cellName(map, landed)}`), '.',
        moved, cliff ? ' It stepped off the cliff and was sent back to the start.' : '', ending));

    // 4. Learn, with the numbers.
    this.renderUpdate(t, before, cfg);
    this.dataset.traced = String(this.interactions);
  }

  renderUpdate(t, before, cfg) {
    const alg = cfg.algorithm;
    const rule = RULES[alg] || RULES['q-learning'];
    const gamma = cfg.gamma;
    const alpha = cfg.alpha;
    const qNext = before && before.q && before.q[t.nextState];
    // The bootstrapped value the target used, from the Q-table before this step.
    let boot = null;
    let bootText = '';
    if (t.terminated) {
      boot = 0;
    } else if (qNext) {
      if ((alg === 'sarsa' || alg === 'sarsa-lambda') && t.nextAction >= 0) {
        boot = qNext[t.nextAction];
        bootText = `A′ = ${arrowOf(t.nextAction)}, the action it will take next`;
      } else if (alg === 'expected-sarsa') {
        const eps = typeof t.epsilon === 'number' ? t.epsilon : cfg.epsilon;
        const g = bestOf(qNext);
        boot = qNext.reduce((sum, v, a) => sum + (eps / 4 + (a === g ? 1 - eps : 0)) * v, 0);
        bootText = `weights ${ACTIONS.map((a) => `${a.arrow} ${num(eps / 4 + (a.id === g ? 1 - eps : 0), 3)}`).join(', ')}`;
      } else {
        boot = Math.max(...qNext);
        bootText = `the best of ${qNext.map((v) => num(v, 2)).join(', ')}`;
      }
    }
    // Trust the server's target: if our reconstruction disagrees, derive the term from it.
    if (boot === null || Math.abs(t.reward + gamma * boot - t.target) > 1e-9) {
      boot = gamma > 0 ? (t.target - t.reward) / gamma : 0;
      bootText = '';
    }
    const d = 3;
    const sa = `Q(S_t, ${ACTIONS[t.action] ? ACTIONS[t.action].tex : '?'})`;
    const targetTex = t.terminated
      ? texNum(t.reward, d)
      : `${texNum(t.reward, d)} + ${texNum(gamma, 2)} \\times ${texNum(boot, d, true)}`;
    // One substituted equation; on a narrow screen the target is worked out on its own lines first.
    const narrow = this.clientWidth > 0 && this.clientWidth < 560;
    const lines = narrow
      ? [String.raw`\begin{aligned} \text{target} &= ${targetTex} \\ &= ${texNum(t.target, d)} \\ ${sa} &\leftarrow ${texNum(t.oldValue, d)} + ${texNum(alpha, 2)} \big[ ${texNum(t.target, d)} - ${texNum(t.oldValue, d, true)} \big] \\ &= \mathbf{${texNum(t.newValue, d)}} \end{aligned}`]
      : [String.raw`\begin{aligned} ${sa} &\leftarrow \underbrace{${texNum(t.oldValue, d)}}_{\text{old}} + ${texNum(alpha, 2)} \big[ \underbrace{${targetTex}}_{\text{target}} - ${texNum(t.oldValue, d, true)} \big] \\ &= ${texNum(t.oldValue, d)} + ${texNum(alpha, 2)} \times ${texNum(t.tdError, d, true)} = \mathbf{${texNum(t.newValue, d)}} \end{aligned}`];
    const eq = h('div', {
      class: 'gw-equation', 'data-role': 'equation',
      dataset: {
        old: String(t.oldValue), alpha: String(alpha), gamma: String(gamma), reward: String(t.reward),
        target: String(t.target), tdError: String(t.tdError), new: String(t.newValue), boot: String(boot),
        state: String(t.state), action: String(t.action), terminated: String(!!t.terminated),
      },
    });
    for (const line of lines) {
      const box = h('div', { class: 'eq' });
      tex(box, line);
      eq.append(box);
    }
    const words = t.terminated
      ? 'Sₜ₊₁ ends the episode, so nothing comes after it: the target is just the reward.'
      : `Target = reward + γ × ${rule.words}${bootText ? ` (${bootText})` : ''} = ${num(t.target, 3)}.`;
    setChildren(this.stages.update,
      eq,
      h('p', { class: 'gw-eq-words' }, words, ' ',
        `The TD error is ${num(t.target, 3)} − ${t.oldValue < 0 ? `(${num(t.oldValue, 3)})` : num(t.oldValue, 3)} = ${num(t.tdError, 3)}; α = ${alpha} of it moves Q from `,
        h('strong', { 'data-role': 'old' }, num(t.oldValue, 3)), ' to ', h('strong', { 'data-role': 'new' }, num(t.newValue, 3)), '.'),
      t.updates > 1 ? h('p', { class: 'hint' }, `This step made ${t.updates} updates in all.`) : null);
    focusScrollables(this.stages.update);
  }
}

/**
 * What the status says when Finish episode saw an episode end: reached an end, or cut off by the
 * time limit (the server's `truncated`), which is not the same thing.
 */
function endedSentence(ended, steps) {
  if (ended.truncated) {
    return `Time limit: the episode was cut off after ${int(ended.length)} steps without reaching the goal (return ${num(ended.return, 1)}). The agent starts again from the start.`;
  }
  return `Episode over after ${int(steps)} more steps: return ${num(ended.return, 1)} in ${int(ended.length)} steps. The agent is back at the start.`;
}

function bestOf(q) {
  let best = 0;
  for (let a = 1; a < q.length; a += 1) if (q[a] > q[best]) best = a;
  return best;
}

customElements.define('grid-loop', GridLoop);
