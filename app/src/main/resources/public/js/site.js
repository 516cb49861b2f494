// Every page: the theme toggle and the glossary-term popovers (hover, keyboard focus and tap).
import { focusScrollables } from './dom.js';

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
  for (const pre of document.querySelectorAll('.lesson-body > pre, .prose > pre')) {
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

setupThemeToggle();
setupTerms();
setupCodeAndTables();
