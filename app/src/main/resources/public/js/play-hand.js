// <play-hand>: the learner plays Blackjack as the agent would, one observation at a time.
// The server is stateless: every request sends the seed and all actions so far and gets the
// whole hand back (POST /api/blackjack/hand).
import { api } from './api.js';
import { localOrServer } from './engine.js';
import {
  cardEl, dealerSumText, fillRulesSelect, isBust, loadRules, obsTuple, obsWords, outcomeWords, RULES_FALLBACK,
} from './blackjack.js';
import { focusScrollables, h, holdFocus, int, num, randomSeed, setChildren, signed, uid } from './dom.js';

class PlayHand extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.actions = [];
    this.hand = null;
    this.busy = false;
    this.tally = { win: 0, draw: 0, loss: 0, total: 0 };
    this.build();
    loadRules(api).then((rules) => fillRulesSelect(this.rulesSelect, rules, this.rulesSelect.value));
  }

  build() {
    const rulesId = uid('ph-rules');
    const seedId = uid('ph-seed');
    const titleId = uid('ph-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    this.rulesSelect = h('select', { id: rulesId, name: 'rules' });
    fillRulesSelect(this.rulesSelect, RULES_FALLBACK, 'sab');
    this.seedInput = h('input', {
      id: seedId, name: 'seed', type: 'number', min: 0, step: 1, inputmode: 'numeric',
      value: randomSeed(),
    });
    this.dealButton = h('button', {
      type: 'button', class: 'btn primary', 'data-action': 'deal', onclick: () => this.deal(true),
    }, 'Deal a new hand');
    this.replayButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'replay', onclick: () => this.deal(false),
    }, 'Replay this seed');
    this.hitButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'hit', disabled: true,
      onclick: () => this.act('hit'),
    }, 'Hit');
    this.stickButton = h('button', {
      type: 'button', class: 'btn', 'data-action': 'stick', disabled: true,
      onclick: () => this.act('stick'),
    }, 'Stick');
    this.dealerHand = h('div', { class: 'hand', 'data-hand': 'dealer' });
    this.playerHand = h('div', { class: 'hand', 'data-hand': 'player' });
    this.dealerTotal = h('span', { class: 'total' });
    this.playerTotal = h('span', { class: 'total' });
    this.agentView = h('p', { class: 'agent-view', 'data-role': 'observation' },
      'Press “Deal a new hand” to start.');
    this.result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
    this.error = h('p', { class: 'error-box', role: 'alert', hidden: true });
    this.logBody = h('tbody');
    this.log = h('table', { class: 'step-log', hidden: true },
      h('caption', {}, 'Steps of this hand'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Action'),
        h('th', { scope: 'col' }, 'Observation after'), h('th', { scope: 'col' }, 'Reward'))),
      this.logBody);
    this.tallyList = h('ul', { class: 'tally', 'aria-label': 'Your results so far' });
    this.renderTally();

    this.append(
      h('h3', { class: 'widget-title', id: titleId }, 'You are the agent'),
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: rulesId }, 'Rules'), this.rulesSelect),
        h('div', { class: 'field' }, h('label', { for: seedId }, 'Seed'), this.seedInput),
        this.dealButton, this.replayButton),
      h('div', { class: 'table-felt' },
        h('div', { class: 'hand-row' },
          h('div', { class: 'hand-meta' }, h('span', { class: 'hand-label' }, 'Dealer'), this.dealerTotal),
          this.dealerHand),
        h('div', { class: 'hand-row' },
          h('div', { class: 'hand-meta' }, h('span', { class: 'hand-label' }, 'You'), this.playerTotal),
          this.playerHand),
        this.agentView,
        h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Your move' },
          this.hitButton, this.stickButton)),
      this.result, this.error, h('div', { class: 'scroll-box' }, this.log), this.tallyList,
    );
  }

  seedValue(fresh) {
    if (fresh) {
      const seed = randomSeed();
      this.seedInput.value = seed;
      return seed;
    }
    const seed = Number(this.seedInput.value);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      this.showError('The seed must be a whole number from 0 up to 9,007,199,254,740,991.');
      this.seedInput.setAttribute('aria-invalid', 'true');
      return null;
    }
    this.seedInput.removeAttribute('aria-invalid');
    return seed;
  }

  async deal(fresh) {
    const seed = this.seedValue(fresh);
    if (seed === null) return;
    this.seed = seed;
    this.rules = this.rulesSelect.value;
    this.actions = [];
    this.counted = false;
    await this.send();
  }

  async act(action) {
    if (!this.hand || this.hand.terminated || this.busy) return;
    this.actions.push(action);
    const ok = await this.send();
    if (!ok) this.actions.pop();
  }

  async send() {
    this.setBusy(true);
    this.showError(null);
    try {
      const body = { rules: this.rules, seed: this.seed, actions: this.actions };
      const hand = await localOrServer('POST', '/api/blackjack/hand', body,
        () => api.hand(this.rules, this.seed, this.actions));
      this.hand = hand;
      this.render();
      return true;
    } catch (e) {
      this.showError(e.message);
      return false;
    } finally {
      this.setBusy(false);
    }
  }

  setBusy(busy) {
    this.busy = busy;
    this.setAttribute('aria-busy', String(busy));
    if (busy) this.restoreFocus = holdFocus(this);
    const playing = this.hand && !this.hand.terminated;
    this.dealButton.disabled = busy;
    this.replayButton.disabled = busy;
    this.hitButton.disabled = busy || !playing;
    this.stickButton.disabled = busy || !playing;
    if (!busy && this.restoreFocus) {
      this.restoreFocus(this.hitButton, this.dealButton);
      this.restoreFocus = null;
    }
  }

  showError(message) {
    this.error.hidden = !message;
    this.error.textContent = message || '';
  }

  render() {
    const hand = this.hand;
    const done = hand.terminated;
    this.dataset.state = done ? 'done' : 'playing';
    const hits = this.actions.filter((a) => a === 'hit').length;
    setChildren(this.playerHand, hand.playerCards.map((c, i) =>
      cardEl(c, { isNew: hits > 0 && i === hand.playerCards.length - 1 && this.actions.at(-1) === 'hit' })));
    const dealer = hand.dealerCards.map((c) => cardEl(c));
    if (!done || hand.dealerCards.length < 2) {
      // Before the end only the up card is known; the dealer may also never reveal after a bust.
      dealer.push(cardEl(0, { hidden: true }));
    }
    setChildren(this.dealerHand, dealer);
    this.playerTotal.textContent = `total ${hand.observation.playerSum}${
      hand.observation.usableAce ? ' (soft)' : ''}`;
    this.dealerTotal.textContent = hand.dealerSum !== null && hand.dealerSum !== undefined
      ? `total ${dealerSumText(hand.dealerSum)}` : 'total ?';

    setChildren(this.agentView,
      'What the agent sees: ', h('span', { class: 'obs' }, obsTuple(hand.observation)),
      ` — ${obsWords(hand.observation)}.`);

    setChildren(this.logBody, hand.steps.map((s, i) => h('tr', {},
      h('td', {}, String(i + 1)),
      h('td', {}, s.action),
      h('td', {}, h('span', { class: 'obs' }, obsTuple(s.observation))),
      h('td', {}, signed(s.reward, 1)))));
    this.log.hidden = hand.steps.length === 0;
    focusScrollables(this);

    if (done) {
      const bust = hand.observation.playerSum > 21;
      const dealerText = hand.dealerSum === null || hand.dealerSum === undefined || bust
        ? '' : isBust(hand.dealerSum) ? ' The dealer bust.' : ` The dealer finished on ${hand.dealerSum}.`;
      this.result.className = `result ${hand.outcome}`;
      this.result.textContent = `${outcomeWords(hand.outcome)}${bust ? ' (you bust)' : ''}: reward ${
        signed(hand.return, 1)}.${dealerText}`;
      if (!this.counted) {
        this.counted = true;
        if (hand.outcome in this.tally) this.tally[hand.outcome] += 1;
        this.tally.total += hand.return;
        this.renderTally();
      }
    } else {
      this.result.className = 'result';
      this.result.textContent = this.actions.length === 0
        ? `New hand (seed ${hand.seed}). You have ${hand.observation.playerSum}; the dealer shows ${
          hand.observation.dealerCard === 1 ? 'an ace' : hand.observation.dealerCard}. Hit or stick?`
        : `You have ${hand.observation.playerSum}. Hit or stick?`;
    }
  }

  renderTally() {
    const t = this.tally;
    const played = t.win + t.draw + t.loss;
    setChildren(this.tallyList,
      h('li', {}, 'Hands: ', h('strong', {}, int(played))),
      h('li', {}, 'Wins: ', h('strong', { 'data-tally': 'win' }, int(t.win))),
      h('li', {}, 'Draws: ', h('strong', { 'data-tally': 'draw' }, int(t.draw))),
      h('li', {}, 'Losses: ', h('strong', { 'data-tally': 'loss' }, int(t.loss))),
      h('li', {}, 'Total return: ', h('strong', { 'data-tally': 'return' }, signed(t.total, 1))),
      played ? h('li', {}, 'Per hand: ', h('strong', {}, num(t.total / played, 3))) : null);
  }
}

customElements.define('play-hand', PlayHand);
