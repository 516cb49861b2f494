// Shared by the GridWorld widgets of lesson 2 (<grid-loop>, <grid-dp>, <grid-learn>,
// <grid-reinforce>, <grid-cliff>, <grid-code>): the GridWorld API (docs/api.md, "GridWorld API"),
// map reading, the colour scale, KaTeX, form fields and the board every widget draws on.
// Nothing here simulates the world: every value, policy and step comes from the engine, which runs
// in this browser (engine.js) and answers exactly as the server would; where it cannot run, the
// server answers.
import { ApiError, request } from './api.js';
import { localOrServer } from './engine.js';
import { param, rangeHint } from './params.js';
import { focusScrollables, h, num, setChildren, uid } from './dom.js';

// ----- the API -----------------------------------------------------------------------------

const TIMEOUT_MS = 30000;

const BUSY = (wait) => `The server is busy: too many learners are running agents right now. Try again${wait}.`;

/**
 * One JSON call through the site's one HTTP client (api.js): resolves with the parsed answer
 * (null for 204) or rejects with an ApiError whose message can be shown as it is; `field` names
 * the setting the server rejected.
 */
function call(method, url, body, timeout = TIMEOUT_MS, keepalive = false) {
  const server = () => request(method, url, body, {
    timeout, keepalive, busy: BUSY,
    notFound: 'The server no longer knows this agent (it forgets idle agents after 20 minutes).',
  });
  if (!url.startsWith('/api/gridworld/')) return server();
  return localOrServer(method, url, body, server);
}

const enc = encodeURIComponent;

export const gridApi = {
  presets: () => call('GET', '/api/gridworld/presets'),
  dp: (body) => call('POST', '/api/gridworld/dp', body),
  createSession: (body) => call('POST', '/api/gridworld/sessions', body),
  step: (id, steps) => call('POST', `/api/gridworld/sessions/${enc(id)}/step`, { steps }),
  patch: (id, body) => call('PATCH', `/api/gridworld/sessions/${enc(id)}`, body),
  /** Forgets a session; keepalive lets it finish while the page unloads. Errors are ignored. */
  drop: (id) => call('DELETE', `/api/gridworld/sessions/${enc(id)}`, undefined, 5000, true).catch(() => null),
  source: (algorithm) => call('GET', `/api/source/${enc(algorithm)}`),
};

let presetsPromise = null;

/** GET /api/gridworld/presets, asked once per page. A failure is not remembered. */
export function loadPresets() {
  if (!presetsPromise) {
    presetsPromise = gridApi.presets().then((list) => {
      if (!Array.isArray(list) || list.length === 0) throw new ApiError('The server sent no maps.');
      return list.map((p) => ({ ...p, map: readMap(p) }));
    });
    presetsPromise.catch(() => { presetsPromise = null; });
  }
  return presetsPromise;
}

/**
 * Loads the preset maps into `widget.presets`; resolves true. On failure says so in `widget.status`,
 * sets the widget's data-state to "error" and resolves false.
 */
export async function loadPresetsInto(widget) {
  try {
    widget.presets = await loadPresets();
    return true;
  } catch (e) {
    setStatus(widget.status, `${e.message} The maps could not be loaded.`, true);
    widget.dataset.state = 'error';
    return false;
  }
}

/** Ends the widget's playground session on the server (if any) and forgets it. */
export function dropWidgetSession(widget) {
  if (widget.session) {
    gridApi.drop(widget.session.id);
    widget.session = null;
    delete widget.dataset.session;
  }
}

// ----- actions, algorithms ----------------------------------------------------------------

/** Actions in the API's order: 0 up, 1 right, 2 down, 3 left. */
export const ACTIONS = [
  { id: 0, name: 'up', arrow: '↑', tex: '\\uparrow', dr: -1, dc: 0 },
  { id: 1, name: 'right', arrow: '→', tex: '\\rightarrow', dr: 0, dc: 1 },
  { id: 2, name: 'down', arrow: '↓', tex: '\\downarrow', dr: 1, dc: 0 },
  { id: 3, name: 'left', arrow: '←', tex: '\\leftarrow', dr: 0, dc: -1 },
];

/** "→" for 1; "none" for -1 or null. */
export function arrowOf(a) {
  return ACTIONS[a] ? ACTIONS[a].arrow : 'none';
}

/** The model-free learners of the playground, by the ids the API accepts. */
export const LEARNERS = [
  { id: 'q-learning', name: 'Q-learning' },
  { id: 'sarsa', name: 'SARSA' },
  { id: 'expected-sarsa', name: 'Expected SARSA' },
  { id: 'sarsa-lambda', name: 'SARSA(λ)' },
  { id: 'dyna-q', name: 'Dyna-Q' },
];

export function learnerName(id) {
  const all = [...LEARNERS, { id: 'reinforce', name: 'REINFORCE' },
    { id: 'reinforce-baseline', name: 'REINFORCE with baseline' }];
  const found = all.find((a) => a.id === id);
  return found ? found.name : String(id);
}

// ----- maps ---------------------------------------------------------------------------------

/** Tile characters of the map format (docs/gridworld-maps.md); a–z are floor with their own reward. */
const TILE_CHARS = { '#': 'wall', '.': 'floor', S: 'start', G: 'goal', L: 'lava', C: 'cliff' };

/** The reward of entering each kind of cell unless the map says otherwise (GridMap's defaults). */
const KIND_DEFAULTS = { step: -1, goal: 0, lava: -100, cliff: -100 };

