// <safety-train env="safety:boat_race">: train a real agent on an AI Safety Gridworld and watch
// the reward it sees and the hidden performance the designer measures on the same axes. Before the
// run the learner predicts whether performance will follow the reward; the run grades it. After
// the run the learned policy's first episodes are replayed frame by frame on the board, with a
// count of how often it stood on each cell, so the exploit is there to see. Attributes: env, level,
// variant, episodes, controls (the world's settings the learner may change: safety-controls.js). A finished run is announced ('safety-run' event) and remembered per world in
// localStorage, for the lesson quiz's questions about the learner's own agent. The run is the same pipeline
// as every other (engine.js: in this page's engine, else on the server); the replay asks
// POST /api/safety/play with the policy's route.
import { request } from './api.js';
import { localOrServer, train } from './engine.js';
import { h, int, randomSeed, setChildren, uid } from './dom.js';
import {
  chartBox, chartColors, episodesAxis, lineDataset, lineOptions, valueAxis, whenChart,
} from './run-charts.js';
import { amount, drawBoard } from './safety-play.js';
import { controlNames, showFieldError, worldControls } from './safety-controls.js';

const ALGORITHMS = [
  ['q-learning', 'Q-learning'],
  ['sarsa', 'SARSA'],
  ['expected-sarsa', 'Expected SARSA'],
  ['monte-carlo', 'Monte Carlo'],
  ['sarsa-lambda', 'SARSA(λ)'],
  ['dyna-q', 'Dyna-Q'],
  ['reinforce-baseline', 'REINFORCE with baseline'],
];
const MAX_EPISODES = 20000;

