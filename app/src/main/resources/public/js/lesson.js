// Lesson pages (and other pages with math): site behaviour, KaTeX for the math in the text, and
// a "visited" mark in the learner's progress. The widgets are not imported here: the page loads
// each one's module with its own <script type="module">, so one failing widget cannot stop the
// others, and they run before this script.
import { recordVisit } from './site.js';
import { focusScrollables } from './dom.js';

function renderMath() {
  const main = document.getElementById('main');
  if (!main || typeof window.renderMathInElement !== 'function') return;
  try {
    window.renderMathInElement(main, {
      delimiters: [
        { left: '$$', right: '$$', display: true },
        { left: '$', right: '$', display: false },
      ],
      // Literal dollars from the Markdown (\$) are wrapped in .nomath and must never pair up.
      ignoredClasses: ['nomath'],
      throwOnError: false,
    });
  } catch (e) {
    // The TeX source stays readable as plain text.
  }
}

renderMath();
focusScrollables(document);
// Content inside a closed <details> has no size until it opens; check again then, and on resize.
document.addEventListener('toggle', (e) => focusScrollables(e.target), true);
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => focusScrollables(document), 200);
});

const lesson = document.querySelector('article.lesson[data-module]');
if (lesson) recordVisit(lesson.dataset.module);