/**
 * The board's view of a map: { rows, cols, tiles: ['floor'|'wall'|'start'|'goal'|'lava'|'cliff'],
 * rewards: [number|null] (the reward of entering each cell), start, slip, maxSteps, stepReward }.
 * Reads the server's map object (rows/cols with tiles or cells) or map text (a preset's `text`).
 */
export function readMap(source) {
  if (!source) return null;
  if (typeof source === 'string') return parseMapText(source);
  const m = source;
  let fromText = typeof m.text === 'string' ? parseMapText(m.text) : null;
  const rows = Number(m.rows) || 0;
  const cols = Number(m.cols) || 0;
  let tiles = null;
  const list = Array.isArray(m.tiles) ? m.tiles : Array.isArray(m.cells) ? m.cells : null;
  if (list && list.length && Array.isArray(list[0])) {
    tiles = list.flat().map(tileKind);
  } else if (list && list.length && typeof list[0] === 'string' && list.length === rows && rows * cols !== rows) {
    tiles = list.flatMap((line) => [...line].map(tileKind));
  } else if (list && rows && cols && list.length === rows * cols) {
    tiles = list.map(tileKind);
  }
  if (!tiles || tiles.length !== rows * cols) return fromText;
  let rewards = Array.isArray(m.rewards) ? m.rewards.flat() : null;
  if (rewards && rewards.length === tiles.length) {
    rewards = rewards.map((r, i) => (tiles[i] === 'wall' || typeof r !== 'number' ? null : r));
  } else if (fromText && fromText.tiles.length === tiles.length) {
    rewards = fromText.rewards;
  } else {
    rewards = tiles.map(() => null);
  }
  let start = tiles.indexOf('start');
  if (Number.isInteger(m.start)) start = m.start;
  else if (m.start && typeof m.start === 'object') start = Number(m.start.row) * cols + Number(m.start.col);
  fromText = fromText || {};
  return {
    id: m.id || fromText.id || null,
    rows,
    cols,
    tiles,
    rewards,
    start: start >= 0 ? start : 0,
    slip: typeof m.slip === 'number' ? m.slip : (fromText.slip ?? 0),
    stepReward: typeof m.stepReward === 'number' ? m.stepReward : (fromText.stepReward ?? -1),
    maxSteps: typeof m.maxSteps === 'number' ? m.maxSteps : (fromText.maxSteps ?? null),
  };
}

function tileKind(t) {
  if (t && typeof t === 'object') return tileKind(t.tile || t.kind || t.type || '.');
  const s = String(t);
  if (s.length === 1) return TILE_CHARS[s] || (s >= 'a' && s <= 'z' ? 'floor' : 'floor');
  const lower = s.toLowerCase();
  return ['wall', 'start', 'goal', 'floor', 'cliff', 'lava'].includes(lower) ? lower : 'floor';
}

/**
 * Map text: `key: value` settings (step, goal, lava, cliff, slip, max-steps, letter rewards such as
 * `a: 5`, `reward ROW,COL: VALUE`) and the grid's rows, which are the lines without a colon.
 * Returns null if the text has no grid (the server is the judge of everything else).
 */
export function parseMapText(text) {
  const settings = {};
  const letters = {};
  const cellRewards = [];
  const grid = [];
  for (const raw of String(text).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) {
      grid.push(line);
      continue;
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const n = Number(value.replace('\u2212', '-'));
    const cell = /^reward\s+(\d+)\s*,\s*(\d+)$/i.exec(key);
    if (cell) cellRewards.push([Number(cell[1]), Number(cell[2]), n]);
    else if (/^[a-z]$/.test(key)) letters[key] = n;
    else settings[key.toLowerCase()] = value;
  }
  if (!grid.length) return null;
  const rows = grid.length;
  const cols = grid[0].length;
  const num = (k) => (settings[k] !== undefined && Number.isFinite(Number(settings[k].replace('\u2212', '-')))
    ? Number(settings[k].replace('\u2212', '-')) : KIND_DEFAULTS[k]);
  const kindReward = { floor: num('step'), start: num('step'), goal: num('goal'), lava: num('lava'), cliff: num('cliff') };
  const tiles = [];
  const rewards = [];
  for (const row of grid) {
    for (let c = 0; c < cols; c += 1) {
      const ch = row[c] || '.';
      const kind = tileKind(ch);
      tiles.push(kind);
      if (kind === 'wall') rewards.push(null);
      else if (ch >= 'a' && ch <= 'z' && Number.isFinite(letters[ch])) rewards.push(letters[ch]);
      else rewards.push(kindReward[kind] ?? kindReward.floor);
    }
  }
  for (const [r, c, v] of cellRewards) {
    if (r < rows && c < cols && tiles[r * cols + c] !== 'wall' && Number.isFinite(v)) rewards[r * cols + c] = v;
  }
  const slip = Number(settings.slip);
  const maxSteps = Number(settings['max-steps']);
  return {
    id: settings.id || null,
    name: settings.name || null,
    rows,
    cols,
    tiles,
    rewards,
    start: Math.max(0, tiles.indexOf('start')),
    slip: Number.isFinite(slip) ? slip : 0,
    stepReward: kindReward.floor,
    maxSteps: Number.isFinite(maxSteps) ? maxSteps : 100,
  };
}

