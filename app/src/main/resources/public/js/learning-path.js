// <learning-path>: the home page's module cards (rendered by the server, so they show without
// JavaScript or when the API is down), enhanced with this learner's progress from
// GET /api/progress: lesson opened, best quiz score, quiz passed. A browser that has never been
// here has no learner id yet, so it asks nothing and shows "not started".
import { existingLearnerId, fetchProgress } from './site.js';

const PASS_PERCENT = 70;

class LearningPath extends HTMLElement {
  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.items = [...this.querySelectorAll('li[data-module]')];
    if (this.items.length === 0) return;
    this.summary = document.createElement('p');
    this.summary.className = 'path-progress';
    this.summary.dataset.role = 'summary';
    this.prepend(this.summary);
    if (!existingLearnerId()) {
      this.show({});
      return;
    }
    this.dataset.state = 'loading';
    this.summary.textContent = 'Loading your progress…';
    fetchProgress().then(
      (data) => this.show((data && data.modules) || {}),
      () => {
        // The cards still work; only the progress is missing.
        this.dataset.state = 'error';
        this.summary.textContent = 'Your progress could not be loaded right now. The lessons work as usual.';
        this.summary.classList.add('muted');
      },
    );
  }

  show(modules) {
    let opened = 0;
    let passed = 0;
    let quizzes = 0;
    for (const item of this.items) {
      const p = modules[item.dataset.module] || {};
      const hasQuiz = item.dataset.quiz === 'true';
      if (p.visited) opened += 1;
      if (hasQuiz) quizzes += 1;
      if (hasQuiz && p.quizPassed) passed += 1;
      item.dataset.visited = String(Boolean(p.visited));
      item.querySelector('.progress')?.remove();
      const list = document.createElement('ul');
      list.className = 'progress';
      list.setAttribute('aria-label', 'Your progress');
      list.append(line(p.visited ? 'done' : 'todo', p.visited ? 'Opened' : 'Not opened yet'));
      if (hasQuiz) {
        if (p.quizTotal > 0) {
          item.dataset.quizBest = String(p.quizBest);
          item.dataset.quizPassed = String(Boolean(p.quizPassed));
          const score = `Quiz: best ${p.quizBest} of ${p.quizTotal}`;
          list.append(p.quizPassed
            ? line('done', `${score}, passed`)
            : line('todo', `${score}, not passed yet (${PASS_PERCENT} % passes)`));
        } else {
          list.append(line('todo', 'Quiz not taken yet'));
        }
      }
      item.append(list);
    }
    const lessons = this.items.length;
    this.summary.textContent = opened === 0 && passed === 0
      ? 'Your progress will show here as you go: lessons opened and quizzes passed.'
      : `Your progress: ${opened} of ${lessons} ${lessons === 1 ? 'lesson' : 'lessons'} opened, `
        + `${passed} of ${quizzes} ${quizzes === 1 ? 'quiz' : 'quizzes'} passed.`;
    this.dataset.state = 'ready';
  }
}

/** One progress line; the mark is decoration, the words carry the meaning. */
function line(kind, text) {
  const li = document.createElement('li');
  li.className = kind;
  const mark = document.createElement('span');
  mark.className = 'mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.textContent = kind === 'done' ? '✓' : '○';
  li.append(mark, ` ${text}`);
  return li;
}

if (!customElements.get('learning-path')) customElements.define('learning-path', LearningPath);
