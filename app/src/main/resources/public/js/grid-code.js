// <grid-code>: the Java behind each GridWorld algorithm (GET /api/source/{algorithm}, the whole
// file with the 1-based lines of its update region and its named anchors) beside its equation,
// drawn like lesson 1's <show-code>. It follows the other widgets: when <grid-loop> takes a step
// (`grid-step`), it shows that algorithm, highlights the update and writes the values the step
// used beside the lines that computed them (the Java's `//@ name` anchors), from the step's
// `trace`.
import { h, num, setChildren, uid } from './dom.js';
import {
  GRID_ALGORITHM, GRID_DP, GRID_STEP, arrowOf, gridApi, renderEquation,
} from './grid-common.js';
import { loadSource, markSelectedTab, renderSourceLines, sourceBox, sourceTabs } from './source-view.js';

// The tabs; each algorithm's equation (TeX) and words come with its source from the server,
// written beside the update in the Java (`// tex:` and `// words:` lines).
const TABS = [
  { id: 'q-learning', name: 'Q-learning' },
  { id: 'sarsa', name: 'SARSA' },
  { id: 'expected-sarsa', name: 'Expected SARSA' },
  { id: 'sarsa-lambda', name: 'SARSA(λ)' },
  { id: 'dyna-q', name: 'Dyna-Q' },
  { id: 'reinforce', name: 'REINFORCE' },
  { id: 'policy-evaluation', name: 'Policy evaluation' },
  { id: 'value-iteration', name: 'Value iteration' },
];

// The anchors this view annotates, per id of GET /api/source (a line `… //@ name` in the Java,
// served as `anchors: {name: line}`), and the fields of a step's `trace` (or, for maxChange, of a
// DP sweep) the note of each anchor reads. SourceAnchorsTest parses the JSON between the two
// markers: it fails when an algorithm's anchors in the Java differ from its list here, when a list
// names an anchor NOTES lacks, or when a real traced step leaves a field a note reads unset. Keep
// it plain JSON (double quotes, no trailing commas); every id of /api/source has a list.
const ANCHORS = /* anchors-json */ {
  "algorithms": {
    "q-learning": ["tdTarget", "oldValue", "tdError", "update"],
    "sarsa": ["nextAction", "tdTargetTerminal", "tdTargetTruncated", "tdTargetBootstrap", "oldValue", "tdError", "update"],
    "monte-carlo": [],
    "expected-sarsa": ["tdTarget", "oldValue", "tdError", "update"],
    "sarsa-lambda": ["nextAction", "tdTargetTerminal", "tdTargetTruncated", "tdTargetBootstrap", "oldValue", "tdError", "trailUpdate"],
    "dyna-q": ["tdTarget", "oldValue", "tdError", "update", "planning"],
    "reinforce": ["oldValue"],
    "reinforce-baseline": ["oldValue"],
    "vpg": [],
    "policy-evaluation": ["maxChange"],
    "policy-improvement": [],
    "value-iteration": ["maxChange"],
    "policy-iteration": [],
    "relative-reachability": [],
    "lab-tilt": [],
    "lab-reinforce": [],
    "lab-actor-critic": [],
    "lab-npg": [],
    "lab-ppo": [],
    "lab-trpo": [],
    "lab-grpo": [],
    "lab-dpo": [],
    "lab-best-of-n": [],
    "neural-ppo": [],
    "neural-mlp": [],
    "tabular-arm": [],
    "cheese-corner": [],
    "cheese-vector": [],
    "linear-probe": [],
    "cot-monitoring": []
  },
  "reads": {
    "nextAction": ["nextAction"],
    "tdTarget": ["target"],
    "tdTargetTerminal": ["target"],
    "tdTargetTruncated": ["target"],
    "tdTargetBootstrap": ["reward", "target"],
    "oldValue": ["oldValue"],
    "tdError": ["target", "oldValue", "tdError"],
    "update": ["oldValue", "newValue"],
    "trailUpdate": ["updates"],
    "planning": ["updates"],
    "maxChange": ["sweep.maxChange"]
  }
} /* end-anchors-json */;

const v = (x) => num(x, 3);

/**
 * The note written beside each anchor's line: from the last step (`t`, its trace; `step`, the
 * whole `grid-step` detail with α and γ) or the last DP sweep (`sweep`); null for none.
 */
