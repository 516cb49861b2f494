// <admin-feedback>: the survey answers for the site's maintainers (GET /api/admin/feedback with
// Authorization: Bearer <token>), as a table, and as a CSV download. Every answer is shown as
// text (textContent), never as markup. The token is kept in memory, or in sessionStorage for
// this tab only if the reader asks; never in localStorage or the URL.
import { api } from './api.js';
import { focusScrollables, h, int, setChildren, uid } from './dom.js';
import { BACKGROUNDS, QUESTIONS } from './feedback-form.js';
import { dateText } from './run-charts.js';

const SESSION_KEY = 'saferlhub.adminToken';
/** Answers longer than this (characters or lines) start folded, with a "Show all" button. */
const FOLD_CHARS = 400;
const FOLD_LINES = 8;

/** Visible ASCII: what an HTTP header can carry without the browser refusing the request. */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

function sessionGet() {
  try {
    return window.sessionStorage.getItem(SESSION_KEY);
  } catch (e) {
    return null;
  }
}

function sessionSet(value) {
  try {
    if (value) window.sessionStorage.setItem(SESSION_KEY, value);
    else window.sessionStorage.removeItem(SESSION_KEY);
  } catch (e) {
    // Storage blocked: the token simply is not kept.
  }
}

/** The list of answers whatever the envelope: [..] or {feedback|answers|items: [..]}. */
function answersOf(data) {
  if (Array.isArray(data)) return data;
  for (const key of ['feedback', 'answers', 'items']) {
    if (data && Array.isArray(data[key])) return data[key];
  }
  return [];
}

const COLUMNS = [
  { key: 'createdAt', label: 'Received' },
  { key: 'background', label: 'Background' },
  ...QUESTIONS.map((q) => ({ key: q.name, label: q.label })),
];

