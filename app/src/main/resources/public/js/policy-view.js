// <policy-view>: what did the agent learn? The learned greedy policy beside the exact optimal
// one (differences outlined and marked), a heatmap of Q-values or visit counts, and the exact
// expected return of the learned policy against the optimum. Everything comes from the result of
// the last finished run (`run-finished`); before any run it shows the optimal policy alone.
import { DEALER_CARDS, OPTIMAL_POLICY, ROWS, SECTIONS } from './blackjack.js';
import { cssVar, focusScrollables, h, int, num, setChildren, signed, uid } from './dom.js';
import { getLastRun, RUN_FINISHED, RUN_STARTED } from './store.js';

/** A difference whose exact Q-value margin is below this counts as a near-tie (≈). */
const NEAR_TIE = 0.02;

// Short names fit the menu on a 375 px phone; the hint under it says what the choice shows.
const QUANTITIES = [
  { id: 'diff', symbol: 'Q(hit) − Q(stick)', name: 'Hit vs stick · Q(hit) − Q(stick)', hint: 'Which action looks better in each situation, and by how much.' },
  { id: 'stick', symbol: 'Q(stick)', name: 'Sticking · Q(stick)', hint: 'The return the agent expects if it sticks, then plays on as it learned.' },
  { id: 'hit', symbol: 'Q(hit)', name: 'Hitting · Q(hit)', hint: 'The return the agent expects if it hits, then plays on as it learned.' },
  { id: 'visits', symbol: 'Visits', name: 'Visits', hint: 'How often training met each situation.' },
];