const NOTES = {
  nextAction: ({ t }) => (t.nextAction >= 0 ? `A′ = ${arrowOf(t.nextAction)}` : 'no A′: the episode is over'),
  tdTarget: ({ t }) => `tdTarget = ${v(t.target)}`,
  tdTargetTerminal: ({ t }) => (t.terminated ? `S′ ends the episode: tdTarget = R = ${v(t.target)}` : null),
  tdTargetTruncated: ({ t }) => (!t.terminated && t.nextAction < 0 ? `tdTarget = ${v(t.target)}` : null),
  tdTargetBootstrap: ({ t, step }) => (!t.terminated && t.nextAction >= 0
    ? `tdTarget = ${v(t.reward)} + ${step.gamma} × ${v((t.target - t.reward) / (step.gamma || 1))} = ${v(t.target)}` : null),
  oldValue: ({ t }) => `oldValue = Q(S, ${arrowOf(t.action)}) = ${v(t.oldValue)}`,
  tdError: ({ t }) => `δ = ${v(t.target)} − ${t.oldValue < 0 ? `(${v(t.oldValue)})` : v(t.oldValue)} = ${v(t.tdError)}`,
  update: ({ t }) => `Q(S, ${arrowOf(t.action)}): ${v(t.oldValue)} → ${v(t.newValue)}`,
  trailUpdate: ({ t }) => `${t.updates} pair${t.updates === 1 ? '' : 's'} on the trail updated`,
  planning: ({ t }) => `${Math.max(0, t.updates - 1)} planning updates`,
  maxChange: ({ sweep }) => (typeof sweep.maxChange === 'number' ? `the last sweep’s largest change: ${num(sweep.maxChange, 4)}` : null),
};

const SYMBOLS = [
  ['S, A', 'the state (cell) and the action taken there'],
  ['R, S′', 'the reward received and the cell it led to'],
  ['A′', 'the next action (SARSA)'],
  ['α, γ', 'learning rate and discount factor'],
  ['δ', 'the TD error: target minus old value'],
];