class AdminFeedback extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.token = null;
    this.build();
    this.setState('locked');
    const kept = sessionGet();
    if (kept) {
      this.tokenInput.value = kept;
      this.keepBox.checked = true;
      this.load();
    }
  }

  build() {
    const titleId = uid('af-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const tokenId = uid('af-token');
    this.tokenInput = h('input', {
      type: 'password', id: tokenId, name: 'token', autocomplete: 'off', spellcheck: 'false',
      autocapitalize: 'off', 'aria-describedby': `${tokenId}-hint`, required: true,
    });
    this.keepBox = h('input', { type: 'checkbox', id: uid('af-keep'), name: 'keep' });
    this.loadButton = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'load' }, 'Show answers');
    const form = h('form', { class: 'admin-login', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: tokenId }, 'Admin token'),
        this.tokenInput,
        h('span', { class: 'hint', id: `${tokenId}-hint` },
          'Printed by the server when it starts, or set with --admin-token or SAFERLHUB_ADMIN_TOKEN.')),
      h('label', { class: 'check', for: this.keepBox.id }, this.keepBox,
        ' Keep the token until this tab is closed'),
      h('div', { class: 'toolbar' }, this.loadButton));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.load();
    });
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.csvButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'csv', onclick: () => this.downloadCsv(),
    }, 'Download CSV');
    this.forgetButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'forget', onclick: () => this.forget(),
    }, 'Forget the token');
    this.summary = h('p', { class: 'admin-summary', 'data-role': 'summary' });
    this.tableBox = h('div', { class: 'scroll-box admin-table-box' });
    this.results = h('div', { class: 'admin-results', hidden: true, 'data-role': 'results' },
      h('div', { class: 'toolbar' }, this.csvButton, this.forgetButton), this.summary, this.tableBox);
    this.append(h('h2', { class: 'widget-title', id: titleId }, 'Feedback answers'), form, this.status, this.results);
  }

  setState(state) {
    this.state = state;
    this.dataset.state = state;
    const busy = state === 'loading';
    this.loadButton.disabled = busy;
    this.setAttribute('aria-busy', String(busy));
  }

  setStatus(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle('error', isError);
  }

  /** The token typed, or null with a message when it cannot be right. */
  readToken() {
    const token = this.tokenInput.value.trim();
    if (!token) {
      this.setStatus('Enter the admin token first.', true);
      this.tokenInput.setAttribute('aria-invalid', 'true');
      this.tokenInput.focus();
      return null;
    }
    if (!TOKEN_PATTERN.test(token)) {
      this.setStatus('That token holds spaces or characters a token never has; copy it again from the server’s start-up output.', true);
      this.tokenInput.setAttribute('aria-invalid', 'true');
      this.tokenInput.focus();
      return null;
    }
    this.tokenInput.removeAttribute('aria-invalid');
    return token;
  }

  /** A sentence for 401 / 403, else the API's own message. */
  explain(e) {
    if (e.status === 401) {
      return 'The server asks for the admin token (401). Enter the token printed when the server started.';
    }
    if (e.status === 403) {
      return 'The server refused this token (403): it is not the admin token. Check it for typos or copy it again.';
    }
    return `The answers could not be loaded. ${e.message}`;
  }

  async load() {
    if (this.state === 'loading') return;
    const token = this.readToken();
    if (!token) return;
    this.setState('loading');
    this.setStatus('Loading the answers…');
    let data;
    try {
      data = await api.adminFeedback(token);
    } catch (e) {
      this.token = null;
      sessionSet(null);
      this.results.hidden = true;
      this.setState(e.status === 401 || e.status === 403 ? 'denied' : 'error');
      this.dataset.status = String(e.status || '');
      this.setStatus(this.explain(e), true);
      if (e.status === 401 || e.status === 403) {
        this.tokenInput.setAttribute('aria-invalid', 'true');
        this.tokenInput.focus();
      }
      return;
    }
    this.token = token;
    sessionSet(this.keepBox.checked ? token : null);
    delete this.dataset.status;
    this.render(answersOf(data));
  }

  render(answers) {
    this.setState('ready');
    this.setStatus(`${answers.length} ${answers.length === 1 ? 'answer' : 'answers'} loaded.`);
    const counts = new Map();
    for (const a of answers) counts.set(a.background || '', (counts.get(a.background || '') || 0) + 1);
    const parts = BACKGROUNDS.map((b) => `${int(counts.get(b.id) || 0)} ${b.label.toLowerCase()}`);
    if (counts.get('')) parts.push(`${int(counts.get(''))} without a background`);
    this.summary.textContent = answers.length
      ? `${int(answers.length)} ${answers.length === 1 ? 'answer' : 'answers'}, oldest first: ${parts.join(', ')}.`
      : 'No answers yet.';
    if (!answers.length) {
      setChildren(this.tableBox);
      this.results.hidden = false;
      return;
    }
    const table = h('table', { class: 'admin-table', 'data-role': 'feedback-table' },
      h('caption', { class: 'visually-hidden' }, 'Feedback answers, one row per answer'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, '#'),
        COLUMNS.map((c) => h('th', { scope: 'col' }, c.label)))));
    const body = h('tbody');
    answers.forEach((a, i) => {
      const row = h('tr', { 'data-id': a.id ?? i });
      row.append(h('th', { scope: 'row', class: 'num' }, String(a.id ?? i + 1)));
      for (const c of COLUMNS) {
        const cell = h('td', { 'data-col': c.key });
        const value = a[c.key];
        if (c.key === 'createdAt') {
          cell.textContent = dateText(value);
        } else if (c.key === 'background') {
          const known = BACKGROUNDS.find((b) => b.id === value);
          cell.textContent = known ? known.label : String(value ?? '');
        } else {
          // User text: textContent only, isolated so right-to-left marks stay inside the cell.
          const text = h('div', { class: 'answer', dir: 'auto' });
          const s = value === null || value === undefined ? '' : String(value);
          text.textContent = s;
          cell.append(text);
          if (s.length > FOLD_CHARS || s.split('\n').length > FOLD_LINES) this.fold(cell, text, s);
        }
        row.append(cell);
      }
      body.append(row);
    });
    table.append(body);
    setChildren(this.tableBox, table);
    this.results.hidden = false;
    focusScrollables(this);
  }

  /** Folds a long answer to a few lines; the button shows it all (the text itself is all there). */
  fold(cell, text, s) {
    text.id = uid('af-answer');
    text.classList.add('folded');
    const chars = Array.from(s).length;
    const button = h('button', {
      type: 'button', class: 'btn small fold', 'aria-expanded': 'false', 'aria-controls': text.id,
      'data-action': 'unfold',
    }, `Show all ${int(chars)} characters`);
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      text.classList.toggle('folded', !open);
      button.textContent = open ? 'Show less' : `Show all ${int(chars)} characters`;
    });
    cell.append(button);
  }

  async downloadCsv() {
    const token = this.token || this.readToken();
    if (!token) return;
    this.csvButton.disabled = true;
    this.setStatus('Preparing the CSV file…');
    try {
      const blob = await api.adminFeedbackCsv(token);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `saferlhub-feedback-${new Date().toISOString().slice(0, 10)}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.setStatus(`CSV file downloaded (${int(blob.size)} bytes).`);
    } catch (e) {
      this.setStatus(this.explain(e).replace('The answers could not be loaded.', 'The CSV file could not be downloaded.'), true);
    } finally {
      this.csvButton.disabled = false;
    }
  }

  forget() {
    this.token = null;
    sessionSet(null);
    this.tokenInput.value = '';
    this.keepBox.checked = false;
    setChildren(this.tableBox);
    this.results.hidden = true;
    this.setState('locked');
    this.setStatus('The token and the answers were cleared from this page.');
    this.tokenInput.focus();
  }
}

customElements.define('admin-feedback', AdminFeedback);
