// <show-code>: the real Java source of each learning rule (GET /api/source/{algorithm}) beside its
// equation, with line numbers and the update (the Java's `// region update`) highlighted. Follows the algorithm chosen in
// <train-agent> (`algorithm-changed`).
import { api } from './api.js';
import { ALGORITHMS } from './blackjack.js';
import { focusScrollables, h, uid } from './dom.js';
import { loadSource, markSelectedTab, renderSourceLines, sourceBox, sourceTabs } from './source-view.js';
import { ALGORITHM_CHANGED, getAlgorithm } from './store.js';

// Each algorithm's equation (TeX) and words come with its source from the server, written beside
// the update in the Java (`// tex:` and `// words:` lines), shared with lesson 2's <grid-code>.

const COMMON = [
  ['Q(S, A)', 'the table entry for situation S and action A'],
  ['α', 'learning rate: how far one update moves the estimate'],
  ['γ', 'discount factor: how much later reward counts'],
];

/** The symbols each algorithm's equation uses, in words. */
const SYMBOLS = {
  'q-learning': [...COMMON,
    ['R', 'the reward just received (0 until the hand ends)'],
    ['S′', 'the next situation; max over a′ takes its best action']],
  sarsa: [...COMMON,
    ['R', 'the reward just received (0 until the hand ends)'],
    ['S′, A′', 'the next situation and the action actually taken there']],
  'monte-carlo': [...COMMON,
    ['Sₜ, Aₜ', 'the situation and action at step t of the hand'],
    ['Gₜ', 'the return from step t: every reward to the end of the hand, each later one counted γ times less'],
    ['Rₜ₊₁', 'the reward after step t (in Blackjack only the last one is not 0)']],
};

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
        this.symbols = h('ul', { class: 'symbols', 'aria-label': 'Symbols', 'data-role': 'symbols' }),
        h('div', {}, this.fileName, this.status, this.pre)));
    this.append(h('h3', { class: 'widget-title', id: titleId }, 'The code behind the equation'), tablist, this.panel);
  }

  select(algorithm, focusTab) {
    if (!ALGORITHMS.some((a) => a.id === algorithm)) return;
    this.algorithm = algorithm;
    this.dataset.algorithm = algorithm;
    this.symbols.replaceChildren(...(SYMBOLS[algorithm] || SYMBOLS['q-learning'])
      .map(([sym, words]) => h('li', {}, h('strong', {}, sym), `: ${words}`)));
    markSelectedTab(this.tabs, this.panel, algorithm, focusTab);
    this.load(algorithm);
  }

  /** The equation and its words, as the algorithm's Java gives them (`tex`, `words`). */
  renderEquation(data) {
    this.words.textContent = data.words || '';
    this.equation.replaceChildren();
    for (const tex of data.tex || []) {
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
    return loadSource(this, algorithm, (id) => api.source(id), () => {
      this.equation.replaceChildren();
      this.words.textContent = '';
    });
  }

  renderSource(data) {
    this.renderEquation(data);
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
