// <show-code>: the real Java source of each learning rule (GET /api/source/{algorithm}) beside its
// equation, with line numbers and the update method highlighted. Follows the algorithm chosen in
// <train-agent> (`algorithm-changed`).
import { api } from './api.js';
import { ALGORITHMS } from './blackjack.js';
import { focusScrollables, h, setChildren, uid } from './dom.js';
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
    this.tabs = ALGORITHMS.map((a) => h('button', {
      type: 'button', role: 'tab', id: uid('sc-tab'), 'aria-controls': panelId, 'aria-selected': 'false',
      tabindex: -1, 'data-algorithm': a.id, onclick: () => this.select(a.id, true),
    }, a.name));
    const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Algorithm' }, this.tabs);
    tablist.addEventListener('keydown', (e) => {
      const i = this.tabs.indexOf(document.activeElement);
      if (i < 0) return;
      const moves = {
        ArrowRight: (i + 1) % this.tabs.length,
        ArrowLeft: (i - 1 + this.tabs.length) % this.tabs.length,
        Home: 0,
        End: this.tabs.length - 1,
      };
      if (!(e.key in moves)) return;
      e.preventDefault();
      const tab = this.tabs[moves[e.key]];
      this.select(tab.dataset.algorithm, true);
    });
    this.equation = h('div', { class: 'equation', 'data-role': 'equation' });
    this.words = h('p', { class: 'widget-note' });
    this.fileName = h('p', { class: 'file-name', 'data-role': 'file' });
    this.code = h('code');
    this.pre = h('pre', { class: 'source', tabindex: 0, 'aria-label': 'Java source code' }, this.code);
    this.status = h('div', { role: 'status', 'aria-live': 'polite', class: 'status' });
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
    for (const tab of this.tabs) {
      const on = tab.dataset.algorithm === algorithm;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on) {
        this.panel.setAttribute('aria-labelledby', tab.id);
        if (focusTab) tab.focus();
      }
    }
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

  async load(algorithm) {
    const request = ++this.requestId;
    this.setAttribute('aria-busy', 'true');
    let data = this.cache.get(algorithm);
    if (!data) {
      this.status.className = 'status';
      this.status.textContent = 'Loading the source…';
      try {
        data = await api.source(algorithm);
        this.cache.set(algorithm, data);
      } catch (e) {
        if (request !== this.requestId) return;
        this.setAttribute('aria-busy', 'false');
        this.status.className = 'status error';
        setChildren(this.status, `${e.message} `, h('button', {
          type: 'button', class: 'btn small', onclick: () => this.load(algorithm),
        }, 'Try again'));
        return;
      }
    }
    if (request !== this.requestId) return;
    this.setAttribute('aria-busy', 'false');
    this.status.textContent = '';
    this.status.className = 'status';
    this.renderSource(data);
  }

  renderSource(data) {
    const lines = String(data.source || '').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    const start = Number(data.updateStart) || 0;
    const end = Number(data.updateEnd) || 0;
    this.fileName.textContent = `${data.file || ''}${start ? ` · update method: lines ${start}–${end}` : ''}`;
    let inBlockComment = false;
    const spans = lines.map((text, i) => {
      const n = i + 1;
      const trimmed = text.trim();
      const comment = inBlockComment || trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*');
      if (trimmed.startsWith('/*') && !trimmed.includes('*/')) inBlockComment = true;
      else if (inBlockComment && trimmed.includes('*/')) inBlockComment = false;
      const hl = n >= start && n <= end;
      return h('span', { class: `ln${hl ? ' hl' : ''}`, 'data-n': n },
        comment ? h('span', { class: 'c' }, text) : text);
    });
    setChildren(this.code, spans);
    this.pre.setAttribute('aria-label', `Java source of ${data.file || 'the algorithm'}${
      start ? `; the update method is on lines ${start} to ${end}` : ''}`);
    // Scroll the update method into view inside the code box (not the page).
    const first = this.code.querySelector('.ln.hl');
    if (first) this.pre.scrollTop = Math.max(0, first.offsetTop - 40);
  }
}

customElements.define('show-code', ShowCode);