class PolicyView extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'inspect';
    this.result = null;
    this.build();
    const last = getLastRun();
    if (last) this.show(last.result);
    else this.renderEmpty();
    this.onFinished = (e) => this.show(e.detail.result);
    this.onStarted = () => {
      if (this.result) this.stale.hidden = false;
    };
    this.onTheme = () => this.renderHeatmap();
    document.addEventListener(RUN_FINISHED, this.onFinished);
    document.addEventListener(RUN_STARTED, this.onStarted);
    document.addEventListener('themechange', this.onTheme);
  }

  disconnectedCallback() {
    document.removeEventListener(RUN_FINISHED, this.onFinished);
    document.removeEventListener(RUN_STARTED, this.onStarted);
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('pv-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.summary = h('div', { class: 'pv-summary', 'aria-live': 'polite', 'data-role': 'summary' });
    this.stale = h('p', { class: 'widget-note', hidden: true },
      'A new run is training; these grids still show the previous agent.');
    this.policyGrids = h('div', { class: 'grids', 'data-role': 'policy-grids' });
    const quantityId = uid('pv-quantity');
    const sourceId = uid('pv-source');
    this.quantityHint = h('span', { class: 'hint', id: `${quantityId}-hint`, 'data-role': 'quantity-hint' },
      QUANTITIES[0].hint);
    this.quantitySelect = h('select', { id: quantityId, 'data-role': 'quantity', 'aria-describedby': this.quantityHint.id },
      QUANTITIES.map((q) => h('option', { value: q.id, text: q.name })));
    this.sourceSelect = h('select', { id: sourceId, 'data-role': 'source', 'aria-describedby': `${sourceId}-hint` },
      h('option', { value: 'learned', text: 'your agent' }),
      h('option', { value: 'optimal', text: 'exact values' }));
    this.quantitySelect.addEventListener('change', () => {
      this.quantityHint.textContent = QUANTITIES.find((q) => q.id === this.quantitySelect.value).hint;
      this.renderHeatmap();
    });
    this.sourceSelect.addEventListener('change', () => this.renderHeatmap());
    this.heatLegend = h('p', { class: 'legend' });
    this.heatGrids = h('div', { class: 'grids', 'data-role': 'heatmap' });
    this.cellInfo = h('p', { class: 'cell-info', 'aria-live': 'polite', 'data-role': 'cell-info' },
      'Hover over or focus a cell (arrow keys move between cells) to read its exact numbers.');
    this.heatSection = h('div', { hidden: true },
      h('h4', { class: 'widget-title' }, 'Inside the table: Q-values'),
      h('div', { class: 'pv-controls' },
        h('div', { class: 'field' }, h('label', { for: quantityId }, 'Show'), this.quantitySelect, this.quantityHint),
        h('div', { class: 'field' }, h('label', { for: sourceId }, 'Values of'), this.sourceSelect,
          h('span', { class: 'hint', id: `${sourceId}-hint` }, 'What your agent estimated, or the exact values computed by dynamic programming.'))),
      this.heatLegend, this.heatGrids);

    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'What did it learn?'),
      this.summary, this.stale,
      h('ul', { class: 'legend', 'aria-label': 'Legend' },
        h('li', {}, h('span', { class: 'swatch S', 'aria-hidden': 'true' }, 'S'), 'stick'),
        h('li', {}, h('span', { class: 'swatch H', 'aria-hidden': 'true' }, 'H'), 'hit'),
        h('li', {}, h('span', { class: 'swatch diff', 'aria-hidden': 'true' }, '✕'),
          'differs from the optimal action'),
        h('li', {}, h('span', { class: 'swatch diff', 'aria-hidden': 'true' }, '≈'),
          `differs, but the two actions are worth within ${NEAR_TIE} of each other`)),
      h('p', { class: 'widget-note' },
        'Rows: your total. Columns: the dealer’s face-up card (A = ace).'),
      this.policyGrids, this.heatSection, this.cellInfo,
    );
  }

  renderEmpty() {
    this.dataset.state = 'empty';
    setChildren(this.summary, h('p', { class: 'placeholder' },
      'Train an agent above: its policy will appear here beside the optimal one. For now, here is the exact optimal policy.'));
    setChildren(this.policyGrids, SECTIONS.map((s) =>
      this.policyTable(s, OPTIMAL_POLICY[s.key], null, null, 'optimal')));
    this.wireCells(this.policyGrids);
    focusScrollables(this);
  }

  show(result) {
    if (!result || !result.policy) return;
    this.result = result;
    this.stale.hidden = true;
    this.dataset.state = 'ready';
    const diffs = this.countDiffs(result);
    const gap = result.optimalExpectedReturn - result.expectedReturn;
    const cfg = result.config || {};
    setChildren(this.summary,
      h('p', {}, `Agent: ${cfg.algorithm || 'trained'} on rules ${cfg.rules || '?'}, ${int(result.episodes)} episodes, seed ${cfg.seed ?? '?'}.`),
      h('dl', {},
        h('dt', {}, 'Exact expected return of your agent'),
        h('dd', { 'data-role': 'expected-return' }, `${num(result.expectedReturn, 4)} per hand`),
        h('dt', {}, 'Optimal expected return'),
        h('dd', {}, `${num(result.optimalExpectedReturn, 4)} per hand`),
        h('dt', {}, 'Gap (regret)'),
        h('dd', { 'data-role': 'gap' }, `${num(Math.max(0, gap), 4)} per hand`),
        h('dt', {}, 'Cells that differ from optimal'),
        h('dd', { 'data-role': 'diff-count' },
          `${diffs.total} of 280${diffs.total ? ` (${diffs.near} of them near-ties)` : ''}`)));
    const grids = [];
    for (const s of SECTIONS) {
      grids.push(this.policyTable(s, result.policy[s.key], result.optimalPolicy[s.key], result.optimalQ, 'learned'));
      grids.push(this.policyTable(s, result.optimalPolicy[s.key], null, null, 'optimal'));
    }
    setChildren(this.policyGrids, grids);
    this.wireCells(this.policyGrids);
    const hasVisits = !!result.visits;
    this.quantitySelect.querySelector('option[value="visits"]').disabled = !hasVisits;
    this.sourceSelect.querySelector('option[value="optimal"]').disabled = !result.optimalQ;
    this.heatSection.hidden = !result.q;
    this.renderHeatmap();
  }

  /** The optimal margin Q(hit) − Q(stick) of a cell, or null. */
  optimalMargin(optimalQ, section, total, col) {
    const row = optimalQ && optimalQ[section] && optimalQ[section][total];
    return row ? row.hit[col] - row.stick[col] : null;
  }

  countDiffs(result) {
    let total = 0;
    let near = 0;
    for (const s of SECTIONS) {
      for (const t of ROWS[s.key]) {
        const learned = (result.policy[s.key] || {})[t] || '';
        const best = (result.optimalPolicy[s.key] || {})[t] || '';
        for (let c = 0; c < 10; c += 1) {
          if (learned[c] && best[c] && learned[c] !== best[c]) {
            total += 1;
            const m = this.optimalMargin(result.optimalQ, s.key, t, c);
            if (m !== null && Math.abs(m) < NEAR_TIE) near += 1;
          }
        }
      }
    }
    return { total, near };
  }

  /** One policy grid; when `compare` is given, cells that differ from it are marked. */
  policyTable(section, policy, compare, optimalQ, kind) {
    const who = kind === 'optimal' ? 'Optimal policy' : 'Your agent’s policy';
    const table = h('table', {
      class: 'grid policy', role: 'grid', 'data-grid': `${kind}-${section.key}`,
      'data-section': section.key,
    }, h('caption', {}, `${who}: ${section.title.toLowerCase()}`));
    table.append(this.headerRow());
    const body = h('tbody');
    for (const t of ROWS[section.key]) {
      const row = h('tr', {}, h('th', { scope: 'row' }, String(t)));
      const actions = (policy && policy[t]) || '';
      for (let c = 0; c < 10; c += 1) {
        const a = actions[c] || '?';
        const differs = compare && compare[t] && compare[t][c] && compare[t][c] !== a;
        const cell = h('td', {
          class: `${a}${differs ? ' diff' : ''}`, role: 'gridcell', tabindex: -1,
          dataset: { total: t, dealer: c, section: section.key, kind },
        }, a);
        if (differs) {
          const m = this.optimalMargin(optimalQ, section.key, t, c);
          const nearTie = m !== null && Math.abs(m) < NEAR_TIE;
          cell.dataset.mark = nearTie ? '≈' : '✕';
          cell.append(h('span', { class: 'visually-hidden' },
            `, differs from optimal ${compare[t][c]}${nearTie ? ', a near-tie' : ''}`));
        }
        row.append(cell);
      }
      body.append(row);
    }
    table.append(body);
    const first = table.querySelector('td');
    if (first) first.tabIndex = 0;
    return h('div', { class: 'grid-block' }, h('div', { class: 'scroll-box' }, table));
  }

  headerRow() {
    return h('thead', {},
      h('tr', {},
        h('th', { scope: 'col', class: 'corner' }, h('span', { class: 'visually-hidden' }, 'Your total')),
        DEALER_CARDS.map((d) => h('th', { scope: 'col' }, d))));
  }

  renderHeatmap() {
    const r = this.result;
    if (!r || !r.q) return;
    const quantity = this.quantitySelect.value;
    const source = this.sourceSelect.value === 'optimal' && r.optimalQ ? r.optimalQ : r.q;
    const values = {};
    let maxAbs = 0;
    let maxVisits = 1;
    for (const s of SECTIONS) {
      values[s.key] = {};
      for (const t of ROWS[s.key]) {
        const row = [];
        for (let c = 0; c < 10; c += 1) {
          let v = null;
          if (quantity === 'visits') {
            v = r.visits && r.visits[s.key] && r.visits[s.key][t] ? r.visits[s.key][t][c] : null;
            if (v !== null) maxVisits = Math.max(maxVisits, v);
          } else {
            const q = source[s.key] && source[s.key][t];
            if (q) v = quantity === 'diff' ? q.hit[c] - q.stick[c] : q[quantity][c];
            if (v !== null) maxAbs = Math.max(maxAbs, Math.abs(v));
          }
          row.push(v);
        }
        values[s.key][t] = row;
      }
    }
    const scale = quantity === 'diff' ? Math.max(maxAbs, 0.05) : Math.max(maxAbs, 1);
    const colour = quantity === 'visits'
      ? (v) => sequential(Math.log1p(v) / Math.log1p(maxVisits))
      : (v) => diverging(v / scale);
    setChildren(this.heatLegend,
      quantity === 'visits'
        ? ['Fewer visits ', h('span', { class: 'heat-scale visits', 'aria-hidden': 'true' }), ` more visits (up to ${int(maxVisits)}, log scale)`]
        : [`${num(-scale, 2)} (blue) `, h('span', { class: 'heat-scale', 'aria-hidden': 'true' }),
          ` ${signed(scale, 2)} (orange)`,
          quantity === 'diff' ? '. Orange: hitting looks better; blue: sticking does.' : '. Numbers are expected return per hand.']);
    const tables = SECTIONS.map((s) => {
      const table = h('table', {
        class: 'grid heat', role: 'grid', 'data-grid': `heat-${s.key}`, 'data-section': s.key,
      }, h('caption', {}, `${QUANTITIES.find((q) => q.id === quantity).symbol}: ${s.title.toLowerCase()}`));
      table.append(this.headerRow());
      const body = h('tbody');
      for (const t of ROWS[s.key]) {
        const row = h('tr', {}, h('th', { scope: 'row' }, String(t)));
        values[s.key][t].forEach((v, c) => {
          const bg = v === null ? 'transparent' : colour(v);
          const text = v === null ? '–' : quantity === 'visits' ? compactCount(v) : num(v, 2);
          const cell = h('td', {
            role: 'gridcell', tabindex: -1, dataset: { total: t, dealer: c, section: s.key, kind: 'heat' },
          }, text);
          cell.style.background = bg;
          cell.style.color = readableOn(bg);
          row.append(cell);
        });
        body.append(row);
      }
      table.append(body);
      table.querySelector('td').tabIndex = 0;
      return h('div', { class: 'grid-block' }, h('div', { class: 'scroll-box' }, table));
    });
    setChildren(this.heatGrids, tables);
    this.wireCells(this.heatGrids);
    focusScrollables(this);
  }

  /** Arrow-key navigation (one tab stop per grid) and the details line for the active cell. */
  wireCells(container) {
    const describe = (cell) => {
      if (cell && cell.dataset.total) this.cellInfo.textContent = this.describeCell(cell);
    };
    container.addEventListener('focusin', (e) => describe(e.target.closest('td[data-total]')));
    container.addEventListener('mouseover', (e) => describe(e.target.closest('td[data-total]')));
    container.addEventListener('keydown', (e) => {
      const cell = e.target.closest('td[data-total]');
      if (!cell) return;
      const table = cell.closest('table');
      const rows = [...table.tBodies[0].rows];
      let r = rows.indexOf(cell.parentElement);
      let c = [...cell.parentElement.cells].indexOf(cell);
      const moves = {
        ArrowUp: () => { r = Math.max(0, r - 1); },
        ArrowDown: () => { r = Math.min(rows.length - 1, r + 1); },
        ArrowLeft: () => { c = Math.max(1, c - 1); },
        ArrowRight: () => { c = Math.min(10, c + 1); },
        Home: () => { c = 1; },
        End: () => { c = 10; },
      };
      if (!moves[e.key]) return;
      e.preventDefault();
      moves[e.key]();
      const next = rows[r].cells[c];
      if (next && next !== cell) {
        cell.tabIndex = -1;
        next.tabIndex = 0;
        next.focus({ preventScroll: true });
        next.scrollIntoView({ block: 'nearest' });
      }
    });
  }

  describeCell(cell) {
    const t = Number(cell.dataset.total);
    const c = Number(cell.dataset.dealer);
    const section = cell.dataset.section;
    const where = `${section === 'usable' ? 'Usable ace' : 'No usable ace'}, your total ${t}, dealer shows ${DEALER_CARDS[c]}`;
    const r = this.result;
    const parts = [where];
    const best = (r ? r.optimalPolicy : OPTIMAL_POLICY)[section][t][c];
    if (!r) {
      parts.push(`optimal action: ${best === 'H' ? 'hit' : 'stick'}`);
      return `${parts.join(': ')}.`;
    }
    const learned = r.policy[section][t][c];
    const q = r.q && r.q[section] && r.q[section][t];
    const oq = r.optimalQ && r.optimalQ[section] && r.optimalQ[section][t];
    const visits = r.visits && r.visits[section] && r.visits[section][t] ? r.visits[section][t][c] : null;
    const text = [`${where}.`,
      `Your agent: ${learned === 'H' ? 'hit' : 'stick'}${q ? ` (Q(stick) = ${num(q.stick[c])}, Q(hit) = ${num(q.hit[c])})` : ''}.`,
      `Optimal: ${best === 'H' ? 'hit' : 'stick'}${oq ? ` (exact Q(stick) = ${num(oq.stick[c])}, Q(hit) = ${num(oq.hit[c])}, margin ${num(Math.abs(oq.hit[c] - oq.stick[c]))})` : ''}.`];
    if (visits !== null) text.push(`Visited ${int(visits)} times in training.`);
    return text.join(' ');
  }
}

function compactCount(v) {
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(v);
}

function parseHex(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m ? parseInt(m[1], 16) : 0x888888;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  const x = parseHex(a);
  const y = parseHex(b);
  const c = x.map((v, i) => Math.round(v + (y[i] - v) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Blue – neutral – orange for t in [−1, 1] (colour-blind safe; numbers are shown too). */
function diverging(t) {
  const x = Math.max(-1, Math.min(1, t));
  return x < 0 ? mix(cssVar('--heat-mid'), cssVar('--heat-neg'), -x) : mix(cssVar('--heat-mid'), cssVar('--heat-pos'), x);
}

function sequential(t) {
  return mix(cssVar('--heat-mid'), cssVar('--heat-neg'), Math.max(0, Math.min(1, t)));
}

/** Dark or light text, whichever contrasts more with an rgb() background. */
function readableOn(bg) {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(bg);
  if (!m) return 'inherit';
  const lin = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(+m[1]) + 0.7152 * lin(+m[2]) + 0.0722 * lin(+m[3]);
  // Pure black or white: whichever wins, the contrast is at least 4.58:1 (WCAG AA).
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

customElements.define('policy-view', PolicyView);
