// <code-file source="relative-reachability">: the engine's real Java for one method that is not a
// learning rule (GET /api/source/{source}: here the impact penalty), with its equation and words
// from the Java's `// tex:` and `// words:` lines and the lines that compute it highlighted,
// drawn like the lessons' other code views. The `symbols` attribute lists the equation's symbols
// in words: "R(x; y)=…|N(x, y)=…".
import { api } from './api.js';
import { h, uid } from './dom.js';
import { renderEquation } from './grid-common.js';
import { loadSource, renderSourceLines, sourceBox } from './source-view.js';

class CodeFile extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.cache = new Map();
    this.requestId = 0;
    const titleId = uid('cf-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.equation = h('div', { class: 'equation', 'data-role': 'equation' });
    this.words = h('p', { class: 'widget-note' });
    Object.assign(this, sourceBox());
    const symbols = (this.getAttribute('symbols') || '').split('|').map((s) => s.split('=')).filter((p) => p.length === 2);
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'The code'),
      this.equation, this.words,
      h('div', { class: 'code-layout' },
        symbols.length ? h('ul', { class: 'symbols', 'aria-label': 'Symbols' },
          symbols.map(([s, d]) => h('li', {}, h('strong', {}, s.trim()), `: ${d.trim()}`))) : h('div'),
        h('div', {}, this.fileName, this.status, this.pre)));
    this.load(this.getAttribute('source') || 'relative-reachability');
  }

  load(id) {
    return loadSource(this, id, (x) => api.source(x));
  }

  renderSource(data) {
    renderEquation(this.equation, this.words, data);
    const { start, end } = renderSourceLines(this.code, data);
    this.fileName.textContent = `${data.file || ''}${start ? ` · lines ${start}–${end}` : ''}`;
    this.pre.setAttribute('aria-label', `Java source of ${data.file || 'the method'}${start ? `; the equation is computed on lines ${start} to ${end}` : ''}`);
    const first = this.code.querySelector('.ln.hl');
    if (first) this.pre.scrollTop = Math.max(0, first.offsetTop - 60);
    this.dataset.state = 'ready';
  }
}

customElements.define('code-file', CodeFile);