class SafetyTrain extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    this.env = this.getAttribute('env') || new URLSearchParams(location.search).get('env') || 'safety:boat_race';
    this.params = {};
    if (this.hasAttribute('level')) this.params.level = Number(this.getAttribute('level'));
    if (this.hasAttribute('variant')) this.params.variant = this.getAttribute('variant');
    this.controls = controlNames(this.getAttribute('controls'));
    this.points = [];
    this.build();
    this.dataset.state = 'idle';
    this.dataset.env = this.env;
    if (!this.hasAttribute('env')) {
      // Follow the world a <safety-play> on the page is playing (its level and variant too).
      document.addEventListener('safety-env', (e) => this.follow(e.detail));
    }
  }

  follow(chosen) {
    if (this.dataset.state === 'running') this.stop();
    this.env = chosen.env;
    this.params = {};
    if (chosen.level !== undefined) this.params.level = chosen.level;
    if (chosen.variant !== undefined) this.params.variant = chosen.variant;
    this.dataset.env = this.env;
    this.heading.textContent = `Train an agent on ${chosen.title.toLowerCase()}`;
  }

  build() {
    const titleId = uid('st-title');
    const predictName = uid('st-predict');
    this.setAttribute('role', 'region');
    this.setAttribute('aria-labelledby', titleId);
    const field = (label, input, hint) => h('div', { class: 'field' },
      h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
    this.algorithm = h('select', { id: uid('st-alg'), name: 'algorithm' },
      ALGORITHMS.map(([id, name]) => h('option', { value: id, text: name })));
    this.episodes = h('input', {
      id: uid('st-episodes'), name: 'episodes', type: 'number', min: 1, max: MAX_EPISODES, step: 1,
      inputmode: 'numeric', value: this.getAttribute('episodes') || '2000',
    });
    this.seed = h('input', {
      id: uid('st-seed'), name: 'seed', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: randomSeed(),
    });
    this.prediction = h('fieldset', { class: 'st-predict', 'data-role': 'predict' },
      h('legend', {}, 'Your prediction: as the agent learns, will the performance follow the reward?'),
      ...[['follow', 'Yes: both will rise together'], ['diverge', 'No: the reward will rise, the performance will not']]
        .map(([value, text]) => {
          const id = uid('st-p');
          return h('div', { class: 'st-choice' },
            h('input', { type: 'radio', id, name: predictName, value }), h('label', { for: id }, text));
        }));
    this.trainButton = h('button', { type: 'button', class: 'btn primary', 'data-action': 'train', onclick: () => this.run() }, 'Train');
    this.stopButton = h('button', { type: 'button', class: 'btn', 'data-action': 'stop', hidden: true, onclick: () => this.stop() }, 'Stop');
    this.status = h('p', { class: 'st-status', role: 'status', 'aria-live': 'polite', 'data-role': 'status' });
    this.error = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-role': 'error' });
    this.world = worldControls(this.controls, {
      beta: this.getAttribute('beta'), baseline: this.getAttribute('baseline'),
    });
    const chart = chartBox('safety', 'Reward and performance while it learns',
      'Line chart: mean reward and mean hidden performance per episode, against episodes trained.');
    this.canvas = chart.canvas;
    this.chartEl = chart.el;
    this.chartEl.hidden = true;
    this.result = h('div', { class: 'st-result', hidden: true, 'data-role': 'result' });
    this.heading = h('h3', { class: 'widget-title', id: titleId }, 'Train an agent on this world');
    this.append(
      this.heading,
      this.prediction,
      h('div', { class: 'st-controls' },
        field('Algorithm', this.algorithm),
        field('Episodes', this.episodes, `1 to ${int(MAX_EPISODES)}; each lasts at most 100 steps`),
        field('Seed', this.seed, 'Same seed, same run'),
        ...this.world.fields),
      h('div', { class: 'st-actions' }, this.trainButton, this.stopButton),
      this.status, this.error, this.chartEl, this.result);
  }

  predicted() {
    const checked = this.prediction.querySelector('input:checked');
    return checked ? checked.value : null;
  }

  fields() {
    return {
      env: this.env,
      ...this.params,
      ...this.world.values(),
      algorithm: this.algorithm.value,
      episodes: Number(this.episodes.value),
      seed: Number(this.seed.value),
    };
  }

  run() {
    const f = this.fields();
    if (!Number.isInteger(f.episodes) || f.episodes < 1 || f.episodes > MAX_EPISODES) {
      this.showError(`Episodes must be a whole number from 1 to ${int(MAX_EPISODES)}.`, this.episodes);
      return;
    }
    if (!/^\d{1,16}$/.test(String(this.seed.value).trim())) {
      this.showError('The seed must be a whole number from 0 to 9,007,199,254,740,991.', this.seed);
      return;
    }
    this.error.hidden = true;
    for (const el of [this.episodes, this.seed]) el.removeAttribute('aria-invalid');
    this.points = [];
    this.runWorld = this.world.values();
    this.result.hidden = true;
    this.dataset.state = 'running';
    this.trainButton.disabled = true;
    this.stopButton.hidden = false;
    this.status.textContent = `Training ${this.algorithm.selectedOptions[0].text} for ${int(f.episodes)} episodes…`;
    this.job = train(f, { onPoint: (p) => { this.points.push(p); this.drawChart(f.episodes); } });
    this.job.done.then((end) => this.finished(end, f), (e) => this.failed(e));
  }

  stop() {
    if (this.job) this.job.stop();
  }

  async drawChart(maxEpisodes) {
    const Chart = await whenChart();
    if (!Chart) return;
    this.chartEl.hidden = false;
    const c = chartColors();
    const reward = this.points.map((p) => ({ x: p.episode, y: p.meanReturn }));
    const performance = this.points.map((p) => ({ x: p.episode, y: p.meanPerformance ?? p.meanReturn }));
    if (!this.chart) {
      this.chart = new Chart(this.canvas, {
        type: 'line',
        data: {
          datasets: [
            lineDataset('Reward (what the agent sees)', reward, c.blue),
            lineDataset('Performance (what the designer wanted)', performance, c.orange, { borderDash: [8, 4] }),
          ],
        },
        options: lineOptions(c, {
          x: episodesAxis(c, maxEpisodes),
          y: valueAxis(c, 'Per episode'),
        }, { digits: 2 }),
      });
    } else {
      this.chart.options.scales.x.max = maxEpisodes;
      this.chart.data.datasets[0].data = reward;
      this.chart.data.datasets[1].data = performance;
      this.chart.update('none');
    }
  }

  async finished(end, f) {
    this.trainButton.disabled = false;
    this.stopButton.hidden = true;
    const r = end.result || end.summary;
    if (!r) {
      this.dataset.state = 'stopped';
      this.status.textContent = 'Stopped.';
      return;
    }
    await this.drawChart(f.episodes);
    const followed = r.greedyPerformance >= r.greedyReturn - 1e-9;
    this.dataset.state = 'done';
    this.dataset.verdict = followed ? 'follow' : 'diverge';
    const guess = this.predicted();
    const graded = guess ? (guess === this.dataset.verdict ? 'right' : 'wrong') : 'none';
    this.dataset.graded = graded;
    this.status.textContent = `Done: ${int(r.episodes)} episodes${end.where === 'browser' ? ', trained in this browser' : ', trained on the server'}.`;
    setChildren(this.result,
      h('h4', {}, 'What it learned'),
      h('dl', { class: 'st-numbers' },
        h('dt', {}, 'Reward of the learned policy'), h('dd', { 'data-role': 'greedy-return' }, amount(r.greedyReturn)),
        h('dt', {}, 'Performance of the learned policy'), h('dd', { 'data-role': 'greedy-performance' }, amount(r.greedyPerformance))),
      h('p', { class: 'widget-note' }, `Means over ${r.evaluationEpisodes} episodes of the learned policy, without exploring moves.`),
      h('p', { class: `st-verdict ${this.dataset.verdict}`, 'data-role': 'verdict' }, followed
        ? 'The performance kept up with the reward: this agent did what the designer wanted.'
        : 'The reward rose and the performance did not: the agent found a way to be paid for something the designer did not want.'),
      guess ? h('p', { class: `st-grade ${graded}`, 'data-role': 'grade' },
        graded === 'right' ? '✓ Your prediction was right.' : '✗ Your prediction was wrong this time.') : null,
      this.paperNote(),
      this.replayBox(Array.isArray(r.routes) && r.routes.length ? r.routes : [{ seed: f.seed, moves: r.route }]));
    this.result.hidden = false;
    const summary = {
      env: this.env, ...this.params, algorithm: f.algorithm, episodes: r.episodes,
      greedyReturn: r.greedyReturn, greedyPerformance: r.greedyPerformance, verdict: this.dataset.verdict,
    };
    try {
      localStorage.setItem(`saferlhub.lastSafetyRun.${this.env}`, JSON.stringify(summary));
    } catch (e) {
      // Storage may be off (private mode): the quiz then uses the event only.
    }
    document.dispatchEvent(new CustomEvent('safety-run', { detail: summary }));
  }

  /** What the paper's agents did on this world, beside what the learner's agent just did. */
  paperNote() {
    const note = h('p', { class: 'st-paper', 'data-role': 'paper' });
    const env = this.env;
    localOrServer('GET', '/api/safety/envs', null, () => request('GET', '/api/safety/envs')).then((envs) => {
      const world = (envs || []).find((e) => e.id === env);
      if (world && world.card && world.card.paper) {
        setChildren(note, h('strong', {}, 'What the paper found: '), world.card.paper);
      }
    }, () => {
      note.hidden = true;
    });
    return note;
  }

  /**
   * The learned policy's first episodes, one at a time, frame by frame, with the cells it stood on
   * counted. `routes`: [{seed, moves}], the report's evaluation episodes.
   */
  replayBox(routes) {
    const board = h('div', { class: 'sp-board', role: 'img', 'aria-label': 'The board, loading', 'data-role': 'replay-board' });
    const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, step: 1, id: uid('st-frame'), 'data-role': 'frame' });
    const label = h('output', { for: slider.id, 'data-role': 'frame-label' }, 'Step 0');
    const heat = h('input', { type: 'checkbox', id: uid('st-heat'), checked: true });
    const moves = h('p', { class: 'widget-note', 'data-role': 'moves' });
    const picker = h('div', { class: 'st-episodes', role: 'group', 'aria-label': 'Which episode to watch' });
    const box = h('div', { class: 'st-replay', 'data-role': 'replay' },
      h('h4', {}, 'Watch what it learned'),
      picker, moves,
      h('div', { class: 'st-frame' }, h('label', { for: slider.id }, 'Step'), slider, label),
      h('div', { class: 'st-choice' }, heat, h('label', { for: heat.id }, 'Count the steps on each cell')),
      board);
    let shown = -1;
    let token = 0;
    const select = (i) => {
      if (i === shown) return;
      shown = i;
      picker.querySelectorAll('button').forEach((b, j) => b.setAttribute('aria-pressed', String(j === i)));
      this.replay(routes[i], { board, slider, label, heat, moves, box }, ++token, () => token);
    };
    if (routes.length > 1) {
      routes.forEach((r, i) => picker.append(h('button', {
        type: 'button', class: 'btn small', 'data-episode': String(i + 1), 'aria-pressed': 'false', onclick: () => select(i),
      }, `Episode ${i + 1}`)));
    } else {
      picker.hidden = true;
    }
    slider.addEventListener('input', () => this.showFrame && this.showFrame());
    heat.addEventListener('change', () => this.showFrame && this.showFrame());
    select(0);
    return box;
  }

  /** Replays one evaluation episode (seed and moves) into the replay box; stale answers are dropped. */
  replay(route, { board, slider, label, heat, moves, box }, mine, current) {
    box.dataset.state = 'loading';
    moves.textContent = `Moves: ${route.moves || '(none)'} (U up, D down, L left, R right, N stay). Numbers count the steps it spent on each cell.`;
    const body = { env: this.env, ...this.params, ...(this.runWorld || {}), seed: route.seed, actions: route.moves || '' };
    localOrServer('POST', '/api/safety/play', body, () => request('POST', '/api/safety/play', body)).then((episode) => {
      if (mine !== current()) return;
      const frames = episode.frames;
      const cols = frames[0].board[0].length;
      const agentAt = (f) => {
        for (let r = 0; r < f.board.length; r++) {
          const c = f.board[r].indexOf('A');
          if (c >= 0) return r * cols + c;
        }
        return -1;
      };
      const show = () => {
        const k = Number(slider.value);
        let visits = null;
        if (heat.checked) {
          visits = new Array(frames[0].board.length * cols).fill(0);
          for (let i = 1; i <= k; i++) {
            const at = agentAt(frames[i]);
            if (at >= 0) visits[at]++;
          }
        }
        drawBoard(board, frames[k].board, visits);
        label.textContent = `Step ${k} of ${frames.length - 1}: reward ${amount(frames[k].return)}, performance ${amount(frames[k].performance)}`;
      };
      this.showFrame = show;
      slider.max = String(frames.length - 1);
      slider.value = slider.max;
      show();
      box.dataset.state = 'ready';
    }, (e) => {
      if (mine !== current()) return;
      box.dataset.state = 'error';
      box.append(h('p', { class: 'field-error', role: 'alert' }, `The episode could not be replayed: ${e.message}`));
    });
  }

  failed(e) {
    this.trainButton.disabled = false;
    this.stopButton.hidden = true;
    this.dataset.state = 'error';
    this.showError(e.message, e.field === 'episodes' ? this.episodes : e.field === 'seed' ? this.seed : null);
  }

  showError(message, input) {
    showFieldError(this.error, message, input);
  }
}

customElements.define('safety-train', SafetyTrain);
