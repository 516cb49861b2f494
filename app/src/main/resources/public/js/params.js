// The engine's parameter descriptions (GET /api/schema), which the server puts into every page
// as <script type="application/json" id="saferlhub-schema">. Forms take each field's default,
// allowed range and help text from here, so the page never states a range the engine does not
// enforce and no default is copied into JavaScript by hand.

let cached = null;

/** The whole schema: { algorithms, run, envs, families } (docs/api.md, "The parameter schema"). */
export function schema() {
  if (cached) return cached;
  const element = document.getElementById('saferlhub-schema');
  try {
    cached = element ? JSON.parse(element.textContent) : null;
  } catch (e) {
    cached = null;
  }
  if (!cached) throw new Error('This page lacks the parameter schema; reload it.');
  return cached;
}

const format = (x) => (Number.isInteger(x) ? x.toLocaleString('en-US') : String(x));

/**
 * The parameter `name` as `algorithm` reads it on an environment of `family`: the schema's entry
 * with the family's own default and, for `episodes`, the family's limits on this server.
 * Null when no algorithm has such a parameter.
 */
export function param(name, { algorithm = 'q-learning', family = 'blackjack' } = {}) {
  const s = schema();
  const own = s.algorithms.find((a) => a.id === algorithm);
  const found = (own && own.params.find((p) => p.name === name))
    || s.run.find((p) => p.name === name)
    || s.algorithms.flatMap((a) => a.params).find((p) => p.name === name);
  if (!found) return null;
  const p = { ...found };
  const f = s.families[family];
  if (f && f.defaults && Object.prototype.hasOwnProperty.call(f.defaults, name)) {
    p.default = f.defaults[name];
  }
  if (name === 'episodes' && f) {
    p.min = f.minEpisodes;
    p.max = f.maxEpisodes;
    p.range = `${format(p.min)} to ${format(p.max)}`;
  }
  return p;
}

/** The ids of every algorithm the engine offers, with their titles: [{ id, title }]. */
export function algorithms() {
  return schema().algorithms.map(({ id, title }) => ({ id, title }));
}

/** The allowed values of `p` in plain words for a hint: "above 0, up to 1", "100 to 10,000,000". */
export function rangeHint(p) {
  if (p.kind === 'choice') return p.choices.join(', ');
  if (p.kind === 'number') {
    return `${p.minOpen ? 'above' : 'from'} ${format(p.min)}, ${p.maxOpen ? 'below' : 'up to'} ${format(p.max)}`;
  }
  return p.range;
}
