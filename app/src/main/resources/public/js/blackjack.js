// Blackjack display helpers and fixed facts shared by the widgets. Nothing here simulates the
// game: every card, total and value comes from the server.
import { h } from './dom.js';

/** Column labels: dealer's up card 1 (ace), 2, …, 10, in the order the API's arrays use. */
export const DEALER_CARDS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

/** Player totals in each grid, top row first (high totals on top, as in Sutton & Barto's figure). */
export const ROWS = {
  usable: [21, 20, 19, 18, 17, 16, 15, 14, 13, 12],
  no_usable: [21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4],
};

export const SECTIONS = [
  { key: 'no_usable', title: 'No usable ace' },
  { key: 'usable', title: 'Usable ace' },
];

/**
 * The exact optimal policy, identical under all three rule sets (computed by dynamic programming;
 * see the lesson). Shown before the first run; after a run the server's own optimalPolicy is used.
 */
export const OPTIMAL_POLICY = {
  usable: {
    12: 'HHHHHHHHHH', 13: 'HHHHHHHHHH', 14: 'HHHHHHHHHH', 15: 'HHHHHHHHHH', 16: 'HHHHHHHHHH',
    17: 'HHHHHHHHHH', 18: 'HSSSSSSSHH', 19: 'SSSSSSSSSS', 20: 'SSSSSSSSSS', 21: 'SSSSSSSSSS',
  },
  no_usable: {
    4: 'HHHHHHHHHH', 5: 'HHHHHHHHHH', 6: 'HHHHHHHHHH', 7: 'HHHHHHHHHH', 8: 'HHHHHHHHHH',
    9: 'HHHHHHHHHH', 10: 'HHHHHHHHHH', 11: 'HHHHHHHHHH', 12: 'HHHSSSHHHH', 13: 'HSSSSSHHHH',
    14: 'HSSSSSHHHH', 15: 'HSSSSSHHHH', 16: 'HSSSSSHHHH', 17: 'SSSSSSSSSS', 18: 'SSSSSSSSSS',
    19: 'SSSSSSSSSS', 20: 'SSSSSSSSSS', 21: 'SSSSSSSSSS',
  },
};

/** Used only if GET /api/blackjack/rules fails, so the select is never empty. */
export const RULES_FALLBACK = [
  { id: 'sab', name: 'A natural beats any other 21', default: true },
  { id: 'default', name: 'A natural is a plain 21', default: false },
  { id: 'natural', name: 'A natural pays 1.5', default: false },
];

export const ALGORITHMS = [
  { id: 'q-learning', name: 'Q-learning' },
  { id: 'sarsa', name: 'SARSA' },
  { id: 'monte-carlo', name: 'Monte Carlo' },
];

export const ACTION_NAMES = { hit: 'hit', stick: 'stick', H: 'hit', S: 'stick' };

let rulesPromise = null;

/** The rule sets from the server (cached), or the fallback list if the request fails. */
export function loadRules(api) {
  if (!rulesPromise) {
    rulesPromise = api
      .rules()
      .then((list) => (Array.isArray(list) && list.length ? list : RULES_FALLBACK))
      .catch(() => RULES_FALLBACK);
  }
  return rulesPromise;
}

/** Fills a <select> with the rule sets, keeping `selected` if given. */
export function fillRulesSelect(select, rules, selected) {
  select.replaceChildren(
    // plain words first, the rule set's short name (as in links and the CLI) second
    ...rules.map((r) => h('option', { value: r.id, text: `${r.name} · ${r.id}` })),
  );
  const fallback = (rules.find((r) => r.default) || rules[0]).id;
  select.value = rules.some((r) => r.id === selected) ? selected : fallback;
}

/** "A" for 1, otherwise the number. */
export function cardLabel(value) {
  return value === 1 ? 'A' : String(value);
}

/** A playing card (no suit: with an infinite deck suits never matter). */
export function cardEl(value, { hidden = false, isNew = false } = {}) {
  if (hidden) {
    return h('span', { class: 'card hidden', role: 'img', 'aria-label': 'face-down card' });
  }
  const label = cardLabel(value);
  const name = value === 1 ? 'ace' : value === 10 ? 'ten-valued card' : `${value}`;
  const cls = `card${value === 1 ? ' ace' : ''}${value === 10 ? ' ten' : ''}${isNew ? ' new' : ''}`;
  return h(
    'span',
    { class: cls, role: 'img', 'aria-label': name },
    h('span', { 'aria-hidden': 'true', text: label }),
    h('span', { class: 'corner-bottom', 'aria-hidden': 'true', text: label }),
  );
}

/** The observation as the agent sees it: "(16, 10, 0)". */
export function obsTuple(o) {
  return `(${o.playerSum}, ${o.dealerCard}, ${o.usableAce ? 1 : 0})`;
}

/** The observation in words, for the learner ("your") or the agent ("its"). */
export function obsWords(o, whose = 'your') {
  const dealer = o.dealerCard === 1 ? 'an ace' : `a ${o.dealerCard}`;
  const ace = o.usableAce ? 'a usable ace' : 'no usable ace';
  return `${whose} total ${o.playerSum}, dealer shows ${dealer}, ${ace}`;
}

export function outcomeWords(outcome) {
  return { win: 'You win', loss: 'You lose', draw: 'Draw' }[outcome] || 'Hand over';
}

/** The server reports a dealer bust either as the busted total or as 0 (Gymnasium's score). */
export function isBust(sum) {
  return sum === 0 || sum > 21;
}

export function dealerSumText(sum) {
  if (sum === 0) return 'bust';
  return sum > 21 ? `${sum}, bust` : String(sum);
}
