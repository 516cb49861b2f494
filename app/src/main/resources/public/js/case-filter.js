// <case-filter>: search and filter the list of cases that follows it on the page. The list is
// plain Markdown (it reads fine without this script): each item ends with "Tags: a, b, c.". The
// widget adds a search box and one toggle button per tag, and hides the items that do not match.
import { h, setChildren, uid } from './dom.js';

class CaseFilter extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    let list = this.nextElementSibling;
    while (list && list.tagName !== 'UL') list = list.nextElementSibling;
    if (!list) return;
    this.items = [...list.children].map((li) => ({ li, text: li.textContent.toLowerCase(), tags: tagsOf(li) }));
    this.selected = new Set();
    const searchId = uid('cf-search');
    this.search = h('input', { id: searchId, type: 'search', name: 'q', autocomplete: 'off', 'data-role': 'search' });
    this.search.addEventListener('input', () => this.apply());
    const all = [...new Set(this.items.flatMap((i) => i.tags))].sort();
    this.tagButtons = all.map((tag) => h('button', {
      type: 'button', class: 'btn small cf-tag', 'aria-pressed': 'false', 'data-tag': tag,
      onclick: (e) => this.toggle(tag, e.currentTarget),
    }, tag));
    this.count = h('p', { class: 'cf-count', role: 'status', 'aria-live': 'polite', 'data-role': 'count' });
    this.setAttribute('role', 'search');
    this.setAttribute('aria-label', 'Filter the cases');
    setChildren(this,
      h('div', { class: 'field' }, h('label', { for: searchId }, 'Search the cases'), this.search),
      h('div', { class: 'cf-tags', role: 'group', 'aria-label': 'Show only cases tagged' }, this.tagButtons),
      this.count);
    this.apply();
  }

  toggle(tag, button) {
    if (this.selected.has(tag)) this.selected.delete(tag); else this.selected.add(tag);
    button.setAttribute('aria-pressed', String(this.selected.has(tag)));
    this.apply();
  }

  apply() {
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of this.items) {
      const match = words.every((w) => item.text.includes(w))
        && [...this.selected].every((t) => item.tags.includes(t));
      item.li.hidden = !match;
      if (match) shown++;
    }
    this.dataset.shown = String(shown);
    this.count.textContent = shown === this.items.length ? `All ${shown} cases.`
      : shown === 0 ? 'No case matches. Clear the search or a tag.' : `${shown} of ${this.items.length} cases.`;
  }
}

/** The tags of a list item: the words after its last "Tags:", split at commas. */
function tagsOf(li) {
  const m = /Tags:\s*([^\n]*?)\.?\s*$/.exec(li.textContent.trim());
  return m ? m[1].split(',').map((t) => t.trim().toLowerCase()).filter(Boolean) : [];
}

customElements.define('case-filter', CaseFilter);
