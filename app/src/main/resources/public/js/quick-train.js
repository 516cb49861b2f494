// <quick-train>: the first screen of lesson 1 — one Train button and the mean-return curve, for a
// newcomer who wants to see an agent learn before reading how. It is a second view of the lesson's
// full <train-agent id="train"> further down: Train starts that widget's run (its settings, its
// link, its saved run), and this box mirrors what the widget announces (`train-update` events),
// so there is one run, one engine and one set of numbers on the page.
import { h, int, num, uid } from './dom.js';
import { chartColors, withAlpha } from './run-charts.js';

class QuickTrain extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.build();
    customElements.whenDefined('train-agent').then(() => this.attach());
  }

  disconnectedCallback() {
    if (this.full && this.onUpdate) this.full.removeEventListener('train-update', this.onUpdate);
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('qt-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.trainButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'train', onclick: () => this.train(),
    }, 'Train');
    this.skipButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'skip', hidden: true,
      onclick: () => this.full && this.full.skip(),
    }, 'Show all now');
    this.settings = h('p', { class: 'hint', 'data-role': 'settings' });
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' },
      'Press Train to start; the curve appears as it learns.');
    this.canvas = h('canvas', {
      role: 'img', 'data-chart': 'quick-return',
      'aria-label': 'Line chart of the agent’s mean return per hand against hands played; empty until you train.',
    });
    this.result = h('p', { class: 'quick-result', 'data-role': 'result', hidden: true });
    this.append(
      h('h2', { class: 'widget-title', id: titleId }, 'Try it now: train an agent'),
      h('p', {}, 'Watch a program learn Blackjack from scratch, here in your browser.'),
      h('div', { class: 'toolbar' }, this.trainButton, this.skipButton),
      this.settings, this.status,
      h('figure', { class: 'chart-box' },
        h('figcaption', {}, 'Mean return per hand (money won or lost per hand, on average)'),
        h('div', { class: 'chart-canvas' }, this.canvas)),
      this.result,
      h('p', { class: 'hint' }, 'It plays 100,000 hands and starts knowing nothing, so it plays badly at ',
        'first; the curve is its average result per hand as it learns. The lesson below explains what ',
        'it is doing, and lets you change every setting.'));
  }

  /** Finds the lesson's full training widget and listens to it. */
  attach() {
    this.full = document.getElementById('train');
    if (!this.full || this.full.tagName !== 'TRAIN-AGENT') {
      this.status.textContent = 'The training widget is missing from this page.';
      this.trainButton.disabled = true;
      return;
    }
    this.onUpdate = (e) => this.update(e.detail);
    this.full.addEventListener('train-update', this.onUpdate);
    this.onTheme = () => this.restyle();
    document.addEventListener('themechange', this.onTheme);
    this.update(this.full.snapshot());
  }

  train() {
    if (!this.full || this.trainButton.getAttribute('aria-disabled') === 'true') return;
    this.full.train();
  }

  /** Mirrors the full widget: its state, status, settings and the curve it shows. */
  update(d) {
    if (!d) return;
    this.dataset.state = d.state;
    this.dataset.points = String(d.series.length);
    const busy = d.state === 'starting' || d.state === 'running';
    // aria-disabled, not disabled: the button keeps keyboard focus while the run goes on
    this.trainButton.setAttribute('aria-disabled', String(busy));
    this.trainButton.textContent = busy ? 'Training…' : (d.state === 'idle' ? 'Train' : 'Train again');
    this.skipButton.hidden = !(busy && d.pacing);
    this.status.textContent = d.state === 'idle' ? 'Press Train to start; the curve appears as it learns.' : d.status;
    this.status.classList.toggle('error', d.state === 'error');
    this.settings.replaceChildren(d.settings, ' · ',
      h('a', { href: '#train' }, 'change the settings'), ' below.');
    this.last = d;
    this.draw();
    if (d.state === 'done' && d.greedy !== null) {
      this.result.replaceChildren(
        'The policy it learned is worth ', h('strong', {}, num(d.greedy, 4)),
        ' per hand; perfect play is worth ', h('strong', {}, num(d.optimal, 4)), '. ',
        h('a', { href: '#inspect' }, 'See what it learned'), ', or ',
        h('a', { href: '#blackjack-in-two-minutes' }, 'read how Blackjack works'), '.');
      this.result.hidden = false;
    } else if (busy) {
      this.result.hidden = true;
    }
  }

  /** Draws the mirrored curve (Chart.js, if it loaded) on the full widget's fixed axes. */
  draw() {
    const d = this.last;
    if (!d || !window.Chart) return;
    const c = chartColors();
    if (!this.chart) {
      this.chart = new window.Chart(this.canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
          plugins: { legend: { labels: { color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 28 } } },
          scales: {
            x: {
              type: 'linear', min: 0, title: { display: true, text: 'Hands played', color: c.text },
              ticks: { color: c.text, maxTicksLimit: 6, callback: (v) => int(v) }, grid: { color: c.grid },
            },
            y: {
              title: { display: true, text: 'Mean return per hand', color: c.text },
              ticks: { color: c.text }, grid: { color: c.grid },
            },
          },
        },
      });
    }
    const line = (label, data, color, extra = {}) => ({
      label, data, borderColor: color, backgroundColor: color, borderWidth: 2.5, pointRadius: 0, ...extra,
    });
    const sets = [line('Your agent while learning', d.series, c.blue)];
    if (d.optimal !== null) {
      sets.push(line('Perfect play (exact)', [{ x: 0, y: d.optimal }, { x: d.episodes, y: d.optimal }],
        c.optimal, { borderWidth: 1.5, borderDash: [6, 4] }));
    }
    if (d.faint.length) sets.unshift(line('Each stretch of hands', d.faint, withAlpha(c.blue, 0.3), { borderWidth: 1 }));
    this.chart.data.datasets = sets;
    Object.assign(this.chart.options.scales.y, d.axis);
    this.chart.options.scales.x.max = d.episodes;
    this.chart.update('none');
  }

  restyle() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
    this.draw();
  }
}

customElements.define('quick-train', QuickTrain);
