// <kl-tilt env="burning-building" beta="0.1">: the exact best policy at each price of moving away
// from the base model, with no training. One request (POST /api/lab/tilt, answered by the engine
// in this page where it runs and by the server where it does not) brings the optimum
// π*_β = π_ref·exp(proxy/β)/Z at 121 values of β; the slider then walks along them. The widget
// shows the policy as bars beside the base model's, the optimum's rewards and KL, the curve of
// true and proxy reward against KL with the chosen β marked, a sentence written from these
// numbers, and the command that prints them. env="tiny-lm" shows the ten likeliest texts instead
// of bars. `custom` lets the learner define their own bandit (reference, proxy, true reward).
import { request } from './api.js';
import { localOrServer } from './engine.js';
import { h, num, setChildren, uid } from './dom.js';
import { showFieldError } from './safety-controls.js';
import { chartBox, chartColors, lineDataset, lineOptions, valueAxis, whenChart } from './run-charts.js';

/**
 * The β grid: about `count` values from 2 down to 0.02, evenly spaced on a log scale and rounded
 * to two significant digits (so 0.1 and 0.05 are on it), without repeats.
 */
export function betaGrid(count = 121, high = 2, low = 0.02) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const beta = Number((high * (low / high) ** (i / (count - 1))).toPrecision(2));
    if (out.at(-1) !== beta) out.push(beta);
  }
  return out;
}

/** "1.7 %" or "0.010 %" or "3.3 × 10⁻⁴ %": a probability readable from 1 down to 1e-12. */
export function probabilityText(p) {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '–';
  if (p >= 0.001) return `${(100 * p).toFixed(p >= 0.1 ? 1 : 2)}\u00a0%`;
  if (p === 0) return '0';
  const exponent = Math.floor(Math.log10(p));
  const mantissa = p / 10 ** exponent;
  const sup = String(exponent).replace('-', '\u207b').replace(/\d/g, (d) => '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079'[d]);
  return `${mantissa.toFixed(1)}\u00a0×\u00a010${sup}`;
}

/**
 * The sentence for β index `i` of a tilt answer, from the numbers (exported for the page tests):
 * where the optimum is, where true reward peaked along the path and where the exploit took over.
 */
export function tiltHeadline(answer, i) {
  const rows = answer.rows;
  const row = rows[i];
  let peak = 0;
  rows.forEach((r, j) => { if (r.trueReward > rows[peak].trueReward) peak = j; });
  const exploit = Array.isArray(answer.exploit) ? `"${answer.exploit[0]}"-like texts` : answer.exploit;
  const takeover = rows.findIndex((r) => r.piExploit > 0.5);
  let text = `At β = ${row.beta}, the best policy gives ${exploit} ${probabilityText(row.piExploit)} `
    + `(the base model: ${probabilityText(answer.referenceExploit)}), `
    + `earns a true reward of ${num(row.trueReward, 3)} and sits ${num(row.kl, 2)} nats from the base model. `;
  text += `Along the path, true reward peaks at ${num(rows[peak].trueReward, 3)} (β = ${rows[peak].beta}, `
    + `KL ${num(rows[peak].kl, 2)} nats) and falls after; `;
  text += takeover >= 0
    ? `from β = ${rows[takeover].beta} down, ${exploit} takes more than half of the probability.`
    : `${exploit} never takes more than half of the probability in this range of β.`;
  return text;
}

