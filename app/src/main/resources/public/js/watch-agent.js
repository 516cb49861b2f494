// <watch-agent>: the trained agent plays one hand greedily (POST /api/runs/{id}/hand); the
// learner steps through its decisions one click at a time, seeing the observation, the two
// Q-values it compared and its choice.
import { api } from './api.js';
import { localOrServer } from './engine.js';
import {
  cardEl, dealerSumText, isBust, obsTuple, obsWords, outcomeWords,
} from './blackjack.js';
import { h, holdFocus, num, randomSeed, setChildren, signed, uid } from './dom.js';
import { getLastRun, RUN_FINISHED } from './store.js';

class WatchAgent extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    if (!this.id) this.id = 'watch';
    this.run = null;
    this.hand = null;
    this.shown = 0;
    this.build();
    const last = getLastRun();
    if (last) this.setRun(last);
    else this.dataset.state = 'empty';
    this.onFinished = (e) => this.setRun(e.detail);
    document.addEventListener(RUN_FINISHED, this.onFinished);
  }

  disconnectedCallback() {
    document.removeEventListener(RUN_FINISHED, this.onFinished);
  }

  build() {
    const titleId = uid('wa-title');
    const seedId = uid('wa-seed');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.seedInput = h('input', {
      id: seedId, type: 'number', min: 0, step: 1, inputmode: 'numeric', value: randomSeed(), name: 'seed',
    });
    this.dealButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'deal', disabled: true,
      onclick: () => this.deal(),
    }, 'Deal a hand');
    this.nextButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'next', disabled: true, onclick: () => this.next(),
    }, 'Next decision');
    this.allButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'show-all', disabled: true,
      onclick: () => this.showAll(),
    }, 'Show all');
    this.note = h('p', { class: 'placeholder', 'data-role': 'placeholder' },
      'Train an agent above first; then deal it a hand here.');
    this.dealerHand = h('div', { class: 'hand', 'data-hand': 'dealer' });
    this.playerHand = h('div', { class: 'hand', 'data-hand': 'player' });
    this.dealerTotal = h('span', { class: 'total' });
    this.playerTotal = h('span', { class: 'total' });
    this.table = h('div', { class: 'table-felt', hidden: true },
      h('div', { class: 'hand-row' },
        h('div', { class: 'hand-meta' }, h('span', { class: 'hand-label' }, 'Dealer'), this.dealerTotal),
        this.dealerHand),
      h('div', { class: 'hand-row' },
        h('div', { class: 'hand-meta' }, h('span', { class: 'hand-label' }, 'Agent'), this.playerTotal),
        this.playerHand));
    this.decisions = h('ol', { class: 'decisions', 'data-role': 'decisions' });
    this.status = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
    this.error = h('p', { class: 'error-box', role: 'alert', hidden: true });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'Watch your agent play'),
      this.note,
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: seedId }, 'Seed'), this.seedInput),
        this.dealButton, this.nextButton, this.allButton),
      this.error, this.table, this.decisions, this.status,
    );
  }

  setRun(run) {
    this.run = run;
    this.hand = null;
    this.dataset.state = 'ready';
    const cfg = (run.result && run.result.config) || {};
    setChildren(this.note, `Ready: the ${cfg.algorithm || 'trained'} agent from your last run (${
      cfg.rules || 'sab'} rules) plays greedily, always taking the action with the higher Q-value.`);
    this.note.className = 'widget-note';
    this.dealButton.disabled = false;
    this.nextButton.disabled = true;
    this.allButton.disabled = true;
    this.table.hidden = true;
    this.decisions.replaceChildren();
    this.status.textContent = '';
  }

  async deal() {
    if (!this.run) return;
    const seed = Number(this.seedInput.value);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      this.showError('The seed must be a whole number from 0 up to 9,007,199,254,740,991.');
      return;
    }
    const restore = holdFocus(this);
    this.dealButton.disabled = true;
    this.showError(null);
    try {
      // The agent the page holds plays in the page; a run known only by its id, on the server.
      const result = this.run.result;
      const q = result && result.q;
      const rules = result && result.config && result.config.rules;
      this.hand = q && rules
        ? await localOrServer('POST', '/api/blackjack/agent-hand', { rules, seed, q, policy: result.policy },
          () => api.agentHand(this.run.id, seed))
        : await api.agentHand(this.run.id, seed);
      this.shown = 0;
      this.dataset.state = 'dealt';
      this.render();
      this.status.textContent = `New hand (seed ${seed}). The agent sees ${obsTuple(this.observationAt(0))}. Press “Next decision”.`;
    } catch (e) {
      this.showError(e.status === 404
        ? 'This agent is no longer on the server (it may have restarted). Train a new one above.'
        : e.message);
    } finally {
      this.dealButton.disabled = false;
      restore(this.nextButton, this.dealButton);
      this.seedInput.value = String(randomSeed());
    }
  }

  showError(message) {
    this.error.hidden = !message;
    this.error.textContent = message || '';
  }

  /** The observation before decision i (the current one after the last decision). */
  observationAt(i) {
    const steps = this.hand.steps;
    if (i < steps.length) return steps[i].observationBefore || (i === 0 ? this.hand.observation : steps[i - 1].observation);
    return steps.length ? steps[steps.length - 1].observation : this.hand.observation;
  }

  next() {
    if (!this.hand || this.shown >= this.hand.steps.length) return;
    this.shown += 1;
    this.render();
    const step = this.hand.steps[this.shown - 1];
    this.status.textContent = this.shown === this.hand.steps.length
      ? this.resultText()
      : `Decision ${this.shown}: it chose to ${step.action}.`;
  }

  showAll() {
    if (!this.hand) return;
    this.shown = this.hand.steps.length;
    this.render();
    this.status.textContent = this.resultText();
  }

  resultText() {
    const hand = this.hand;
    const bust = hand.observation.playerSum > 21;
    let dealer = '';
    if (!bust && hand.dealerSum !== null && hand.dealerSum !== undefined) {
      dealer = isBust(hand.dealerSum) ? ' The dealer bust.' : ` The dealer finished on ${hand.dealerSum}.`;
    }
    return `${outcomeWords(hand.outcome)}${bust ? ' (the agent bust)' : ''}: reward ${signed(hand.return, 1)}.${dealer}`;
  }

  render() {
    const hand = this.hand;
    const steps = hand.steps;
    const finished = this.shown >= steps.length;
    this.table.hidden = false;
    const hits = steps.slice(0, this.shown).filter((s) => s.action === 'hit').length;
    const cards = hand.playerCards.slice(0, 2 + hits);
    setChildren(this.playerHand, cards.map((c, i) => cardEl(c, { isNew: i >= 2 && i === cards.length - 1 })));
    const obs = this.observationAt(this.shown);
    this.playerTotal.textContent = `total ${obs.playerSum}${obs.usableAce ? ' (soft)' : ''}`;
    if (finished && hand.dealerCards.length > 1) {
      setChildren(this.dealerHand, hand.dealerCards.map((c) => cardEl(c)));
      this.dealerTotal.textContent = hand.dealerSum !== null && hand.dealerSum !== undefined
        ? `total ${dealerSumText(hand.dealerSum)}` : '';
    } else {
      setChildren(this.dealerHand, cardEl(hand.dealerCards[0]), cardEl(0, { hidden: true }));
      this.dealerTotal.textContent = 'total ?';
    }
    setChildren(this.decisions, steps.slice(0, this.shown).map((s, i) => this.decisionEl(s, i)));
    this.nextButton.disabled = finished;
    this.allButton.disabled = finished;
    this.nextButton.textContent = this.shown === steps.length - 1 ? 'Last decision and result' : 'Next decision';
    if (finished && document.activeElement === document.body) this.dealButton.focus();
  }

  decisionEl(step, i) {
    const before = step.observationBefore || this.observationAt(i);
    const q = step.q || {};
    const hasQ = typeof q.stick === 'number' && typeof q.hit === 'number';
    const tie = hasQ && q.stick === q.hit;
    const bar = (cls, label, v) => {
      const width = Math.max(0, Math.min(100, ((v + 1) / 2.5) * 100));
      const fill = h('span');
      fill.style.width = `${width}%`;
      return [
        h('span', { class: step.action === cls ? 'chosen' : '' }, label),
        h('span', { class: `qbar ${cls}`, 'aria-hidden': 'true' }, fill),
        h('span', { class: step.action === cls ? 'chosen' : '' }, num(v, 3)),
      ];
    };
    let why = '';
    if (hasQ) {
      why = tie
        ? ' The two values are equal, so either choice is as good to it.'
        : ` Its estimate for ${step.action} is higher by ${num(Math.abs(q.hit - q.stick), 3)}.`;
    }
    return h('li', { class: 'decision', 'data-step': i + 1 },
      h('h4', {}, `Decision ${i + 1}: `, h('span', { class: 'obs' }, obsTuple(before)), ` → ${step.action}`),
      h('p', {}, `It sees ${obsWords(before, 'its')}.`),
      hasQ ? h('div', { class: 'qbars', role: 'group', 'aria-label': 'Q-values compared' },
        bar('stick', 'Q(stick)', q.stick), bar('hit', 'Q(hit)', q.hit)) : null,
      h('p', {}, `It chooses to ${step.action}.${why}${
        step.terminated ? '' : ` Reward ${signed(step.reward, 1)}; the hand goes on.`}`));
  }
}

customElements.define('watch-agent', WatchAgent);
