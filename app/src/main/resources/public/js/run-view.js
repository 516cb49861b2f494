// <run-view>: one saved training run shown again without retraining (page /runs/{id}). The run
// comes from GET /api/runs/{id}; the page shows its settings and numbers, its learning curve, and
// what it learned (the lesson's own <policy-view>, fed through the same `run-finished` event the
// training form sends), plus a link that opens the same configuration in the lesson.
import { api } from './api.js';
import { focusScrollables, h, int, num, pct, setChildren, uid } from './dom.js';
import { copyText } from './site.js';
import { publishRun } from './store.js';
import { cliCommand } from './train-agent.js';
import './policy-view.js';
import {
  algorithmName, chartBox, chartColors, chartsReady, configText, dateText, destroyCharts,
  episodesAxis, epsilonText, flatDataset, gapOf, lessonLink, lineDataset, lineOptions, valueAxis,
} from './run-charts.js';

const POLL_MS = 2000;
const POLL_LIMIT = 90;

/** The run id: the element's data-run-id, else the last segment of the page path (/runs/{id}). */
function runIdFromPage(el) {
  if (el.dataset.runId) return el.dataset.runId;
  const parts = window.location.pathname.split('/').filter(Boolean);
  try {
    return decodeURIComponent(parts.at(-1) || '');
  } catch (e) {
    return parts.at(-1) || '';
  }
}

