// <feedback-form>: the short survey (POST /api/feedback). Every answer is optional; each text
// may hold up to 2,000 characters, counted live. A refused answer is shown beside its question.
// On a copy of the site without a server (site-mode.js) a short note takes the form's place.
import { api, withoutServer } from './api.js';
import { h, int, uid } from './dom.js';
import { isStatic, serverUrl } from './site-mode.js';

export const MAX_CHARS = 2000;

const BACKGROUNDS = [
  { id: 'technical', label: 'Technical', hint: 'I write code, or work with data or machine learning' },
  { id: 'non-technical', label: 'Non-technical', hint: 'policy, research in another field, curiosity…' },
  { id: 'prefer-not-to-say', label: 'Prefer not to say' },
];

const QUESTIONS = [
  { name: 'clear', label: 'What was clear?' },
  { name: 'unclear', label: 'What was not clear?' },
  { name: 'topics', label: 'What topics would you like this resource to touch upon?' },
  { name: 'features', label: 'What features would you like?' },
  { name: 'comments', label: 'Anything else? Free comments' },
];

const LABELS = Object.fromEntries([
  ['background', 'Your background'], ...QUESTIONS.map((q) => [q.name, q.label])]);

/** Characters as a reader counts them (an emoji is one), not UTF-16 units. */
export function charCount(text) {
  return Array.from(text).length;
}

