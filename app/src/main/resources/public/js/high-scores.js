// <high-scores>: the game's top ten (GET /api/scores?limit=10). Nicknames are whatever players
// typed, so they go into the page as text only (textContent), never as markup. Refreshes itself
// when <fix-the-robots> saves a score and highlights that row.
import './site.js';
import { ApiError } from './api.js';
import { focusScrollables, h, int, setChildren, uid } from './dom.js';
import { gameApi, SCORE_SAVED } from './game/net.js';

const LIMIT = 10;

function day(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

class HighScores extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const titleId = uid('hs-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.body = h('div', { class: 'hs-body' });
    this.status = h('p', { class: 'visually-hidden', role: 'status', 'data-role': 'hs-status' });
    this.refreshButton = h('button', {
      type: 'button', class: 'btn small', 'data-action': 'refresh', onclick: () => this.load(),
    }, 'Refresh');
    this.append(
      h('div', { class: 'hs-head' },
        h('h2', { class: 'widget-title', id: titleId }, 'High scores'),
        this.refreshButton),
      h('p', { class: 'widget-note' }, `The top ${LIMIT} rounds of “Fix the robots”. Saving a score is optional; `
        + 'players choose their own nicknames.'),
      this.body, this.status);
    document.addEventListener(SCORE_SAVED, (e) => this.load(e.detail));
    this.load();
  }

  async load(mine = null) {
    this.dataset.state = 'loading';
    this.setAttribute('aria-busy', 'true');
    this.refreshButton.disabled = true;
    try {
      const scores = await gameApi.scores(LIMIT);
      this.render(Array.isArray(scores) ? scores : [], mine);
      this.dataset.state = 'ready';
      if (mine) this.status.textContent = 'High-score table updated.';
    } catch (e) {
      if (e instanceof ApiError && e.noServer) {
        // A copy of the site without a server: no shared table, and nothing went wrong.
        this.dataset.state = 'unavailable';
        this.refreshButton.hidden = true;
        setChildren(this.body, h('p', { class: 'widget-note', 'data-role': 'hs-unavailable' },
          `${e.message} Your rounds still count: play as often as you like.`));
        return;
      }
      this.dataset.state = 'error';
      setChildren(this.body, h('p', { class: 'error-box', role: 'alert' },
        'The high scores could not be loaded: ', e instanceof ApiError ? e.message : 'something went wrong.'));
    } finally {
      this.removeAttribute('aria-busy');
      this.refreshButton.disabled = false;
    }
  }

  render(scores, mine) {
    if (!scores.length) {
      setChildren(this.body, h('p', { class: 'placeholder', 'data-role': 'hs-empty' },
        'No scores yet. Finish a round and be the first on the table.'));
      return;
    }
    let highlighted = false;
    let rank = 0;
    const rows = scores.map((s, i) => {
      // Equal scores share the better rank, as the server's rank does.
      if (i === 0 || s.score !== scores[i - 1].score) rank = i + 1;
      const isMine = !highlighted && mine && s.nickname === mine.nickname && Number(s.score) === Number(mine.score);
      if (isMine) highlighted = true;
      const nick = document.createElement('td');
      nick.className = 'hs-nick';
      nick.textContent = String(s.nickname ?? ''); // players' text: never markup
      if (isMine) nick.append(h('span', { class: 'hs-you' }, ' (you)'));
      return h('tr', { class: isMine ? 'mine' : null, 'data-rank': String(rank) },
        h('td', { class: 'hs-rank' }, String(rank)),
        nick,
        h('td', { class: 'hs-num' }, int(Number(s.score) || 0)),
        h('td', { class: 'hs-num' }, `${int(Number(s.correct) || 0)} / ${int(Number(s.total) || 0)}`),
        h('td', { class: 'hs-date' }, h('time', { datetime: String(s.createdAt || '') }, day(s.createdAt))));
    });
    const table = h('table', { class: 'hs-table', 'data-role': 'hs-table' },
      h('caption', { class: 'visually-hidden' }, `Top ${LIMIT} scores, best first`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Rank'), h('th', { scope: 'col' }, 'Nickname'),
        h('th', { scope: 'col', class: 'hs-num' }, 'Score'), h('th', { scope: 'col', class: 'hs-num' }, 'Right'),
        h('th', { scope: 'col', class: 'hs-date' }, 'Date'))),
      h('tbody', {}, rows));
    setChildren(this.body, h('div', { class: 'scroll-box' }, table));
    // A table wider than a phone scrolls sideways: keyboard users must reach it too.
    focusScrollables(this.body);
  }
}

customElements.define('high-scores', HighScores);
