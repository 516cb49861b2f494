// Shared by the saved-run widgets (<run-view>, <compare-runs>, <seed-experiment>): theme-aware
// colours, Chart.js axes and options, and the words for a run's configuration. Chart.js is a
// global from /webjars/chart.js (loaded by the page template); every widget still works, as
// text and tables, if it is missing.
import { ALGORITHMS } from './blackjack.js';
import { compact, h, int, num } from './dom.js';
import { currentTheme } from './site.js';

/**
 * Okabe–Ito, the colour-blind-safe palette, in an order that keeps neighbours apart. Light theme:
 * the paler hues are darkened to stay at least 3:1 against the white panel; dark theme: as published,
 * with dark blue and black swapped for hues that read on the dark panel.
 */
const SERIES = {
  light: ['#0072b2', '#d55e00', '#007a5a', '#a2467c', '#8a6100', '#2e7fb0', '#1c1d1f', '#6b6f75'],
  dark: ['#56b4e9', '#e69f00', '#3cc29a', '#e29fcb', '#f0e442', '#ff8c4a', '#e7e5e1', '#9aa0a6'],
};

/** Dash patterns, so no series is told apart by colour alone. */
export const DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [14, 6], [1, 4], [8, 3, 2, 3, 2, 3]];

/** Point shapes for scatter charts, for the same reason. */
export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded', 'cross'];

/** Resolves with window.Chart, waiting for the page's deferred scripts if needed; null if absent. */
export function whenChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  return new Promise((resolve) => {
    const done = () => resolve(window.Chart || null);
    if (document.readyState === 'complete') done();
    else window.addEventListener('load', done, { once: true });
  });
}

/** The colours of the current theme. */
export function chartColors() {
  const theme = currentTheme();
  const styles = getComputedStyle(document.documentElement);
  const series = SERIES[theme];
  return {
    series,
    blue: series[0],
    orange: series[1],
    green: series[2],
    optimal: theme === 'dark' ? '#b4b8bd' : '#5f6368',
    text: styles.getPropertyValue('--muted').trim() || '#555',
    grid: styles.getPropertyValue('--border').trim() || '#ddd',
    panel: styles.getPropertyValue('--panel').trim() || '#fff',
  };
}

/** A colour with an alpha: '#0072b2', 0.2 → 'rgba(0, 114, 178, 0.2)'. */
export function withAlpha(hex, alpha) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  const n = m ? parseInt(m[1], 16) : 0x888888;
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A captioned chart figure around a canvas (data-chart=key, described for screen readers). */
export function chartBox(key, title, description) {
  const canvas = h('canvas', { role: 'img', 'aria-label': description, 'data-chart': key });
  return {
    canvas,
    el: h('figure', { class: 'chart-box' }, h('figcaption', {}, title), h('div', { class: 'chart-canvas' }, canvas)),
  };
}

/**
 * Waits for Chart.js on behalf of a saved-run widget (with `chartNote` and `destroyCharts()`):
 * resolves with the Chart class once the widget's old charts are destroyed, or null when the widget
 * has left the page meanwhile or Chart.js is missing (then its chartNote is shown).
 */
export async function chartsReady(widget) {
  const Chart = await whenChart();
  if (!widget.isConnected) return null;
  if (!Chart) {
    widget.chartNote.hidden = false;
    return null;
  }
  widget.destroyCharts();
  return Chart;
}

/** Destroys every chart of a { name: Chart } map (or nothing); returns null for the field. */
export function destroyCharts(charts) {
  if (charts) for (const chart of Object.values(charts)) chart.destroy();
  return null;
}

/** The "Episodes trained" axis. */
export function episodesAxis(c, max) {
  return {
    type: 'linear', min: 0, max,
    title: { display: true, text: 'Episodes trained', color: c.text },
    ticks: { color: c.text, maxTicksLimit: 6, callback: (v) => compact(v) },
    grid: { color: c.grid },
  };
}

/** A value axis with a title. */
export function valueAxis(c, text, extra = {}) {
  return {
    title: { display: true, text, color: c.text },
    ticks: { color: c.text },
    grid: { color: c.grid },
    ...extra,
  };
}

/** Options shared by the line charts: no animation, x/y points, readable tooltips. */
export function lineOptions(c, scales, { title = (x) => `${int(x)} episodes`, digits = 4, legend = {} } = {}) {
  const labels = {
    color: c.text, usePointStyle: true, pointStyle: 'line', boxWidth: 28,
    ...(legend.filter ? { filter: legend.filter } : {}),
  };
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: {
      legend: { labels },
      tooltip: {
        callbacks: {
          title: (items) => (items.length ? title(items[0].parsed.x) : ''),
          label: (item) => `${item.dataset.label}: ${num(item.parsed.y, digits)}`,
        },
      },
    },
    scales,
  };
}

/** A plain line series. */
export function lineDataset(label, data, color, extra = {}) {
  return {
    label, data, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0,
    pointHoverRadius: 3, tension: 0, ...extra,
  };
}

/** A flat reference line from x = 0 to x = max. */
export function flatDataset(label, y, max, color, dash = [6, 4]) {
  return {
    label, reference: true, data: [{ x: 0, y }, { x: max, y }], borderColor: color,
    backgroundColor: color, borderWidth: 1.5, borderDash: dash, pointRadius: 0, pointHoverRadius: 0,
  };
}

/** "Q-learning" for "q-learning". */
export function algorithmName(id) {
  const a = ALGORITHMS.find((x) => x.id === id);
  return a ? a.name : String(id ?? '?');
}

/** "constant ε 0.1" or "ε 0.5 → 0.01 (linear)". */
export function epsilonText(cfg) {
  if (!cfg) return '?';
  if (!cfg.epsilonSchedule || cfg.epsilonSchedule === 'constant') return `ε ${cfg.epsilon}`;
  return `ε ${cfg.epsilon} → ${cfg.epsilonFinal} (${cfg.epsilonSchedule})`;
}

/** One line for a configuration: "Q-learning · rules sab · 100,000 episodes · α 0.01 · γ 1 · ε 0.1 · seed 7". */
export function configText(cfg) {
  if (!cfg) return '';
  return [
    algorithmName(cfg.algorithm), `rules ${cfg.rules}`, `${int(cfg.episodes)} episodes`,
    `α ${cfg.alpha}`, `γ ${cfg.gamma}`, epsilonText(cfg), `seed ${cfg.seed}`,
  ].join(' · ');
}

/** The lesson page with this configuration filled into the training form. */
export function lessonLink(cfg) {
  const url = new URL('/lessons/blackjack', window.location.href);
  for (const key of ['rules', 'algorithm', 'episodes', 'alpha', 'gamma', 'epsilon', 'epsilonSchedule',
    'epsilonFinal', 'seed']) {
    if (cfg && cfg[key] !== undefined && cfg[key] !== null) url.searchParams.set(key, String(cfg[key]));
  }
  url.hash = 'train';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A date and time in the reader's locale: "20 Nov 2026, 23:09". */
export function dateText(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** A compact date for tables: "Nov 20, 11:13 PM", with the year when it is not this year's. */
export function shortDateText(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const thisYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, {
    year: thisYear ? undefined : 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** The gap to the optimum, never negative (a learned policy can at best tie it). */
export function gapOf(expected, optimal) {
  if (typeof expected !== 'number' || typeof optimal !== 'number') return null;
  return Math.max(0, optimal - expected);
}

/** Re-exported so widgets format numbers the same way as the lesson. */
export { num };