class FeedbackForm extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.fields = {};
    this.build();
    if (isStatic() && !serverUrl()) {
      this.formEl.hidden = true;
      this.intro.hidden = true;
      this.append(h('p', { class: 'widget-note', 'data-role': 'unavailable' }, withoutServer('sending feedback')));
      this.setState('unavailable');
      return;
    }
    this.setState('editing');
  }

  build() {
    const titleId = uid('fb-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.heading = h('h2', { class: 'widget-title', id: titleId }, 'Tell us what you think');
    this.intro = h('p', { class: 'widget-note' },
      'Answer in any language, up to 2,000 characters per question. ',
      'Please leave out names, e-mail addresses and anything else personal.');
    this.formEl = h('form', { class: 'feedback', novalidate: true, 'aria-labelledby': titleId });
    this.formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });

    // Background: one radio group.
    const legendId = uid('fb-bg');
    this.backgroundError = h('p', { class: 'field-error', id: `${legendId}-error` });
    const radios = BACKGROUNDS.map((b) => {
      const id = uid(`fb-bg-${b.id}`);
      return h('div', { class: 'radio' },
        h('input', { type: 'radio', name: 'background', id, value: b.id, 'aria-describedby': b.hint ? `${id}-hint` : null }),
        h('label', { for: id }, b.label),
        b.hint ? h('span', { class: 'hint', id: `${id}-hint` }, ` (${b.hint})`) : null);
    });
    this.fields.background = { error: this.backgroundError };
    this.backgroundSet = h('fieldset', {
      class: 'field background', 'data-field': 'background', 'aria-describedby': `${legendId}-error`,
    }, h('legend', { id: legendId }, LABELS.background), radios, this.backgroundError);
    this.formEl.append(this.backgroundSet);

    for (const q of QUESTIONS) this.formEl.append(this.textField(q));

    this.sendButton = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'send' }, 'Send feedback');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.formEl.append(h('div', { class: 'toolbar' }, this.sendButton), this.status);

    this.thanks = h('div', { class: 'thanks', hidden: true, 'data-role': 'thanks' },
      h('h2', { class: 'widget-title', tabindex: -1, id: `${titleId}-thanks` }, 'Thank you!'),
      h('p', {}, 'Your answers were saved. They help decide what SafeRLHub explains next.'),
      h('p', {}, h('a', { href: '/' }, 'Back to the lessons'), ' · ',
        h('button', { type: 'button', class: 'btn small', 'data-action': 'again', onclick: () => this.again() },
          'Send another answer')));
    this.append(this.heading, this.intro, this.formEl, this.thanks);
  }

  textField({ name, label }) {
    const id = uid(`fb-${name}`);
    const countId = `${id}-count`;
    const errorId = `${id}-error`;
    const input = h('textarea', {
      id, name, rows: 4, 'aria-describedby': `${countId} ${errorId}`, spellcheck: 'true', dir: 'auto',
    });
    const count = h('span', { class: 'counter hint', id: countId, 'data-role': 'count' });
    const error = h('span', { class: 'field-error', id: errorId });
    this.fields[name] = { input, count, error };
    input.addEventListener('input', () => this.updateCount(name));
    const field = h('div', { class: 'field', 'data-field': name },
      h('label', { for: id }, label), input, count, error);
    this.updateCount(name);
    return field;
  }

  updateCount(name) {
    const { input, count } = this.fields[name];
    const n = charCount(input.value);
    const over = n - MAX_CHARS;
    count.textContent = over > 0
      ? `${int(n)} of ${int(MAX_CHARS)} characters: ${int(over)} too many`
      : `${int(n)} of ${int(MAX_CHARS)} characters`;
    count.classList.toggle('over', over > 0);
    if (over <= 0 && input.getAttribute('aria-invalid') === 'true' && this.fields[name].tooLong) {
      this.fieldError(name, null);
    }
  }

  fieldError(name, message) {
    const field = this.fields[name];
    if (!field) return false;
    field.error.textContent = message || '';
    field.tooLong = false;
    const target = field.input || this.backgroundSet;
    if (message) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
    return true;
  }

  setState(state) {
    this.state = state;
    this.dataset.state = state;
    const busy = state === 'sending';
    this.sendButton.disabled = busy;
    this.setAttribute('aria-busy', String(busy));
  }

  setStatus(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle('error', isError);
  }

  answers() {
    const checked = this.formEl.querySelector('input[name=background]:checked');
    const answers = {};
    if (checked) answers.background = checked.value;
    for (const q of QUESTIONS) answers[q.name] = this.fields[q.name].input.value;
    return answers;
  }

  async send() {
    if (this.state === 'sending') return;
    for (const name of Object.keys(this.fields)) this.fieldError(name, null);
    const answers = this.answers();
    // Too long: refused here, beside the question, before anything is sent.
    const tooLong = QUESTIONS.filter((q) => charCount(answers[q.name]) > MAX_CHARS);
    if (tooLong.length) {
      for (const q of tooLong) {
        const over = charCount(answers[q.name]) - MAX_CHARS;
        this.fieldError(q.name, `“${q.label}” is ${int(over)} ${over === 1 ? 'character' : 'characters'} over the limit of ${int(MAX_CHARS)}.`);
        this.fields[q.name].tooLong = true;
      }
      this.setStatus(`Please shorten “${tooLong[0].label}”: at most ${int(MAX_CHARS)} characters per answer.`, true);
      this.fields[tooLong[0].name].input.focus();
      return;
    }
    if (!answers.background && QUESTIONS.every((q) => !answers[q.name].trim())) {
      this.setStatus('Please answer at least one question before sending.', true);
      this.formEl.querySelector('input[name=background]').focus();
      return;
    }
    this.setState('sending');
    this.setStatus('Sending…');
    try {
      await api.sendFeedback(answers);
    } catch (e) {
      this.setState('editing');
      const label = e.field && LABELS[e.field];
      if (e.status === 400 && label && this.fieldError(e.field, e.message)) {
        this.setStatus(`Please check “${label}”: ${e.message}`, true);
        const target = this.fields[e.field].input || this.formEl.querySelector('input[name=background]');
        target.focus();
      } else {
        this.setStatus(e.status === 429 ? e.message : `Your answers were not sent. ${e.message}`, true);
        this.sendButton.focus();
      }
      return;
    }
    this.setState('sent');
    this.setStatus('');
    this.formEl.hidden = true;
    this.intro.hidden = true;
    this.heading.hidden = true;
    this.thanks.hidden = false;
    this.setAttribute('aria-labelledby', this.thanks.querySelector('h2').id);
    this.thanks.querySelector('h2').focus();
  }

  again() {
    this.formEl.reset();
    for (const q of QUESTIONS) this.updateCount(q.name);
    this.thanks.hidden = true;
    this.formEl.hidden = false;
    this.intro.hidden = false;
    this.heading.hidden = false;
    this.setAttribute('aria-labelledby', this.heading.id);
    this.setState('editing');
    this.formEl.querySelector('input[name=background]').focus();
  }
}

customElements.define('feedback-form', FeedbackForm);

export { BACKGROUNDS, LABELS, QUESTIONS };
