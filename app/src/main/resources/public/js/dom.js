// Small DOM helpers shared by the widgets. Text always goes in through textContent / append,
// never through innerHTML, so server or user strings can never become markup.
import { sitePath } from './site-mode.js';

let counter = 0;

/** A page-unique id with a readable prefix, for label/for and aria-* references. */
export function uid(prefix = 'w') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Creates an element. attrs: plain attributes; `class`; `text` (textContent); `dataset`;
 * functions under on<event> keys become listeners (never inline handlers). Children may be
 * nodes, strings or arrays; null/false children are skipped. A site-absolute `href`
 * ('/lessons/blackjack') is written as the page's copy of the site needs it (site-mode.js).
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
    } else if (key === 'href') {
      el.setAttribute(key, sitePath(String(value)));
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
 * Call before disabling controls inside `root`; call the returned function afterwards. If focus
 * was inside `root` and got lost (its button was disabled), it goes back to that element when
 * it is usable again, otherwise to the first usable fallback. Keyboard users never end up on
 * <body>.
 */
export function holdFocus(root) {
  const before = document.activeElement;
  return (...fallbacks) => {
    if (!before || !root.contains(before)) return;
    const now = document.activeElement;
    if (now && now !== document.body && root.contains(now) && !now.disabled) return;
    const target = [before, ...fallbacks].find((el) => el && !el.disabled && !el.hidden);
    if (target) target.focus();
  };
}

/** Lets keyboard users scroll a box whose content overflows (WCAG 2.1.1). */
export function focusableIfScrolls(el, label) {
  const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  if (scrolls && el.tabIndex < 0) {
    el.tabIndex = 0;
    if (label && !el.hasAttribute('aria-label') && !['PRE', 'TABLE'].includes(el.tagName)) {
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', label);
    }
  }
}

/** Applies focusableIfScrolls to every scrolling box under root (equations, code, tables). */
export function focusScrollables(root = document) {
  for (const el of root.querySelectorAll('.katex-display')) focusableIfScrolls(el, 'Equation, scrolls sideways');
  for (const el of root.querySelectorAll('.scroll-box')) focusableIfScrolls(el, 'Table, scrolls sideways');
  for (const el of root.querySelectorAll('pre, .lesson-body > table, .prose table')) focusableIfScrolls(el);
}
