// <my-runs>: the runs this browser trained (GET /api/runs with X-Learner-Id), newest first. Each
// row opens the run again (/runs/{id}); tick 2 to 8 of them and Compare draws their curves
// together (/compare?ids=…).
import { api } from './api.js';
import { sitePath } from './site-mode.js';
import { focusScrollables, h, int, num, setChildren, uid } from './dom.js';
import { lastRunId } from './store.js';
import { algorithmName, dateText, epsilonText, gapOf, shortDateText } from './run-charts.js';

const MIN_COMPARE = 2;
const MAX_COMPARE = 8;

class MyRuns extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const titleId = uid('mr-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.heading = h('h2', { class: 'widget-title', id: titleId }, 'Your training runs');
    this.status = h('p', { class: 'status', role: 'status', 'data-role': 'status' }, 'Loading your runs…');
    this.body = h('div', { class: 'my-runs-body' });
    this.append(this.heading, this.status, this.body);
    this.dataset.state = 'loading';
    this.setAttribute('aria-busy', 'true');
    this.load();
  }

  async load() {
    let runs;
    try {
      runs = await api.myRuns();
    } catch (e) {
      this.setAttribute('aria-busy', 'false');
      if (e.noServer) {
        // A copy of the site without a server keeps no runs: say so, nothing to retry.
        this.dataset.state = 'unavailable';
        this.status.textContent = e.message;
        return;
      }
      this.dataset.state = 'error';
      this.status.classList.add('error');
      this.status.textContent = `Your runs could not be loaded. ${e.message}`;
      const retry = h('button', {
        type: 'button', class: 'btn', 'data-action': 'retry',
        onclick: () => {
          this.status.classList.remove('error');
          this.status.textContent = 'Loading your runs…';
          setChildren(this.body);
          this.load();
        },
      }, 'Try again');
      setChildren(this.body, retry);
      return;
    }
    this.setAttribute('aria-busy', 'false');
    const list = Array.isArray(runs) ? runs : [];
    if (!list.length) this.renderEmpty();
    else this.renderList(list);
  }

  renderEmpty() {
    this.dataset.state = 'empty';
    this.status.textContent = '';
    setChildren(this.body, h('div', { class: 'placeholder', 'data-role': 'empty' },
      h('p', {}, 'You have not trained any agent in this browser yet.'),
      h('p', {}, 'Every run you train in ', h('a', { href: '/lessons/blackjack#train' }, 'lesson 1, Blackjack'),
        ', is saved and listed here, so you can open it again or compare it with others.')));
  }

  renderList(runs) {
    this.dataset.state = 'ready';
    this.runs = runs;
    const last = lastRunId();
    this.status.textContent = `${runs.length} saved ${runs.length === 1 ? 'run' : 'runs'}.`;
    const captionId = uid('mr-caption');
    const table = h('table', { class: 'runs-table cards with-pick', 'data-role': 'runs', 'aria-describedby': captionId },
      h('caption', { class: 'visually-hidden' }, 'Your saved training runs'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select for comparison')),
        h('th', { scope: 'col' }, 'Run'),
        h('th', { scope: 'col' }, 'Algorithm'),
        h('th', { scope: 'col' }, 'Rules'),
        h('th', { scope: 'col', class: 'num' }, 'Episodes'),
        h('th', { scope: 'col', class: 'num' }, 'Seed'),
        h('th', { scope: 'col' }, 'Exploration'),
        h('th', { scope: 'col', class: 'num' }, 'Expected return'),
        h('th', { scope: 'col', class: 'num' }, 'Gap to optimum'))));
    const body = h('tbody');
    for (const run of runs) body.append(this.row(run, run.id === last));
    table.append(body);

    this.compareButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'compare', onclick: () => this.compare(),
    }, 'Compare');
    this.selection = h('p', { class: 'hint', 'data-role': 'selection', 'aria-live': 'polite' });
    this.compareError = h('p', { class: 'field-error', 'data-role': 'compare-error', role: 'alert' });
    table.addEventListener('change', () => this.updateSelection());
    const scroll = h('div', { class: 'scroll-box' }, table);
    const optima = new Map();
    for (const run of runs) {
      const rules = (run.config || {}).rules;
      if (rules && typeof run.optimalExpectedReturn === 'number') optima.set(rules, run.optimalExpectedReturn);
    }
    setChildren(this.body,
      h('div', { class: 'toolbar compare-bar' }, this.compareButton, this.selection),
      this.compareError,
      h('p', { class: 'hint runs-note', id: captionId },
        'Newest first. “Expected return” is the exact expected return per hand of the greedy policy each run learned; the gap is how far below the optimum it is.'),
      scroll,
      h('p', { class: 'hint runs-note', 'data-role': 'optima' },
        `Exact optimum per hand: ${[...optima].map(([rules, v]) => `${num(v, 4)} under rules ${rules}`).join('; ')}.`));
    this.updateSelection();
    focusScrollables(this);
  }

  row(run, isLast) {
    const cfg = run.config || {};
    const gap = gapOf(run.expectedReturn, run.optimalExpectedReturn);
    const when = dateText(run.createdAt);
    const box = h('input', {
      type: 'checkbox', id: uid('mr-pick'), value: run.id, 'data-role': 'pick',
      'aria-label': `Select the ${algorithmName(cfg.algorithm)} run of ${when}, seed ${cfg.seed ?? '?'}, for comparison`,
    });
    const stopped = run.stopReason && run.stopReason !== 'completed';
    return h('tr', { 'data-run-id': run.id, class: isLast ? 'latest' : null },
      h('td', { class: 'pick' }, box),
      h('th', { scope: 'row' },
        h('a', { href: `/runs/${encodeURIComponent(run.id)}`, 'data-role': 'open', title: when },
          shortDateText(run.createdAt)),
        isLast ? h('span', { class: 'badge-latest' }, ' latest') : null,
        stopped ? h('span', { class: 'badge-stopped' }, run.stopReason === 'time_limit' ? ' time limit' : ' stopped') : null),
      h('td', { 'data-label': 'Algorithm' }, algorithmName(cfg.algorithm)),
      h('td', { 'data-label': 'Rules' }, cfg.rules ?? '–'),
      h('td', { class: 'num', 'data-label': 'Episodes' }, int(run.episodes ?? cfg.episodes ?? 0)),
      h('td', { class: 'num', 'data-label': 'Seed' }, String(cfg.seed ?? '–')),
      h('td', { class: 'nowrap wide', 'data-label': 'Exploration' }, `${epsilonText(cfg)} · α ${cfg.alpha ?? '?'}`),
      h('td', { class: 'num', 'data-role': 'expected-return', 'data-label': 'Expected return' }, num(run.expectedReturn, 4)),
      h('td', { class: 'num', 'data-role': 'gap', 'data-label': 'Gap' }, num(gap, 4)));
  }

  picked() {
    return [...this.querySelectorAll('input[data-role=pick]:checked')].map((b) => b.value);
  }

  updateSelection() {
    const n = this.picked().length;
    this.compareError.textContent = '';
    this.selection.textContent = n === 0
      ? `Tick ${MIN_COMPARE} to ${MAX_COMPARE} runs to compare their curves.`
      : `${n} selected${n < MIN_COMPARE ? ` — pick at least ${MIN_COMPARE}` : n > MAX_COMPARE ? ` — at most ${MAX_COMPARE}` : ''}.`;
    this.compareButton.setAttribute('aria-disabled', String(n < MIN_COMPARE || n > MAX_COMPARE));
  }

  compare() {
    const ids = this.picked();
    if (ids.length < MIN_COMPARE || ids.length > MAX_COMPARE) {
      this.compareError.textContent = ids.length < MIN_COMPARE
        ? `Tick at least ${MIN_COMPARE} runs to compare (${ids.length} ticked).`
        : `Compare at most ${MAX_COMPARE} runs at once (${ids.length} ticked).`;
      return;
    }
    window.location.assign(sitePath(`/compare?ids=${ids.map(encodeURIComponent).join(',')}`));
  }
}

customElements.define('my-runs', MyRuns);