/** Row and column, 1-based for people: state 14 in a 12-column map is "row 2, column 3". */
export function rowCol(map, s) {
  return { row: Math.floor(s / map.cols), col: s % map.cols };
}

export function cellName(map, s) {
  const { row, col } = rowCol(map, s);
  return `row ${row + 1}, column ${col + 1}`;
}

export const TILE_WORDS = {
  wall: 'wall', start: 'start', goal: 'goal', cliff: 'cliff edge', lava: 'lava', floor: 'floor',
};

/** Can the agent stand here and act (so values and arrows mean something)? */
export function isOpen(map, s) {
  const t = map.tiles[s];
  return t !== 'wall';
}

/**
 * Cells the agent never acts in: entering a goal or lava ends the episode, and entering the cliff
 * sends it back to the start. Their values and arrows mean nothing.
 */
export function isTerminalTile(map, s) {
  return ['goal', 'cliff', 'lava'].includes(map.tiles[s]);
}

// ----- numbers, colours, math ---------------------------------------------------------------

/** A compact value for a cell: 2 decimals below 10, 1 below 100, none above. */
export function short(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return num(v, a < 10 ? 2 : a < 100 ? 1 : 0);
}

/**
 * A Q-value as its triangle has room for: at most three digits (0.25, −3.5, −12); the exact value
 * is in the cell's description (hover, focus or tap).
 */
export function shortQ(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return num(v, a < 1 ? 2 : a < 10 ? 1 : 0);
}

function parseColor(c) {
  const s = String(c).trim();
  let m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) {
    const n = parseInt(m[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]].map((x) => parseInt(x + x, 16));
  m = /rgba?\(([^)]+)\)/.exec(s);
  if (m) return m[1].split(/[ ,/]+/).slice(0, 3).map(Number);
  return [128, 128, 128];
}

function mix(a, b, t) {
  return a.map((x, i) => Math.round(x + (b[i] - x) * t));
}

function luminance([r, g, b]) {
  const f = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

/**
 * The diverging colour scale of the theme (blue for negative, neutral at 0, orange for
 * positive; Okabe–Ito hues, safe for colour-blind readers). Numbers always accompany it.
 */
export function heatScale() {
  const styles = getComputedStyle(document.documentElement);
  const get = (name, fallback) => parseColor(styles.getPropertyValue(name).trim() || fallback);
  const neg = get('--heat-neg', '#2166ac');
  const mid = get('--heat-mid', '#f7f7f7');
  const pos = get('--heat-pos', '#d4710c');
  const dark = luminance(mid) < 0.2;
  /** t in [−1, 1] → { fill, text } with a readable text colour on that fill. */
  return (t) => {
    const x = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
    // Perceptually gentler: the square root spreads small values apart.
    const k = Math.sqrt(Math.abs(x));
    const rgb = x < 0 ? mix(mid, neg, k) : mix(mid, pos, k);
    const l = luminance(rgb);
    return {
      fill: `rgb(${rgb.join(',')})`,
      text: l > 0.3 ? '#111316' : (dark && l > 0.18 ? '#0b0c0e' : '#ffffff'),
    };
  };
}

/** Writes a source's equations (`data.tex`, typeset) into `equation` and its words into `words`. */
export function renderEquation(equation, words, data) {
  words.textContent = data.words || '';
  equation.replaceChildren();
  for (const t of data.tex || []) {
    const box = h('div', { class: 'eq' });
    tex(box, t);
    equation.append(box);
  }
  focusScrollables(equation);
}

/** Renders TeX into el (display mode by default); falls back to the source text. */
export function tex(el, source, display = true) {
  if (window.katex) {
    try {
      window.katex.render(source, el, { displayMode: display, throwOnError: false, strict: false });
      return;
    } catch (e) {
      // fall through
    }
  }
  el.textContent = source;
}

/** A number for TeX: true minus sign, parentheses around negatives when asked. */
export function texNum(x, digits = 2, paren = false) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '?';
  const s = Math.abs(x).toFixed(digits);
  if (x < 0 && Number(s) !== 0) return paren ? `(-${s})` : `-${s}`;
  return s;
}

// ----- form fields ----------------------------------------------------------------------------

/**
 * A labelled number box with an optional slider, hint and error line.
 * Returns { el, input, slider, error, value(), set(v), setError(msg) }.
 */
/**
 * A number field for the engine parameter `name` (alpha, gamma, epsilon, lambda, planningSteps,
 * seed…): its limits, whole-number-ness and the range in its hint come from the page's parameter
 * schema (params.js), never copied by hand; the lesson adds its label, its advice and its value.
 */
export function paramField(name, { label, advice = '', value, slider = null }) {
  const p = param(name, { family: 'gridworld' });
  return numberField({
    name, label, hint: advice ? `${rangeHint(p)}; ${advice}` : rangeHint(p), min: p.min, max: p.max,
    integer: p.kind === 'integer', value: value ?? p.default, slider,
  });
}

