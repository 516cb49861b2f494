// Every page: the theme toggle, the compact menu on narrow screens, the glossary-term popovers
// (hover, keyboard focus and tap), a note in place of any widget that failed to load, and the
// learner's anonymous id and progress (docs/api.md, "Site and community API").
import { focusableIfScrolls, focusScrollables } from './dom.js';
import { request } from './api.js';

const STORAGE_KEY = 'saferlhub-theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/** 'light' or 'dark': the stored choice, or the system preference. */
export function currentTheme() {
  const explicit = document.documentElement.getAttribute('data-theme');
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return darkQuery.matches ? 'dark' : 'light';
}

function announceTheme() {
  document.dispatchEvent(new CustomEvent('themechange', { detail: { theme: currentTheme() } }));
}

function setupThemeToggle() {
  const button = document.querySelector('.theme-toggle');
  if (!button) return;
  const sync = () => {
    button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
  };
  button.hidden = false;
  sync();
  button.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch (e) {
      // Not persisted; the toggle still works for this page.
    }
    sync();
    announceTheme();
  });
  darkQuery.addEventListener('change', () => {
    sync();
    announceTheme();
  });
}

/** Keeps a definition inside the viewport (narrow phones) by shifting it sideways. */
function placeDefinition(wrap) {
  const def = wrap.querySelector('.term-def');
  if (!def) return;
  def.style.setProperty('--term-shift', '0px');
  const rect = def.getBoundingClientRect();
  if (rect.width === 0) return;
  const margin = 8;
  let shift = 0;
  if (rect.right > window.innerWidth - margin) shift = window.innerWidth - margin - rect.right;
  if (rect.left + shift < margin) shift = margin - rect.left;
  def.style.setProperty('--term-shift', `${Math.round(shift)}px`);
}

function closeAll(except) {
  for (const open of document.querySelectorAll('.term-wrap.open')) {
    if (open !== except) open.classList.remove('open');
  }
}

function setupTerms() {
  // Tap or click toggles a definition; hover and focus show it through CSS.
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target && target.closest('button.term');
    const wrap = button && button.closest('.term-wrap');
    if (wrap) {
      closeAll(wrap);
      wrap.classList.remove('closed');
      wrap.classList.toggle('open');
      placeDefinition(wrap);
    } else if (!(target && target.closest('.term-def'))) {
      closeAll(null);
    }
  });
  const show = (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const wrap = target && target.closest('.term-wrap');
    if (wrap) {
      wrap.classList.remove('closed');
      requestAnimationFrame(() => placeDefinition(wrap));
    }
  };
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  // Escape dismisses any visible definition without moving focus (WCAG 1.4.13).
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const wrap of document.querySelectorAll('.term-wrap')) {
      if (wrap.classList.contains('open') || wrap.matches(':hover, :focus-within')) {
        wrap.classList.remove('open');
        wrap.classList.add('closed');
      }
    }
  });
}

/** Adds a "Copy" button to code examples; wide code and tables become keyboard-scrollable. */
function setupCodeAndTables() {
  for (const pre of document.querySelectorAll('.lesson-body > pre, .prose > pre, .page-body > pre')) {
    const code = pre.querySelector('code');
    if (!code || pre.dataset.copy) continue;
    pre.dataset.copy = '1';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn small copy-code';
    button.textContent = 'Copy';
    button.addEventListener('click', async () => {
      const ok = await copyText(code.textContent.trim());
      button.textContent = ok ? 'Copied' : 'Select and copy';
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 2000);
    });
    const block = document.createElement('div');
    block.className = 'code-block';
    pre.before(block);
    block.append(pre, button);
  }
  focusScrollables(document);
  focusPageScrollables();
}

/** Tables and code on the site's other pages scroll sideways on phones; keyboards can scroll them. */
function focusPageScrollables() {
  for (const el of document.querySelectorAll('.page-body > table, .page-body pre')) focusableIfScrolls(el);
}