class RunView extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.runId = runIdFromPage(this);
    this.charts = null;
    this.run = null;
    this.polls = 0;
    this.setAttribute('aria-busy', 'true');
    this.status = h('p', { class: 'status', role: 'status', 'data-role': 'status' }, 'Loading the run…');
    this.body = h('div', { class: 'run-body' });
    this.append(this.status, this.body);
    this.dataset.state = 'loading';
    this.onTheme = () => this.drawCharts();
    document.addEventListener('themechange', this.onTheme);
    this.load();
  }

  disconnectedCallback() {
    clearTimeout(this.pollTimer);
    document.removeEventListener('themechange', this.onTheme);
    this.destroyCharts();
  }

  async load() {
    if (!this.runId) {
      this.notFound();
      return;
    }
    let run;
    try {
      run = await api.run(this.runId);
    } catch (e) {
      if (e.status === 404) this.notFound();
      else this.showError(e.message);
      return;
    }
    if (run.status === 'running' && this.polls < POLL_LIMIT) {
      this.polls += 1;
      this.dataset.state = 'running';
      this.status.textContent = 'This run is still training. It appears here as soon as it finishes…';
      this.pollTimer = setTimeout(() => this.load(), POLL_MS);
      return;
    }
    this.show(run);
  }

  notFound() {
    this.dataset.state = 'not-found';
    this.setAttribute('aria-busy', 'false');
    this.status.textContent = '';
    this.status.hidden = true;
    setChildren(this.body, h('div', { class: 'placeholder run-missing', 'data-role': 'not-found' },
      h('p', { class: 'run-missing-title' }, 'This run could not be found.'),
      h('p', {}, 'There is no saved run with the id ', h('code', {}, this.runId || '(none)'),
        '. Check that the link was copied whole; runs trained on another SafeRLHub server are not here either.'),
      h('p', {}, h('a', { href: '/runs' }, 'See your saved runs'), ' · ',
        h('a', { href: '/lessons/blackjack#train' }, 'Train a new agent in lesson 1'))));
  }

  showError(message) {
    this.dataset.state = 'error';
    this.setAttribute('aria-busy', 'false');
    this.status.textContent = `The run could not be loaded. ${message}`;
    this.status.classList.add('error');
    const retry = h('button', {
      type: 'button', class: 'btn', 'data-action': 'retry',
      onclick: () => {
        this.status.classList.remove('error');
        this.status.textContent = 'Loading the run…';
        retry.remove();
        this.load();
      },
    }, 'Try again');
    setChildren(this.body, retry);
  }

  show(run) {
    this.run = run;
    const result = run.result || null;
    const cfg = run.config || (result && result.config) || {};
    this.config = cfg;
    this.result = result;
    this.setAttribute('aria-busy', 'false');
    this.status.hidden = true;
    this.status.textContent = '';

    const titleId = uid('rv-title');
    if (!this.titled) {
      this.titled = true;
      document.title = `${algorithmName(cfg.algorithm)}, seed ${cfg.seed ?? '?'} · ${document.title}`;
    }
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const header = h('div', { class: 'run-head' },
      h('h2', { id: titleId, class: 'run-title' },
        `${algorithmName(cfg.algorithm)} on rules ${cfg.rules ?? '?'}, seed ${cfg.seed ?? '?'}`),
      h('p', { class: 'run-meta' }, configText(cfg),
        run.createdAt ? ` · saved ${dateText(run.createdAt)}` : '',
        h('span', { class: 'run-id' }, ' · run ', h('code', {}, run.id || this.runId))),
      this.notice(run),
      h('div', { class: 'toolbar' },
        h('a', { class: 'btn primary', href: lessonLink(cfg), 'data-action': 'open-in-lesson' },
          'Open this configuration in the lesson'),
        this.copyButton(),
        h('a', { class: 'btn', href: '/runs' }, 'All your runs')));

    if (!result) {
      this.dataset.state = run.status === 'failed' ? 'failed' : 'empty';
      setChildren(this.body, header, h('p', { class: 'placeholder' },
        run.status === 'failed'
          ? `This run failed${run.error ? `: ${run.error}` : ''}. Open its configuration in the lesson to train it again.`
          : 'This run has no results to show (it may have been stopped before it learned anything).'));
      return;
    }

    this.chartBoxes = {
      ret: chartBox('return', 'Mean return per hand',
        `Line chart of the mean return per hand against episodes trained, over ${int(result.episodes)} episodes.`),
      rates: chartBox('rates', 'Wins, draws and losses',
        'Line chart of win, draw and loss rates in percent against episodes trained.'),
    };
    const charts = h('div', { class: 'charts' }, this.chartBoxes.ret.el, this.chartBoxes.rates.el);
    this.chartNote = h('p', { class: 'widget-note', hidden: true },
      'The chart library did not load, so the curve is not drawn; the numbers above are complete.');

    const cli = h('code', { 'data-role': 'cli' }, cliCommand(cfg));
    const policy = h('policy-view', { id: 'inspect' });
    setChildren(this.body,
      header,
      h('section', { class: 'run-section', 'aria-labelledby': `${titleId}-numbers` },
        h('h2', { id: `${titleId}-numbers` }, 'Settings and results'),
        h('div', { class: 'run-facts' }, this.settingsList(cfg, result), this.resultsList(result))),
      h('section', { class: 'run-section', 'aria-labelledby': `${titleId}-curve` },
        h('h2', { id: `${titleId}-curve` }, 'Learning curve'),
        h('p', { class: 'widget-note' },
          'Each point averages the hands played since the previous point, exploring moves included. ',
          'The flat lines are exact: the optimal policy’s expected return and that of the greedy policy this run learned.'),
        this.chartNote, charts),
      h('div', { class: 'cli' },
        h('p', { class: 'field-label' }, 'The same run from the command line'),
        h('pre', {}, cli)));
    // The lesson's policy widget shows the grids: it reads the run announced here.
    publishRun(run.id || this.runId, { ...result, config: result.config || cfg });
    this.body.append(policy);
    this.dataset.state = 'ready';
    focusScrollables(this);
    this.drawCharts();
  }

  notice(run) {
    const result = run.result;
    if (run.status === 'cancelled' || (result && result.config && result.episodes < result.config.episodes)) {
      const planned = (run.config && run.config.episodes) || (result && result.config && result.config.episodes);
      return h('p', { class: 'run-notice', 'data-role': 'notice' },
        `Stopped early: ${result ? int(result.episodes) : 'some'} of ${planned ? int(planned) : '?'} planned episodes were trained.`);
    }
    return null;
  }

  copyButton() {
    const button = h('button', {
      type: 'button', class: 'btn', 'data-action': 'copy-link',
      onclick: async () => {
        const ok = await copyText(window.location.href);
        button.textContent = ok ? 'Link copied' : 'Copy failed';
        setTimeout(() => { button.textContent = 'Copy link'; }, 2000);
      },
    }, 'Copy link');
    return button;
  }

  settingsList(cfg, result) {
    const rows = [
      ['Algorithm', algorithmName(cfg.algorithm)],
      ['Rules', cfg.rules],
      ['Episodes trained', int(result.episodes)],
      ['Learning rate α', cfg.alpha],
      ['Discount γ', cfg.gamma],
      ['Exploration', epsilonText(cfg)],
      ['Seed', cfg.seed],
    ];
    return h('dl', { class: 'run-dl', 'data-role': 'settings' },
      rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v ?? '–'))]));
  }

  resultsList(r) {
    const gap = gapOf(r.expectedReturn, r.optimalExpectedReturn);
    const rows = [
      ['Exact expected return of the learned policy', `${num(r.expectedReturn, 4)} per hand`, 'expected-return'],
      ['Optimal expected return (exact)', `${num(r.optimalExpectedReturn, 4)} per hand`, 'optimal-return'],
      ['Gap to the optimum', `${num(gap, 4)} per hand`, 'gap'],
      ['Mean return, last 10 % of training', r.meanReturn === null || r.meanReturn === undefined
        ? '–' : `${num(r.meanReturn, 4)} per hand`, 'mean-return'],
    ];
    if (typeof r.elapsedSeconds === 'number') {
      rows.push(['Training time', `${r.elapsedSeconds.toFixed(2)} s`, 'elapsed']);
    }
    return h('dl', { class: 'run-dl results', 'data-role': 'results' },
      rows.map(([k, v, role]) => [h('dt', {}, k), h('dd', { 'data-role': role }, v)]));
  }

  destroyCharts() {
    this.charts = destroyCharts(this.charts);
  }

  async drawCharts() {
    const r = this.result;
    if (!r || !this.chartBoxes) return;
    const Chart = await chartsReady(this);
    if (!Chart) return;
    const c = chartColors();
    const points = Array.isArray(r.points) ? r.points : [];
    const max = Math.max(r.episodes || 0, ...points.map((p) => p.episode), 1);
    const last = points.at(-1);
    this.chartBoxes.ret.canvas.setAttribute('aria-label',
      `Line chart of the mean return per hand against episodes trained. After ${int(r.episodes)} episodes the mean return was ${
        num(r.meanReturn, 3)}; the learned policy's exact expected return is ${num(r.expectedReturn, 4)} and the optimum ${
        num(r.optimalExpectedReturn, 4)}.`);
    if (last) {
      this.chartBoxes.rates.canvas.setAttribute('aria-label',
        `Line chart of win, draw and loss rates. At the end: ${pct(last.winRate)} wins, ${pct(last.drawRate)} draws, ${
          pct(last.lossRate)} losses.`);
    }
    const xy = (key, scale = 1) => points.map((p) => ({ x: p.episode, y: p[key] * scale }));
    this.charts = {
      ret: new Chart(this.chartBoxes.ret.canvas, {
        type: 'line',
        data: {
          datasets: [
            lineDataset('Mean return while training', xy('meanReturn'), c.blue),
            flatDataset('Optimal policy (exact)', r.optimalExpectedReturn, max, c.optimal, [6, 4]),
            flatDataset('Learned greedy policy (exact)', r.expectedReturn, max, c.orange, [2, 3]),
          ],
        },
        options: lineOptions(c, { x: episodesAxis(c, max), y: valueAxis(c, 'Mean return per hand') }),
      }),
      rates: new Chart(this.chartBoxes.rates.canvas, {
        type: 'line',
        data: {
          datasets: [
            lineDataset('Win', xy('winRate', 100), c.blue),
            lineDataset('Draw', xy('drawRate', 100), c.optimal, { borderDash: [2, 3] }),
            lineDataset('Loss', xy('lossRate', 100), c.orange, { borderDash: [7, 4] }),
          ],
        },
        options: {
          ...lineOptions(c, {
            x: episodesAxis(c, max),
            y: valueAxis(c, 'Share of hands (%)', { min: 0, max: 100 }),
          }),
        },
      }),
    };
    this.charts.rates.options.plugins.tooltip.callbacks.label = (item) =>
      `${item.dataset.label}: ${item.parsed.y.toFixed(1)} %`;
    this.charts.rates.update('none');
  }
}

customElements.define('run-view', RunView);