class GridCode extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'grid-code';
    this.cache = new Map();
    this.requestId = 0;
    this.step = null;
    this.build();
    this.select(this.getAttribute('algorithm') || 'q-learning', false);
    this.onAlgorithm = (e) => this.select(e.detail.algorithm, false);
    this.onStep = (e) => this.showStep(e.detail);
    this.onDp = (e) => {
      const op = e.detail && e.detail.op;
      const id = op === 'evaluate' ? 'policy-evaluation' : op === 'value-iteration' ? 'value-iteration' : null;
      if (!id) return;
      this.sweep = { algorithm: id, maxChange: e.detail.answer && e.detail.answer.maxChange };
      this.rendered = null;
      if (this.algorithm !== id) this.select(id, false);
      else if (this.data) this.renderSource(this.data);
    };
    document.addEventListener(GRID_ALGORITHM, this.onAlgorithm);
    document.addEventListener(GRID_STEP, this.onStep);
    document.addEventListener(GRID_DP, this.onDp);
  }

  disconnectedCallback() {
    document.removeEventListener(GRID_ALGORITHM, this.onAlgorithm);
    document.removeEventListener(GRID_STEP, this.onStep);
    document.removeEventListener(GRID_DP, this.onDp);
  }

  build() {
    const titleId = uid('gcode-title');
    const panelId = uid('gcode-panel');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const { tabs, tablist } = sourceTabs(TABS, 'gcode-tab', panelId, (id, focus) => this.select(id, focus));
    this.tabs = tabs;
    this.equation = h('div', { class: 'equation', 'data-role': 'equation' });
    this.words = h('p', { class: 'widget-note' });
    Object.assign(this, sourceBox());
    this.values = h('div', { class: 'gw-values', 'data-role': 'values', 'aria-live': 'polite' },
      h('p', { class: 'hint' }, 'Take a step in “The loop, one step at a time” above: the values it used appear here and beside the lines that computed them.'));
    this.panel = h('div', { role: 'tabpanel', id: panelId },
      this.equation, this.words,
      h('div', { class: 'code-layout' },
        h('div', {},
          h('ul', { class: 'symbols', 'aria-label': 'Symbols' }, SYMBOLS.map(([s, d]) => h('li', {}, h('strong', {}, s), `: ${d}`))),
          this.values),
        h('div', {}, this.fileName, this.status, this.pre)));
    this.append(h('h3', { class: 'widget-title', id: titleId }, 'The code behind each update'), tablist, this.panel);
  }

  select(algorithm, focusTab) {
    const tab = TABS.find((t) => t.id === algorithm);
    if (!tab) return;
    const changed = this.algorithm !== algorithm;
    this.algorithm = algorithm;
    this.dataset.algorithm = algorithm;
    markSelectedTab(this.tabs, this.panel, algorithm, focusTab);
    if (!changed && this.rendered === algorithm) return;
    this.load(algorithm);
  }

  /** The equation and its words, as the algorithm's Java gives them (`tex`, `words`). */
  renderEquation(data) {
    if (this.equationFor === data.algorithm) return;
    this.equationFor = data.algorithm;
    renderEquation(this.equation, this.words, data);
  }

  load(algorithm) {
    return loadSource(this, algorithm, (id) => gridApi.source(id), () => {
      this.rendered = null;
      this.data = null;
      this.equationFor = null;
      this.equation.replaceChildren();
      this.words.textContent = '';
      this.fileName.textContent = '';
      setChildren(this.code);
    });
  }

  renderSource(data) {
    this.rendered = this.algorithm;
    this.data = data;
    this.renderEquation(data);
    const step = this.step && this.step.algorithm === this.algorithm ? this.step : null;
    const sweep = this.sweep && this.sweep.algorithm === this.algorithm ? this.sweep : null;
    // Line number → the anchor there, for the anchors this view knows for this algorithm.
    const known = ANCHORS.algorithms[this.algorithm] || [];
    const anchorAt = new Map();
    for (const [name, line] of Object.entries(data.anchors || {})) {
      if (known.includes(name)) anchorAt.set(Number(line), name);
    }
    const { start, end, annotated } = renderSourceLines(this.code, data, (trimmed, hl, n) => {
      const name = hl ? anchorAt.get(n) : undefined;
      if (!name) return null;
      if (name === 'maxChange') return sweep ? NOTES.maxChange({ sweep }) : null;
      return step ? NOTES[name]({ t: step.trace, step }) : null;
    });
    this.fileName.textContent = `${data.file || ''}${start ? ` · update: lines ${start}–${end}` : ''}`;
    this.dataset.annotated = String(annotated);
    this.pre.setAttribute('aria-label', `Java source of ${data.file || 'the algorithm'}${start ? `; the update is on lines ${start} to ${end}` : ''}${annotated ? `; ${annotated} lines are annotated with the values of the last step` : ''}`);
    const first = this.code.querySelector('.ln.an') || this.code.querySelector('.ln.hl');
    if (first) this.pre.scrollTop = Math.max(0, first.offsetTop - 60);
  }

  /** A step of <grid-loop>: follow its algorithm and show the values it used. */
  showStep(detail) {
    if (!detail || !detail.trace) return;
    this.step = { ...detail };
    const t = detail.trace;
    const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
    setChildren(this.values,
      h('p', { class: 'field-label' }, `The last step of the loop (${(TABS.find((x) => x.id === detail.algorithm) || { name: detail.algorithm }).name})`),
      h('dl', { class: 'gw-values-list' },
        row('S', `state ${t.state}`), row('A', arrowOf(t.action)), row('R', num(t.reward, 3)),
        row('S′', `state ${t.nextState}${t.terminated ? ' (the episode ends)' : ''}`),
        t.nextAction >= 0 ? row('A′', arrowOf(t.nextAction)) : null,
        row('α, γ', `${detail.alpha}, ${detail.gamma}`),
        row('old Q(S, A)', num(t.oldValue, 4)), row('target', num(t.target, 4)),
        row('δ', num(t.tdError, 4)), row('new Q(S, A)', num(t.newValue, 4)),
        t.updates > 1 ? row('updates', String(t.updates)) : null));
    this.rendered = null;
    if (this.algorithm !== detail.algorithm) this.select(detail.algorithm, false);
    else if (this.data) this.renderSource(this.data);
    else this.load(this.algorithm);
  }
}

customElements.define('grid-code', GridCode);