export function numberField({ name, label, hint, min, max, step = 'any', value, slider = null, integer = false }) {
  const id = uid(`gw-${name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const labelId = `${id}-label`;
  const input = h('input', {
    id, name, type: 'number', inputmode: integer ? 'numeric' : 'decimal', step, min, max,
    value, 'aria-describedby': `${hintId} ${errorId}`,
  });
  const error = h('span', { class: 'field-error', id: errorId });
  let range = null;
  if (slider) {
    range = h('input', {
      type: 'range', min: slider.min ?? min, max: slider.max ?? max, step: slider.step, value,
      'aria-labelledby': labelId, 'aria-describedby': hintId, 'data-for': name,
    });
    range.addEventListener('input', () => {
      input.value = range.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    input.addEventListener('input', () => {
      if (input.value !== '' && Number.isFinite(Number(input.value))) range.value = input.value;
    });
  }
  const el = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id, id: labelId }, label),
    range ? h('div', { class: 'pair' }, range, input) : input,
    hint ? h('span', { class: 'hint', id: hintId }, hint) : h('span', { id: hintId, hidden: true }),
    error);
  const field = {
    el, input, slider: range, error, name,
    /** The number in the box, or null (with a message beside it) if it is not one in range. */
    read() {
      const raw = input.value.trim();
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) return field.fail(`Enter a number${hint ? ` (${hint})` : ''}.`);
      if (integer && !Number.isInteger(v)) return field.fail('Enter a whole number.');
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
        return field.fail(`Enter a number from ${min} to ${max}.`);
      }
      field.setError(null);
      return v;
    },
    fail(message) {
      field.setError(message);
      return null;
    },
    set(v) {
      input.value = String(v);
      if (range) range.value = String(v);
    },
    setError(message) {
      error.textContent = message || '';
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
    disable(off) {
      input.disabled = off;
      if (range) range.disabled = off;
    },
  };
  return field;
}

/** A labelled select. Returns { el, input, error, setError(msg) }. */
export function selectField({ name, label, options, value, hint }) {
  const id = uid(`gw-${name}`);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const input = h('select', { id, name, 'aria-describedby': `${hint ? `${hintId} ` : ''}${errorId}` },
    options.map((o) => h('option', { value: o.id, text: o.name })));
  if (value !== undefined) input.value = value;
  const error = h('span', { class: 'field-error', id: errorId });
  const el = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: hintId }, hint) : null, error);
  return {
    el, input, error, name,
    setError(message) {
      error.textContent = message || '';
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** Fills a map select with the presets (keeping the chosen value if it still exists). */
export function fillPresetSelect(select, presets, wanted) {
  const value = wanted || select.value;
  setChildren(select, presets.map((p) => h('option', { value: p.id, text: p.name || p.id })));
  if (presets.some((p) => p.id === value)) select.value = value;
}

/**
 * Reads the fields named by `keys` into `cfg`: every one is read (so each shows its own error);
 * returns cfg, or null if any is invalid.
 */
export function readFields(fields, keys, cfg = {}) {
  let ok = true;
  for (const key of keys) {
    const v = fields[key].read();
    if (v === null) ok = false;
    cfg[key] = v;
  }
  return ok ? cfg : null;
}

/** Shows an API error beside its field when the server named one we have, else in the status. */
export function showError(error, fields, status) {
  const field = error && error.field && fields[error.field];
  if (field) {
    field.setError(error.message);
    if (status) setStatus(status, 'The server did not accept a setting; see the message beside it.', true);
  } else if (status) {
    setStatus(status, error ? error.message : 'Something went wrong.', true);
  }
}

export function setStatus(el, message, isError = false) {
  el.textContent = message;
  el.classList.toggle('error', isError);
}

// ----- the board ------------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
const U = 100; // SVG units per cell

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    // Computed colours go in the style, which beats the stylesheet's theme defaults.
    if (k === 'fill') el.style.fill = String(v);
    else el.setAttribute(k, String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Triangle of action a in a cell whose top-left corner is (x, y), pointing from the centre. */
function triangle(x, y, a) {
  const c = [x + U / 2, y + U / 2];
  const corners = {
    0: [[x, y], [x + U, y]],
    1: [[x + U, y], [x + U, y + U]],
    2: [[x + U, y + U], [x, y + U]],
    3: [[x, y + U], [x, y]],
  }[a];
  return [c, ...corners].map((p) => p.join(',')).join(' ');
}

/** Where the number of action a's Q-value sits inside its triangle. */
function triangleLabel(x, y, a) {
  const off = U * 0.3;
  const [dx, dy] = [[0, -1], [1, 0], [0, 1], [-1, 0]][a];
  return [x + U / 2 + dx * off, y + U / 2 + dy * off + 5];
}

/** An arrow from the cell centre towards action a, of length len (0..1 of half a cell). */
function arrowPath(x, y, a, len, width, gap = 0) {
  const cx = x + U / 2;
  const cy = y + U / 2;
  const [dx, dy] = [[0, -1], [1, 0], [0, 1], [-1, 0]][a];
  // `gap` keeps the stem's start off the centre, so four arrows in one cell stay apart.
  const L = gap + (U / 2 - 8 - gap) * len;
  const tip = [cx + dx * L, cy + dy * L];
  const head = Math.min(16, 6 + width * 2);
  const back = [tip[0] - dx * head, tip[1] - dy * head];
  const px = -dy;
  const py = dx;
  const stem = s('line', {
    x1: cx + dx * gap, y1: cy + dy * gap, x2: back[0], y2: back[1], 'stroke-width': width, 'stroke-linecap': 'round',
  });
  const tri = s('polygon', {
    points: [tip, [back[0] + px * head * 0.6, back[1] + py * head * 0.6],
      [back[0] - px * head * 0.6, back[1] - py * head * 0.6]].map((p) => p.join(',')).join(' '),
  });
  return [stem, tri];
}

/**
 * A grid of cells drawn as one SVG, with an invisible layer of focusable cells on top for the
 * keyboard, screen readers and clicks. Usage: `new GridBoard({ label, onActivate })`, then
 * `setMap(map)` and `draw(layers)` as often as the numbers change.
 *
 * layers: { q: [[4]…] (triangles), values: […] (cell colour + number), policy: [[4]…] (arrows,
 * width by probability), greedy: [a…] (one arrow each), agent: state, highlight: { state, action },
 * paths: [{ states, className, label }], probabilities: [[4]…] (bars), valueName: 'V' }.
 */
export class GridBoard {
  constructor({ label = 'Grid world', onActivate = null, describe = null, editable = false } = {}) {
    this.label = label;
    this.onActivate = onActivate;
    this.describe = describe;
    this.editable = editable;
    this.map = null;
    this.layers = {};
    this.focused = 0;
    this.svg = s('svg', { class: 'gw-svg', 'aria-hidden': 'true', focusable: 'false' });
    this.cells = h('div', { class: 'gw-cells', role: 'grid', 'aria-label': label });
    this.board = h('div', { class: 'gw-board' }, this.svg, this.cells);
    this.info = h('p', { class: 'gw-info', 'aria-live': 'polite', 'data-role': 'cell-info' },
      editable
        ? 'Hover over or focus a cell to read its numbers; click it or press Enter to edit it. Arrow keys move between cells.'
        : 'Hover over or focus a cell to read its numbers. Arrow keys move between cells.');
    // On a touch screen the info line under the board can be out of sight (below the screen's
    // edge) when a cell is tapped: a tapped cell's numbers also show beside the finger, in a
    // bubble anchored to the cell. It repeats the info line (which screen readers hear), so it is
    // hidden from them; tapping it, a key, or the mouse puts it away.
    this.pop = h('div', { class: 'gw-pop', hidden: true, 'aria-hidden': 'true', 'data-role': 'cell-pop' });
    this.pop.addEventListener('click', () => this.hidePop());
    this.popState = null;
    this.el = h('div', { class: 'gw-board-wrap' }, h('div', { class: 'gw-board-box' }, this.board), this.info, this.pop);
    this.cells.addEventListener('pointerdown', (e) => {
      this.pointer = e.pointerType;
      if (e.pointerType === 'mouse') this.hidePop();
    });
    this.cells.addEventListener('keydown', (e) => {
      this.hidePop();
      this.onKey(e);
    });
    this.cells.addEventListener('focusin', (e) => {
      const cell = e.target.closest('[data-state]');
      if (!cell) return;
      // However the cell got focus (Tab, a click, a script), it becomes the roving tab stop.
      const st = Number(cell.dataset.state);
      if (st !== this.focused) {
        const old = this.cellElement(this.focused);
        if (old) old.tabIndex = -1;
        this.focused = st;
        cell.tabIndex = 0;
      }
      this.showInfo(st);
    });
    this.cells.addEventListener('mouseover', (e) => {
      const cell = e.target.closest('[data-state]');
      if (cell) this.showInfo(Number(cell.dataset.state));
    });
    this.cells.addEventListener('click', (e) => {
      const cell = e.target.closest('[data-state]');
      if (!cell) return;
      this.focusCell(Number(cell.dataset.state));
      if (this.pointer === 'touch' || this.pointer === 'pen') this.showPop(Number(cell.dataset.state));
      this.pointer = null;
      if (this.onActivate) this.onActivate(Number(cell.dataset.state));
    });
    if (window.ResizeObserver) {
      this.resizer = new ResizeObserver(() => this.measure());
      this.resizer.observe(this.board);
    }
  }

  /** Sets (or replaces) the map; keeps the focused cell when it still exists. */
  setMap(map) {
    const same = this.map && map && this.map.rows === map.rows && this.map.cols === map.cols;
    this.map = map;
    if (!map) return;
    this.board.style.setProperty('--rows', map.rows);
    this.board.style.setProperty('--cols', map.cols);
    this.svg.setAttribute('viewBox', `0 0 ${map.cols * U} ${map.rows * U}`);
    if (!same) {
      this.focused = Math.min(this.focused, map.rows * map.cols - 1);
      const rows = [];
      for (let r = 0; r < map.rows; r += 1) {
        const row = h('div', { class: 'gw-row', role: 'row' });
        for (let c = 0; c < map.cols; c += 1) {
          const st = r * map.cols + c;
          row.append(h('div', {
            class: 'gw-cell', role: 'gridcell', tabindex: st === this.focused ? 0 : -1,
            dataset: { state: st, row: r, col: c },
          }));
        }
        rows.push(row);
      }
      setChildren(this.cells, rows);
    }
    this.draw(this.layers);
  }

  measure() {
    if (!this.map) return;
    const width = this.board.getBoundingClientRect().width;
    const cell = width / this.map.cols;
    this.board.classList.toggle('gw-small', cell < 44);
    this.board.classList.toggle('gw-tiny', cell < 30);
  }

  cellElement(st) {
    return this.cells.querySelector(`[data-state="${st}"]`);
  }

  focusCell(st) {
    if (!this.map) return;
    const old = this.cellElement(this.focused);
    if (old) old.tabIndex = -1;
    this.focused = st;
    const el = this.cellElement(st);
    if (el) {
      el.tabIndex = 0;
      el.focus();
    }
  }

  onKey(e) {
    if (!this.map) return;
    const { rows, cols } = this.map;
    const r = Math.floor(this.focused / cols);
    const c = this.focused % cols;
    const moves = {
      ArrowUp: [Math.max(0, r - 1), c],
      ArrowDown: [Math.min(rows - 1, r + 1), c],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowRight: [r, Math.min(cols - 1, c + 1)],
      Home: [r, 0],
      End: [r, cols - 1],
    };
    if (e.key in moves) {
      e.preventDefault();
      const [nr, nc] = moves[e.key];
      this.focusCell(nr * cols + nc);
    } else if ((e.key === 'Enter' || e.key === ' ') && this.onActivate) {
      e.preventDefault();
      this.onActivate(this.focused);
    }
  }

  /** The sentence for one cell (aria-label and the info line). */
  cellText(st) {
    const map = this.map;
    const L = this.layers;
    const tile = map.tiles[st];
    const parts = [];
    const reward = map.rewards[st];
    let what = TILE_WORDS[tile] || tile;
    if (typeof reward === 'number' && tile !== 'wall') what += `, reward ${short(reward)}`;
    parts.push(what);
    if (tile !== 'wall') {
      if (L.values && typeof L.values[st] === 'number') parts.push(`${L.valueName || 'V'} = ${short(L.values[st])}`);
      if (L.q && L.q[st] && !isTerminalTile(map, st)) {
        parts.push(`Q: ${ACTIONS.map((a) => `${a.name} ${short(L.q[st][a.id])}`).join(', ')}`);
      }
      const best = this.bestActions(st);
      if (best.length && !isTerminalTile(map, st)) {
        parts.push(`${L.probabilities ? 'most likely action' : 'best action'} ${best.map((a) => ACTIONS[a].arrow).join(' or ')}`);
      }
      const probs = L.probabilities && L.probabilities[st];
      if (probs && !isTerminalTile(map, st)) {
        parts.push(`π: ${ACTIONS.map((a) => `${a.arrow} ${Math.round(probs[a.id] * 100)} %`).join(', ')}`);
      }
    }
    if (L.agent === st) parts.push('the agent is here');
    if (L.highlight && L.highlight.state === st) parts.push(L.highlight.text || 'just updated');
    if (L.paths) {
      for (const p of L.paths) if (p.states && p.states.includes(st)) parts.push(`on ${p.label}`);
    }
    if (this.describe) {
      const extra = this.describe(st);
      if (extra) parts.push(extra);
    }
    return `${cellName(map, st)}: ${parts.join('; ')}`;
  }

  /** Greedy actions of a cell: from `greedy`, else the largest of the policy or Q. */
  bestActions(st) {
    const L = this.layers;
    if (L.policy && L.policy[st]) {
      const p = L.policy[st];
      const max = Math.max(...p);
      if (max <= 0) return [];
      return p.map((x, i) => (x > max - 1e-9 ? i : -1)).filter((i) => i >= 0);
    }
    const raw = (L.rawQ && L.rawQ[st]) || (L.q && L.q[st]);
    if (raw && raw.every((v) => v === raw[0])) return [];
    if (L.greedy && typeof L.greedy[st] === 'number') return L.greedy[st] >= 0 ? [L.greedy[st]] : [];
    if (L.probabilities && L.probabilities[st]) {
      const p = L.probabilities[st];
      const max = Math.max(...p);
      return [p.indexOf(max)];
    }
    if (L.q && L.q[st]) {
      const q = L.q[st];
      const max = Math.max(...q);
      if (q.every((x) => x === max)) return [];
      return [q.indexOf(max)];
    }
    return [];
  }

  showInfo(st) {
    if (!this.map || st < 0 || st >= this.map.tiles.length) return;
    this.info.textContent = this.cellText(st);
  }

  /**
   * Shows a tapped cell's numbers in the bubble next to it: below the cell when that fits on the
   * screen, else above it, kept inside the board's width.
   */
  showPop(st) {
    if (!this.map || st < 0 || st >= this.map.tiles.length) return;
    this.popState = st;
    this.pop.textContent = this.cellText(st);
    this.pop.hidden = false;
    this.placePop();
  }

  placePop() {
    const cell = this.cellElement(this.popState);
    if (!cell || this.pop.hidden) return;
    const wrap = this.el.getBoundingClientRect();
    const c = cell.getBoundingClientRect();
    const pop = this.pop.getBoundingClientRect();
    const gap = 6;
    const below = c.bottom + gap + pop.height <= window.innerHeight - gap || c.top - gap - pop.height < 0;
    const top = below ? c.bottom - wrap.top + gap : c.top - wrap.top - gap - pop.height;
    const left = Math.max(0, Math.min(c.left + c.width / 2 - pop.width / 2 - wrap.left, wrap.width - pop.width));
    this.pop.style.top = `${Math.round(top)}px`;
    this.pop.style.left = `${Math.round(left)}px`;
    this.pop.classList.toggle('is-above', !below);
  }

  hidePop() {
    this.popState = null;
    this.pop.hidden = true;
  }

  /** Redraws everything from the layers. */
  draw(layers = {}) {
    this.layers = layers;
    const map = this.map;
    if (!map) return;
    const heat = heatScale();
    const out = document.createDocumentFragment();
    // Value scale: symmetric around 0, over the cells that have values.
    const scaleOf = (arr) => {
      let m = 0;
      if (!arr) return 1;
      arr.forEach((v, st) => {
        if (typeof v === 'number' && Number.isFinite(v) && map.tiles[st] !== 'wall') m = Math.max(m, Math.abs(v));
      });
      return m || 1;
    };
    const vScale = layers.valueScale || scaleOf(layers.values);
    let qScale = 1;
    if (layers.q) {
      let m = 0;
      layers.q.forEach((row, st) => {
        if (row && map.tiles[st] !== 'wall') for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
      });
      qScale = layers.qScale || m || 1;
    }
    const defs = s('defs');
    const hatchId = uid('gw-hatch');
    const pat = s('pattern', { id: hatchId, width: 14, height: 14, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    pat.append(s('rect', { width: 14, height: 14, class: 'gw-cliff-bg' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 14, class: 'gw-cliff-line' }));
    defs.append(pat);
    out.append(defs);
    const cellsG = s('g', { class: 'gw-layer-cells' });
    const overG = s('g', { class: 'gw-layer-over' });
    for (let st = 0; st < map.tiles.length; st += 1) {
      const r = Math.floor(st / map.cols);
      const c = st % map.cols;
      const x = c * U;
      const y = r * U;
      const tile = map.tiles[st];
      const g = s('g', { class: `gw-c gw-t-${tile}` });
      if (tile === 'wall') {
        g.append(s('rect', { x, y, width: U, height: U, class: 'gw-wall' }));
        cellsG.append(g);
        continue;
      }
      if (tile === 'cliff' || tile === 'lava') {
        g.append(s('rect', { x, y, width: U, height: U, fill: `url(#${hatchId})`, class: 'gw-cliff' }));
      } else {
        let fill = null;
        let textColor = null;
        if (layers.values && typeof layers.values[st] === 'number') {
          const col = heat(layers.values[st] / vScale);
          fill = col.fill;
          textColor = col.text;
        }
        g.append(s('rect', { x, y, width: U, height: U, class: 'gw-floor', fill }));
        // Arrows take the readable colour of this cell's fill (currentColor).
        if (textColor) g.style.color = textColor;
        const terminal = isTerminalTile(map, st);
        if (layers.q && layers.q[st] && !terminal) {
          ACTIONS.forEach((a) => {
            const v = layers.q[st][a.id];
            const col = heat(v / qScale);
            g.append(s('polygon', { points: triangle(x, y, a.id), fill: col.fill, class: 'gw-tri' }));
            const [lx, ly] = triangleLabel(x, y, a.id);
            if (v !== 0) g.append(s('text', { x: lx, y: ly, fill: col.text, class: 'gw-num gw-qnum' }, shortQ(v)));
          });
        }
        if (layers.values && typeof layers.values[st] === 'number' && !layers.q) {
          g.append(s('text', { x: x + U / 2, y: y + U - 10, fill: textColor, class: 'gw-num gw-vnum' }, short(layers.values[st])));
        }
        if (!terminal) this.drawArrows(g, st, x, y, layers);
        if (tile === 'goal') {
          g.append(s('text', { x: x + U / 2, y: y + U / 2 + 12, class: 'gw-mark' }, 'G'));
        } else if (tile === 'start') {
          g.append(s('text', { x: x + 8, y: y + 24, class: 'gw-mark gw-mark-small', 'text-anchor': 'start' }, 'S'));
        }
        const reward = map.rewards[st];
        const usual = typeof map.stepReward === 'number' ? map.stepReward : -1;
        if (typeof reward === 'number' && reward !== usual && layers.showRewards !== false) {
          g.append(s('text', { x: x + U - 6, y: y + 22, class: 'gw-num gw-reward', 'text-anchor': 'end' }, short(reward)));
        }
      }
      cellsG.append(g);
    }
    out.append(cellsG);
    // Grid lines.
    const lines = s('g', { class: 'gw-lines' });
    for (let r = 0; r <= map.rows; r += 1) lines.append(s('line', { x1: 0, y1: r * U, x2: map.cols * U, y2: r * U }));
    for (let c = 0; c <= map.cols; c += 1) lines.append(s('line', { x1: c * U, y1: 0, x2: c * U, y2: map.rows * U }));
    out.append(lines);
    // Paths.
    if (layers.paths) {
      layers.paths.forEach((p, i) => {
        if (!p.states || p.states.length < 1) return;
        const off = (i - (layers.paths.length - 1) / 2) * 14;
        const xy = p.states.map((st) => [(st % map.cols) * U + U / 2 + off, Math.floor(st / map.cols) * U + U / 2 + off]);
        // The last step stops at the edge of the final cell, so the path never covers its letter (G).
        if (xy.length >= 2) {
          const [px, py] = xy[xy.length - 2];
          const [lx, ly] = xy[xy.length - 1];
          xy[xy.length - 1] = [(px + lx) / 2, (py + ly) / 2];
        }
        const pts = xy.map(([x, y]) => `${x},${y}`).join(' ');
        overG.append(s('polyline', { points: pts, class: `gw-path ${p.className || ''}` }));
        const [sx, sy] = pts.split(' ')[0].split(',').map(Number);
        overG.append(s('circle', { cx: sx, cy: sy, r: 7, class: `gw-path-dot ${p.className || ''}` }));
      });
    }
    // Highlight of the value that just changed.
    const hl = layers.highlight;
    if (hl && hl.state >= 0) {
      const r = Math.floor(hl.state / map.cols);
      const c = hl.state % map.cols;
      if (hl.action >= 0 && layers.q) {
        overG.append(s('polygon', { points: triangle(c * U, r * U, hl.action), class: 'gw-hl-tri' }));
      }
      overG.append(s('rect', { x: c * U + 3, y: r * U + 3, width: U - 6, height: U - 6, class: 'gw-hl-cell' }));
    }
    if (layers.next >= 0 && layers.next !== undefined) {
      const r = Math.floor(layers.next / map.cols);
      const c = layers.next % map.cols;
      overG.append(s('rect', { x: c * U + 8, y: r * U + 8, width: U - 16, height: U - 16, class: 'gw-next-cell' }));
    }
    // The agent.
    if (typeof layers.agent === 'number' && layers.agent >= 0) {
      const r = Math.floor(layers.agent / map.cols);
      const c = layers.agent % map.cols;
      overG.append(s('circle', { cx: c * U + U / 2, cy: r * U + U / 2, r: U * 0.2, class: 'gw-agent' }));
    }
    out.append(overG);
    this.svg.replaceChildren(out);
    // Labels of the focusable cells.
    for (const cell of this.cells.querySelectorAll('[data-state]')) {
      const st = Number(cell.dataset.state);
      cell.setAttribute('aria-label', this.cellText(st));
      cell.classList.toggle('is-wall', map.tiles[st] === 'wall');
    }
    if (this.cells.contains(document.activeElement) || this.cells.matches(':hover')) this.showInfo(this.focused);
    if (this.popState !== null && !this.pop.hidden) {
      if (this.popState < map.tiles.length) {
        this.pop.textContent = this.cellText(this.popState);
        this.placePop();
      } else {
        this.hidePop();
      }
    }
    this.measure();
  }

  drawArrows(g, st, x, y, layers) {
    const probs = layers.probabilities && layers.probabilities[st];
    if (probs) {
      // Policy-based: four arrows, length and width by probability.
      ACTIONS.forEach((a) => {
        const p = probs[a.id];
        if (!(p > 0.02)) return;
        const arrow = s('g', { class: 'gw-arrow gw-prob' });
        // Four arrows that start apart and stay thin enough not to merge into a blob.
        arrow.append(...arrowPath(x, y, a.id, 0.3 + 0.7 * p, 2 + 6 * p, U * 0.12));
        g.append(arrow);
      });
      return;
    }
    const policy = layers.policy && layers.policy[st];
    if (policy) {
      const max = Math.max(...policy);
      const uniform = policy.every((p) => Math.abs(p - policy[0]) < 1e-9);
      ACTIONS.forEach((a) => {
        const p = policy[a.id];
        if (!(p > 0.001)) return;
        const arrow = s('g', { class: `gw-arrow${p > max - 1e-9 && !uniform ? '' : ' gw-weak'}` });
        // Short enough to stay clear of the value printed at the bottom of the cell.
        arrow.append(...arrowPath(x, y, a.id, uniform ? 0.42 : 0.35 + 0.3 * p, uniform ? 3 : 3 + 4 * p));
        g.append(arrow);
      });
      return;
    }
    const best = this.bestActions(st);
    if (best.length === 1) {
      const arrow = s('g', { class: 'gw-arrow gw-greedy' });
      arrow.append(...arrowPath(x, y, best[0], layers.q ? 0.5 : 0.62, 5));
      g.append(arrow);
    }
  }

  destroy() {
    if (this.resizer) this.resizer.disconnect();
  }
}

