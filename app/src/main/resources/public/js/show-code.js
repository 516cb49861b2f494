// <show-code>: the real Java source of each learning rule (GET /api/source/{algorithm}) beside its
// equation, with line numbers and the update (the Java's `// region update`) highlighted. Follows the algorithm chosen in
// <train-agent> (`algorithm-changed`).
import { api } from './api.js';
import { ALGORITHMS } from './blackjack.js';
import { focusScrollables, h, uid } from './dom.js';
import { loadSource, markSelectedTab, renderSourceLines, sourceBox, sourceTabs } from './source-view.js';
import { ALGORITHM_CHANGED, getAlgorithm } from './store.js';

const EQUATIONS = {
  'q-learning': {
    tex: [String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma \max_a Q(S',a) - Q(S,A) \right]`],
    words: 'After every step: move Q(S, A) towards the reward plus the value of the best action in the next situation.',
  },
  sarsa: {
    tex: [String.raw`Q(S,A) \leftarrow Q(S,A) + \alpha \left[ R + \gamma\, Q(S',A') - Q(S,A) \right]`],
    words: 'After every step: move Q(S, A) towards the reward plus the value of the action A′ the agent actually chooses next.',
  },
  'monte-carlo': {
    tex: [
      String.raw`G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots`,
      String.raw`Q(S_t,A_t) \leftarrow Q(S_t,A_t) + \alpha \left[ G_t - Q(S_t,A_t) \right]`,
    ],
    words: 'After the whole hand: move the value of every situation and action it passed through towards the return that actually followed.',
  },
};

const SYMBOLS = [
  ['Q(S, A)', 'the table entry for situation S and action A'],
  ['α', 'learning rate: how far one update moves the estimate'],
  ['γ', 'discount factor: how much later reward counts'],
  ['R', 'the reward just received (0 until the hand ends)'],
  ['S′, A′', 'the next situation and the next action'],
];

class ShowCode extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'code';
    this.cache = new Map();
    this.requestId = 0;
    this.build();
    this.select(getAlgorithm() || 'q-learning', false);
    this.onAlgorithm = (e) => this.select(e.detail.algorithm, false);
    document.addEventListener(ALGORITHM_CHANGED, this.onAlgorithm);
  }

  disconnectedCallback() {
    document.removeEventListener(ALGORITHM_CHANGED, this.onAlgorithm);
  }

  build() {
    const titleId = uid('sc-title');
    const panelId = uid('sc-panel');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const { tabs, tablist } = sourceTabs(ALGORITHMS, 'sc-tab', panelId, (id, focus) => this.select(id, focus));
    this.tabs = tabs;
    this.equation = h('div', { class: 'equation', 'data-role': 'equation' });
    this.words = h('p', { class: 'widget-note' });
    Object.assign(this, sourceBox());
    this.panel = h('div', { role: 'tabpanel', id: panelId },
      this.equation, this.words,
      h('div', { class: 'code-layout' },
        h('ul', { class: 'symbols', 'aria-label': 'Symbols' },
          SYMBOLS.map(([s, d]) => h('li', {}, h('strong', {}, s), `: ${d}`))),
        h('div', {}, this.fileName, this.status, this.pre)));
    this.append(h('h3', { class: 'widget-title', id: titleId }, 'The code behind the equation'), tablist, this.panel);
  }

  select(algorithm, focusTab) {
    if (!EQUATIONS[algorithm]) return;
    this.algorithm = algorithm;
    this.dataset.algorithm = algorithm;
    markSelectedTab(this.tabs, this.panel, algorithm, focusTab);
    this.renderEquation(EQUATIONS[algorithm]);
    this.load(algorithm);
  }

  renderEquation(eq) {
    this.words.textContent = eq.words;
    this.equation.replaceChildren();
    for (const tex of eq.tex) {
      const box = h('div', { class: 'eq' });
      if (window.katex) {
        try {
          window.katex.render(tex, box, { displayMode: true, throwOnError: false });
        } catch (e) {
          box.textContent = tex;
        }
      } else {
        box.textContent = tex;
      }
      this.equation.append(box);
    }
    focusScrollables(this.equation);
  }

  load(algorithm) {
    return loadSource(this, algorithm, (id) => api.source(id));
  }

  renderSource(data) {
    const { start, end } = renderSourceLines(this.code, data);
    this.fileName.textContent = `${data.file || ''}${start ? ` · update: lines ${start}–${end}` : ''}`;
    this.pre.setAttribute('aria-label', `Java source of ${data.file || 'the algorithm'}${
      start ? `; the update is on lines ${start} to ${end}` : ''}`);
    // Scroll the update into view inside the code box (not the page).
    const first = this.code.querySelector('.ln.hl');
    if (first) this.pre.scrollTop = Math.max(0, first.offsetTop - 40);
  }
}

customElements.define('show-code', ShowCode);