class KlTilt extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || 'burning-building';
    this.betas = betaGrid(this.env === 'tiny-lm' ? 61 : 121);
    this.onTheme = () => this.drawChart();
    document.addEventListener('themechange', this.onTheme);
    this.build();
    this.load();
  }

  disconnectedCallback() {
    document.removeEventListener('themechange', this.onTheme);
  }

  build() {
    const titleId = uid('kt-title');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const sliderId = uid('kt-beta');
    const start = Number(this.getAttribute('beta') || '0.1');
    let index = 0;
    this.betas.forEach((b, i) => { if (Math.abs(Math.log(b / start)) < Math.abs(Math.log(this.betas[index] / start))) index = i; });
    this.slider = h('input', {
      id: sliderId, type: 'range', min: 0, max: this.betas.length - 1, step: 1, value: index,
      'data-role': 'beta', disabled: true,
    });
    this.slider.addEventListener('input', () => this.show());
    this.betaText = h('output', { for: sliderId, class: 'kt-beta', 'data-role': 'beta-value' }, '');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' }, 'Computing the exact optimum…');
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.readout = h('dl', { class: 'kt-readout', 'data-role': 'readout' });
    this.bars = h('div', { class: 'kt-bars', 'data-role': 'bars' });
    this.headline = h('p', { class: 'se-headline', 'aria-live': 'polite', 'data-role': 'headline' });
    const chart = chartBox('kl-tilt', 'The exact optimum along the path: reward against distance from the base model',
      'Line chart: true reward and proxy reward of the best policy at each β, against the square root of its KL divergence from the base model, with the chosen β marked.');
    this.canvas = chart.canvas;
    this.command = h('code', { 'data-role': 'command' });
    this.append(
      h('h3', { class: 'widget-title', id: titleId }, this.getAttribute('title') || 'Drag β: the best policy at each price of leaving the base model'),
      h('p', { class: 'widget-note' }, 'Nothing is trained here: for each β the engine computes the one policy that maximises proxy reward minus β × KL, exactly. Drag right to make leaving the base model cheaper.'),
      h('div', { class: 'kt-slider field' },
        h('label', { for: sliderId }, 'β, the price of each nat of KL divergence'),
        h('div', { class: 'kt-slider-row' }, h('span', { 'aria-hidden': 'true' }, 'expensive'), this.slider, h('span', { 'aria-hidden': 'true' }, 'cheap')),
        this.betaText),
      this.status, this.error, this.headline,
      h('div', { class: 'kt-layout' }, this.bars, this.readout),
      chart.el,
      ...[this.customForm()].filter(Boolean),
      h('div', { class: 'cli' },
        h('p', { class: 'widget-note' }, 'The same numbers from the command line:'),
        h('pre', {}, this.command)));
  }

  customForm() {
    if (!this.hasAttribute('custom') || this.env === 'tiny-lm') return null;
    const input = (name, label, value, hint) => {
      const el = h('input', { id: uid(`kt-${name}`), type: 'text', value, 'data-role': name, spellcheck: 'false', autocomplete: 'off' });
      return { el, field: h('div', { class: 'field' }, h('label', { for: el.id }, label), el, h('span', { class: 'hint' }, hint)) };
    };
    this.refInput = input('ref', 'Base model π_ref', '0.6, 0.3, 0.0999, 0.0001', 'one probability per action, summing to 1');
    this.proxyInput = input('proxy', 'Proxy reward (what the optimiser is paid)', '0.5, 0, 0.6, 1', 'one number per action');
    this.trueInput = input('true', 'True reward (what you meant)', '0.8, 0.3, 0.9, -1', 'one number per action');
    const use = h('button', { type: 'button', class: 'btn', 'data-action': 'custom', onclick: () => this.useCustom() }, 'Use my bandit');
    const reset = h('button', { type: 'button', class: 'btn', 'data-action': 'building', onclick: () => { this.custom = null; this.load(); } }, 'Back to the burning building');
    return h('details', { class: 'kt-custom' },
      h('summary', {}, 'Define your own problem'),
      h('p', { class: 'widget-note' }, 'A bandit with as many actions as you like (2 to 64): list the base model\'s probability of each action, the proxy reward and the true reward. The action with the highest proxy is the exploit.'),
      h('div', { class: 'st-controls' }, this.refInput.field, this.proxyInput.field, this.trueInput.field),
      h('div', { class: 'st-actions' }, use, reset));
  }

  useCustom() {
    const parse = (input) => input.el.value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    const fields = { ref: this.refInput, proxy: this.proxyInput, true: this.trueInput };
    for (const [name, input] of Object.entries(fields)) {
      input.el.removeAttribute('aria-invalid');
      if (parse(input).some((x) => !Number.isFinite(x))) {
        showFieldError(this.error, `${name}: write numbers separated by commas.`, input.el);
        return;
      }
    }
    this.custom = { ref: parse(this.refInput), proxy: parse(this.proxyInput), true: parse(this.trueInput) };
    this.load();
  }

  body() {
    if (this.custom) return { env: 'bandit', ...this.custom, betas: this.betas };
    return { env: this.env, betas: this.betas };
  }

  load() {
    const body = this.body();
    this.dataset.state = 'running';
    this.error.hidden = true;
    this.status.textContent = 'Computing the exact optimum…';
    localOrServer('POST', '/api/lab/tilt', body, () => request('POST', '/api/lab/tilt', body))
      .then((answer) => {
        this.answer = answer;
        this.slider.disabled = false;
        this.status.textContent = `Exact optimum at ${answer.rows.length} values of β, from ${this.betas[0]} to ${this.betas.at(-1)}.`;
        this.show();
        this.drawChart();
        this.dataset.state = 'done';
      }, (e) => {
        this.dataset.state = 'error';
        this.status.textContent = '';
        const input = this.custom && e.field && { ref: this.refInput, proxy: this.proxyInput, true: this.trueInput }[e.field];
        showFieldError(this.error, e.message, input ? input.el : null);
      });
  }

  show() {
    if (!this.answer) return;
    const i = Number(this.slider.value);
    const row = this.answer.rows[i];
    const a = this.answer;
    this.betaText.textContent = `β = ${row.beta}`;
    this.slider.setAttribute('aria-valuetext', `β = ${row.beta}`);
    this.headline.textContent = tiltHeadline(a, i);
    const exploitName = Array.isArray(a.exploit) ? 'the favourite texts' : a.exploit;
    const item = (term, value, role) => [h('dt', {}, term), h('dd', { 'data-role': role }, value)];
    setChildren(this.readout,
      ...item(`π*(${exploitName})`, probabilityText(row.piExploit), 'pi-exploit'),
      ...item('Proxy reward (paid)', num(row.proxyReward, 3), 'proxy-reward'),
      ...item('True reward (meant)', num(row.trueReward, 3), 'true-reward'),
      ...item('KL to the base model', `${num(row.kl, 3)} nats`, 'kl'),
      ...(row.expectedExclamations !== undefined ? item('Exclamation marks per text', num(row.expectedExclamations, 2), 'shouts') : []));
    if (Array.isArray(a.actions)) {
      const rows = a.actions.map((name, j) => this.bar(name, a.reference[j], row.pi[j], name === a.exploit,
        `proxy ${num(a.proxy[j], 2)}, true ${num(a.true[j], 2)}`));
      setChildren(this.bars, h('p', { class: 'kt-legend' }, h('span', { class: 'kt-key ref' }), 'base model π_ref ', h('span', { class: 'kt-key opt' }), 'best policy π*_β'), ...rows);
    } else {
      const rows = row.likeliest.map((t) => this.bar(t.text === '' ? '(empty)' : `“${t.text}”`, t.reference, t.p,
        a.exploit.includes(t.text), `proxy ${num(t.proxyReward, 1)}, true ${num(t.trueReward, 1)}`));
      setChildren(this.bars, h('p', { class: 'kt-legend' }, 'The ten likeliest texts of the best policy: ', h('span', { class: 'kt-key ref' }), 'base model ', h('span', { class: 'kt-key opt' }), 'best policy'), ...rows);
    }
    this.command.textContent = this.commandText(row.beta);
    this.moveMarker(row);
  }

  bar(name, reference, optimum, exploit, note) {
    const width = (p) => `${Math.max(0.5, 100 * p).toFixed(1)}%`;
    return h('div', { class: `kt-bar${exploit ? ' exploit' : ''}`, 'data-action-name': name },
      h('div', { class: 'kt-bar-name' }, name, exploit ? h('span', { class: 'kt-tag' }, ' exploit') : null, h('span', { class: 'kt-note' }, note)),
      h('div', { class: 'kt-track', 'aria-hidden': 'true' },
        h('span', { class: 'kt-fill ref', style: `width:${width(reference)}` }),
        h('span', { class: 'kt-fill opt', style: `width:${width(optimum)}` })),
      h('div', { class: 'kt-bar-values' }, `${probabilityText(reference)} → `, h('strong', {}, probabilityText(optimum))));
  }

  commandText(beta) {
    if (this.custom) {
      return `./saferlhub experiment tilt --env bandit --ref ${this.custom.ref.join(',')} --proxy ${this.custom.proxy.join(',')} --true ${this.custom.true.join(',')} --betas ${beta} --json`;
    }
    return `./saferlhub experiment tilt --env ${this.env} --betas ${beta} --json`;
  }

  async drawChart() {
    const Chart = await whenChart();
    if (!Chart || !this.answer || !this.isConnected) return;
    const c = chartColors();
    const rows = this.answer.rows;
    const path = (key) => rows.map((r) => ({ x: Math.sqrt(r.kl), y: r[key] }));
    const datasets = [
      lineDataset('True reward (what you meant)', path('trueReward'), c.series[2], { pointRadius: 0 }),
      lineDataset('Proxy reward (what is paid)', path('proxyReward'), c.series[1], { borderDash: [8, 4] }),
      { label: 'Chosen β', type: 'scatter', data: [], pointRadius: 6, pointStyle: 'rectRot', borderColor: c.series[0], backgroundColor: c.series[0], marker: true },
    ];
    const options = lineOptions(c, {
      x: { type: 'linear', min: 0, title: { display: true, text: 'Distance from the base model: √KL (KL in nats), as Gao et al. plot it', color: c.text }, ticks: { color: c.text }, grid: { color: c.grid } },
      y: valueAxis(c, 'Expected reward'),
    }, { title: (x) => `√KL ${num(x, 2)} (KL ${num(x * x, 2)} nats)`, digits: 3 });
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
    this.moveMarker(rows[Number(this.slider.value)]);
  }

  moveMarker(row) {
    if (!this.chart) return;
    const marker = this.chart.data.datasets.find((d) => d.marker);
    marker.data = [{ x: Math.sqrt(row.kl), y: row.trueReward }, { x: Math.sqrt(row.kl), y: row.proxyReward }];
    this.chart.update('none');
  }
}

customElements.define('kl-tilt', KlTilt);