/** Copies text to the clipboard; resolves to false if the browser refuses. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (err) {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/**
 * Below the width where the navigation fits on one line, a Menu button shows and hides it
 * (disclosure pattern). Without this script the navigation simply stays open.
 */
function setupMenu() {
  const button = document.querySelector('.menu-toggle');
  const nav = document.getElementById('site-nav');
  const header = button && button.closest('.site-header');
  if (!button || !nav || !header) return;
  const set = (open) => {
    button.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  };
  header.classList.add('has-menu');
  button.hidden = false;
  set(false);
  button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      set(false);
      button.focus();
    }
  });
}

const MISSING_NOTE =
  'This interactive part could not be loaded. The rest of the page works; reloading may help.';

/**
 * A widget whose module is missing or failed stays an unknown element, which would leave a silent
 * gap in the page. Once everything has loaded, such elements get a short note instead; if the
 * element is defined later after all, the note goes away.
 */
function flagMissingWidgets() {
  const check = () => {
    for (const el of document.querySelectorAll('main :not(:defined)')) {
      if (el.dataset.missing) continue;
      el.dataset.missing = 'true';
      const note = document.createElement('p');
      note.className = 'widget-missing';
      note.textContent = MISSING_NOTE;
      el.append(note);
      customElements.whenDefined(el.localName).then(() => {
        note.remove();
        delete el.dataset.missing;
      });
    }
  };
  const later = () => setTimeout(check, 1500);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

// ----- the learner's anonymous id and progress -----

const LEARNER_KEY = 'saferlhub.learner';
const LEARNER_PATTERN = /^[A-Za-z0-9-]{8,64}$/;
let learner = null;

function storage(kind) {
  try {
    return window[kind];
  } catch (e) {
    return null; // blocked (private mode, sandboxed frame)
  }
}

/** The id kept in localStorage["saferlhub.learner"], or null if this browser has none yet. */
export function existingLearnerId() {
  if (learner) return learner;
  try {
    const stored = storage('localStorage')?.getItem(LEARNER_KEY);
    return stored && LEARNER_PATTERN.test(stored) ? stored : null;
  } catch (e) {
    return null;
  }
}

/** This browser's anonymous learner id, made with crypto.randomUUID() on first use. */
export function learnerId() {
  learner = existingLearnerId();
  if (learner) return learner;
  learner = typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    storage('localStorage')?.setItem(LEARNER_KEY, learner);
  } catch (e) {
    // Not persisted: progress lasts as long as this page.
  }
  return learner;
}

/**
 * A JSON request with the learner id (X-Learner-Id). Resolves with the parsed answer (null for
 * 204) or rejects with an Error whose message can be shown to the learner.
 */
export function learnerRequest(method, url, body) {
  return request(method, url, body, { timeout: 15000, empty: true });
}

/** GET /api/progress: { modules: { blackjack: { visited, quizBest, quizTotal, quizPassed } } }. */
export function fetchProgress() {
  return learnerRequest('GET', '/api/progress');
}

/** POST /api/progress with { module, event, score?, total? }. */
export function postProgress(event) {
  return learnerRequest('POST', '/api/progress', event);
}

/** Records a visit to a lesson once per browser session (failures are silent: it is a nicety). */
export function recordVisit(module) {
  const key = `saferlhub.visited.${module}`;
  const session = storage('sessionStorage');
  try {
    if (session && session.getItem(key)) return;
  } catch (e) {
    // carry on
  }
  postProgress({ module, event: 'visited' }).then(
    () => {
      try {
        session?.setItem(key, '1');
      } catch (e) {
        // not remembered; the next visit posts again
      }
    },
    () => {},
  );
}

setupThemeToggle();
setupMenu();
setupTerms();
setupCodeAndTables();
flagMissingWidgets();
let pageResizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(pageResizeTimer);
  pageResizeTimer = setTimeout(focusPageScrollables, 200);
});