/** The legend under a board. items: any of 'values', 'q', 'agent', 'walls', 'cliff', 'probs'. */
export function boardLegend(items, scaleText) {
  const li = [];
  if (items.includes('values') || items.includes('q')) {
    li.push(h('li', {}, h('span', { class: 'heat-scale', 'aria-hidden': 'true' }),
      scaleText || 'blue: negative, orange: positive'));
  }
  if (items.includes('agent')) li.push(h('li', {}, h('span', { class: 'gw-key gw-key-agent', 'aria-hidden': 'true' }), 'the agent'));
  if (items.includes('walls')) li.push(h('li', {}, h('span', { class: 'gw-key gw-key-wall', 'aria-hidden': 'true' }), 'wall'));
  if (items.includes('cliff')) li.push(h('li', {}, h('span', { class: 'gw-key gw-key-cliff', 'aria-hidden': 'true' }), 'cliff or lava'));
  if (items.includes('goal')) li.push(h('li', {}, h('span', { class: 'gw-key gw-key-goal', 'aria-hidden': 'true' }, 'G'), 'goal'));
  if (items.includes('hl')) li.push(h('li', {}, h('span', { class: 'gw-key gw-key-hl', 'aria-hidden': 'true' }), 'the value that just changed'));
  return h('ul', { class: 'legend gw-legend', 'aria-label': 'Legend' }, li);
}

/** Sends a document event other widgets may listen to (e.g. <grid-code> follows <grid-loop>). */
export function publish(name, detail) {
  document.dispatchEvent(new CustomEvent(name, { detail }));
}

export const GRID_STEP = 'grid-step';
export const GRID_ALGORITHM = 'grid-algorithm';
export const GRID_DP = 'grid-dp-sweep';

/** A moving average of `values` over `window` entries (shorter at the start). */
export function movingAverage(values, window) {
  const out = [];
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}
