// Lesson pages: site behaviour, KaTeX for the math in the text, and the interactive widgets.
import './site.js';
import './play-hand.js';
import './train-agent.js';
import './policy-view.js';
import './watch-agent.js';
import './show-code.js';
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
