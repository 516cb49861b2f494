// The pieces <show-code> (lesson 1) and <grid-code> (lesson 2) share: a tab per algorithm with
// arrow-key moves, loading GET /api/source/{algorithm} with a status line, and the Java drawn as
// numbered lines with the update (updateStart..updateEnd, 1-based: the Java's `// region update`)
// highlighted.
import { h, setChildren, uid } from './dom.js';

/**
 * The tab buttons (`items`: { id, name }) and their tablist; ArrowLeft/Right, Home and End move
 * between them. `select(id, true)` is called on a click or a move.
 */
export function sourceTabs(items, idPrefix, panelId, select) {
  const tabs = items.map((t) => h('button', {
    type: 'button', role: 'tab', id: uid(idPrefix), 'aria-controls': panelId, 'aria-selected': 'false',
    tabindex: -1, 'data-algorithm': t.id, onclick: () => select(t.id, true),
  }, t.name));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Algorithm' }, tabs);
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const moves = {
      ArrowRight: (i + 1) % tabs.length,
      ArrowLeft: (i - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    select(tabs[moves[e.key]].dataset.algorithm, true);
  });
  return { tabs, tablist };
}

/** Marks the tab of `algorithm` selected (and the panel labelled by it), optionally focusing it. */
export function markSelectedTab(tabs, panel, algorithm, focusTab) {
  for (const tab of tabs) {
    const on = tab.dataset.algorithm === algorithm;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) {
      panel.setAttribute('aria-labelledby', tab.id);
      if (focusTab) tab.focus();
    }
  }
}

/** The elements of the code box: file name, status line, and the <pre>/<code> of the source. */
export function sourceBox() {
  const code = h('code');
  return {
    fileName: h('p', { class: 'file-name', 'data-role': 'file' }),
    code,
    pre: h('pre', { class: 'source', tabindex: 0, 'aria-label': 'Java source code' }, code),
    status: h('div', { role: 'status', 'aria-live': 'polite', class: 'status' }),
  };
}

/**
 * Loads the source of `algorithm` into `view` (which has cache, requestId, status and load(); a
 * newer call wins), marking it aria-busy meanwhile. On failure calls `onError()` and shows the
 * message with a "Try again" button; on success clears the status and calls `view.renderSource`.
 */
export async function loadSource(view, algorithm, fetchSource, onError = () => {}) {
  const request = ++view.requestId;
  view.setAttribute('aria-busy', 'true');
  let data = view.cache.get(algorithm);
  if (!data) {
    view.status.className = 'status';
    view.status.textContent = 'Loading the source…';
    try {
      data = await fetchSource(algorithm);
      view.cache.set(algorithm, data);
    } catch (e) {
      if (request !== view.requestId) return;
      view.setAttribute('aria-busy', 'false');
      onError();
      view.status.className = 'status error';
      setChildren(view.status, `${e.message} `, h('button', {
        type: 'button', class: 'btn small', onclick: () => view.load(algorithm),
      }, 'Try again'));
      return;
    }
  }
  if (request !== view.requestId) return;
  view.setAttribute('aria-busy', 'false');
  view.status.textContent = '';
  view.status.className = 'status';
  view.renderSource(data);
}

/**
 * Draws `data.source` into `code` as one `span.ln[data-n]` per line, `hl` inside the update region
 * and comments wrapped in `span.c`. `noteFor(trimmed, hl, n)` (called for non-comment lines; `n`
 * is the 1-based line number, the numbering of `data.anchors`) may return a note written after the
 * line (class `an`). Returns { start, end, annotated }.
 */
export function renderSourceLines(code, data, noteFor = () => null) {
  const lines = String(data.source || '').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const start = Number(data.updateStart) || 0;
  const end = Number(data.updateEnd) || 0;
  let inBlock = false;
  let annotated = 0;
  const spans = lines.map((text, i) => {
    const n = i + 1;
    const trimmed = text.trim();
    const comment = inBlock || trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*');
    if (trimmed.startsWith('/*') && !trimmed.includes('*/')) inBlock = true;
    else if (inBlock && trimmed.includes('*/')) inBlock = false;
    const hl = n >= start && n <= end;
    const note = comment ? null : noteFor(trimmed, hl, n);
    if (note) annotated += 1;
    return h('span', { class: `ln${hl ? ' hl' : ''}${note ? ' an' : ''}`, 'data-n': n },
      comment ? h('span', { class: 'c' }, text) : text,
      note ? h('span', { class: 'gw-anno', 'data-role': 'annotation' }, `   ◀ ${note}`) : null);
  });
  setChildren(code, spans);
  return { start, end, annotated };
}
