// Small DOM helpers shared by the widgets. Text always goes in through textContent / append,
// never through innerHTML, so server or user strings can never become markup.

let counter = 0;

/** A page-unique id with a readable prefix, for label/for and aria-* references. */
export function uid(prefix = 'w') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Creates an element. attrs: plain attributes; `class`; `text` (textContent); `dataset`;
 * functions under on<event> keys become listeners (never inline handlers). Children may be
 * nodes, strings or arrays; null/false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces all children of el. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}

const MINUS = '\u2212';

/** A number with a fixed number of decimals and a true minus sign, e.g. −0.0431. */
export function num(x, digits = 4) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const s = Math.abs(x).toFixed(digits);
  return (x < 0 && Number(s) !== 0 ? MINUS : '') + s;
}

/** Like num, but with an explicit plus sign for positive values: +0.0150. */
export function signed(x, digits = 4) {
  const s = num(x, digits);
  return x > 0 && Number(Math.abs(x).toFixed(digits)) !== 0 ? `+${s}` : s;
}

/** A whole number with thousands separators: 1,000,000. */
export function int(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** A percentage: 0.4231 → "42.3 %". */
export function pct(x, digits = 1) {
  return `${(x * 100).toFixed(digits)} %`;
}

/** A compact count for axis ticks: 1500000 → "1.5M". */
export function compact(n) {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** A random seed that is easy to read and type: 0 ≤ seed < 1,000,000. */
export function randomSeed() {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0] % 1000000;
}

/** The value of a CSS custom property on the root element (theme-aware colours). */
export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * Moves focus somewhere sensible if the focused element is about to become disabled or hidden,
 * so keyboard users never end up on <body>.
 */
export function keepFocus(from, to) {
  if (document.activeElement === from && to && !to.disabled) to.focus();
}
