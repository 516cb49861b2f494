// The factory's robots: who they are, what went wrong in their training (each a mistake a lesson
// teaches and its quiz asks about), and an inline-SVG drawing in a broken and a fixed state.
// Broken and fixed differ in shape, not only colour: X eyes, sparks, smoke, a tilted head and a
// warning triangle versus happy eyes, a smile and a round check badge.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Each robot: body colour (Okabe–Ito), the ink for its chest glyph, a chest glyph, its base and
 * hand, and the texts: what went wrong in its training (mode), what it does wrong (symptom), where
 * the lessons show it (fact) and what the repair changed (fixed). `questions` names the quiz
 * questions ("lesson/id") about that mistake: a robot only names a mistake the lessons' questions
 * cover (GameContentTest checks every one against the quizzes).
 */
export const ROBOTS = [
  {
    id: 'edgy', name: 'Edgy', job: 'loading-dock runner', mode: 'Learned the path, not the risk',
    color: '#0072b2', ink: '#ffffff', glyph: 'arrow', base: 'legs', hand: 'plain',
    questions: ['gridworld/predict-cliff-sarsa', 'gridworld/cliff-reward-while-learning',
      'blackjack/q-learning-vs-sarsa'],
    symptom: 'Edgy runs along the very edge of the loading dock. It still tries a random move one '
      + 'time in ten, and next to the edge one random move in four takes it over.',
    fact: 'Cliff Walking (Sutton and Barto, Example 6.6), in the GridWorld lesson: Q-learning learns '
      + 'the shortest path along the cliff and falls while it explores; SARSA learns the value of '
      + 'the moves it really makes, random ones included, and keeps away from the edge.',
    fixed: 'Retrained with SARSA, Edgy keeps a row away from the edge while it still explores.',
  },
  {
    id: 'sticky', name: 'Sticky', job: 'card-table robot', mode: 'Never explores',
    color: '#cc79a7', ink: '#3a0f27', glyph: 'power', base: 'wheels', hand: 'plain',
    questions: ['blackjack/epsilon-greedy-share', 'blackjack/q-learning-vs-sarsa'],
    symptom: 'Sticky stuck on its first Blackjack hand and won. It has taken the action its '
      + 'Q-values liked best ever since, so the other action never gets a second try.',
    fact: 'The Blackjack lesson trains with ε-greedy: with probability ε the agent picks an action '
      + 'at random, so every estimate keeps being tested. A purely greedy learner can lock in an '
      + 'early lucky guess.',
    fixed: 'Sticky now explores with ε = 0.1 while it trains, and learned when hitting pays.',
  },
  {
    id: 'hasty', name: 'Hasty', job: 'courier robot', mode: 'Discounts the future too much',
    color: '#e69f00', ink: '#3d2600', glyph: 'box', base: 'treads', hand: 'plain',
    questions: ['blackjack/discounted-return', 'blackjack/return-of-a-hand'],
    symptom: 'Hasty was trained with γ = 0.5: a reward three steps away is worth only a quarter to '
      + 'it. It grabs the small tip at the door and never walks to the big delivery down the hall.',
    fact: 'The return adds up every reward to the end of the episode, each later one multiplied by '
      + 'γ once more per step. The Blackjack lesson shows it: with γ = 0.5 a win three rewards '
      + 'away counts 0.25.',
    fixed: 'With γ = 1 every reward counts in full, and Hasty makes the big delivery.',
  },
  {
    id: 'dial', name: 'Dial', job: 'quality inspector', mode: 'Trusted a noisy curve',
    color: '#d55e00', ink: '#ffffff', glyph: 'gauge', base: 'treads', hand: 'plain',
    questions: ['blackjack/exact-vs-sampled', 'blackjack/near-tie-cell'],
    symptom: 'Dial picks the agent whose training curve ends highest, −0.06 against −0.08, '
      + 'though those numbers include exploring moves and the luck of the cards.',
    fact: 'The Blackjack lesson compares agents by the exact expected return of their greedy '
      + 'policies, computed with dynamic programming. A gap of 0.02 between two noisy training '
      + 'curves can go either way.',
    fixed: 'Dial now compares the exact expected returns, with no luck in them.',
  },
  {
    id: 'slowpoke', name: 'Slowpoke', job: 'maze runner', mode: 'Learns one step at a time',
    color: '#009e73', ink: '#ffffff', glyph: 'loop', base: 'legs', hand: 'plain',
    questions: ['gridworld/eligibility-traces-speed', 'gridworld/what-dyna-q-adds',
      'gridworld/one-update-by-hand'],
    symptom: 'Slowpoke found the exit of the maze, but only the last step before it learned '
      + 'anything. The news creeps back one cell per trip, so it wanders for dozens of episodes.',
    fact: 'The GridWorld lesson shows two cures: SARSA(λ) keeps a fading trace of the recent path, '
      + 'so one surprise updates all of it; Dyna-Q replays remembered steps from a model it learns.',
    fixed: 'With eligibility traces the whole path learns from each success, and Slowpoke goes '
      + 'straight to the exit.',
  },
  {
    id: 'sweepy', name: 'Sweepy', job: 'cleaning robot', mode: 'Stopped planning too soon',
    color: '#56b4e9', ink: '#0b3550', glyph: 'sparkle', base: 'wheels', hand: 'mop',
    questions: ['planning/max-change-next-sweep', 'planning/bellman-two-steps',
      'planning/evaluation-versus-value-iteration', 'planning/which-needs-a-model'],
    symptom: 'Sweepy plans its route with one sweep of value iteration and trusts it. Only the '
      + 'cells next to the charger know the way; from the far corner it wanders.',
    fact: 'The planning lesson sweeps value iteration until the largest change is tiny: each '
      + 'sweep carries good values about one step further from the goal, and the largest change '
      + 'shrinks by at least γ per sweep.',
    fixed: 'Sweepy now sweeps until the values settle, and every cell knows the way home.',
  },
  {
    id: 'jittery', name: 'Jittery', job: 'stacking arm', mode: 'Noisy policy updates',
    color: '#f0e442', ink: '#3b3600', glyph: 'blocks', base: 'wheels', hand: 'claw',
    questions: ['planning/why-a-baseline', 'planning/when-policy-based'],
    symptom: 'Jittery learns with REINFORCE, and every return on its map is negative, so every '
      + 'move it makes gets pushed down, some more than others. Its grip changes wildly from '
      + 'episode to episode.',
    fact: 'The planning lesson runs REINFORCE with and without a baseline: subtracting the usual '
      + 'return of a cell means only better-than-usual returns push an action up, which cuts the '
      + 'noise of the updates.',
    fixed: 'With a learned baseline, Jittery’s updates are steady and it stacks the blocks.',
  },
  {
    id: 'loopy', name: 'Loopy', job: 'racing boat', mode: 'Games its reward',
    color: '#e69f00', ink: '#3d2800', glyph: 'loop', base: 'hull', hand: 'none',
    questions: ['reward-hacking/who-is-at-fault', 'reward-hacking/shuttle-reward',
      'reward-hacking/better-learner', 'reward-hacking/fix-needs-seeds'],
    symptom: 'Loopy is paid 3 for every checkpoint it enters the right way. It never finishes a '
      + 'lap: it sails off one checkpoint and straight back on, again and again, and earns as much '
      + 'as an honest racer.',
    fact: 'The boat race in the reward-hacking lesson: Q-learning finds the back-and-forth in a '
      + 'fraction of a second, with the full reward of 50 and a performance near 0. The fault is '
      + 'in the reward, not in the learner.',
    fixed: 'Its new reward pays for sailing on round the track, not for re-entering the same '
      + 'checkpoint, and held on three seeds: Loopy races laps now.',
  },
  {
    id: 'bucket', name: 'Bucket', job: 'garden robot', mode: 'Tampers with what it sees',
    color: '#d55e00', ink: '#ffffff', glyph: 'gauge', base: 'treads', hand: 'plain',
    questions: ['reward-hacking/tomato-kind-of-hack', 'reward-hacking/reward-versus-performance',
      'reward-hacking/absent-supervisor-why'],
    symptom: 'Bucket is paid for every tomato that looks watered in its camera. It found a bucket '
      + 'that, worn on its head, makes every plant look watered, and it stands under it all day '
      + 'while the tomatoes dry out.',
    fact: 'Tomato watering in the reward-hacking lesson: the reward is computed from the agent’s '
      + 'observation, so changing the observation pays as well as changing the world. The hidden '
      + 'performance, which counts the plants that are really watered, falls to about 5.',
    fixed: 'Its reward no longer pays while the camera is covered, and Bucket waters the plants.',
  },
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

function glyph(robot) {
  const ink = robot.ink;
  const s = { fill: 'none', stroke: ink, 'stroke-width': 3, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  switch (robot.glyph) {
    case 'sparkle':
      return el('path', { ...s, d: 'M60 72 L63 79 L70 82 L63 85 L60 92 L57 85 L50 82 L57 79 Z', fill: ink });
    case 'loop':
      return el('g', {}, el('path', { ...s, d: 'M69 80 A9 9 0 1 1 63 73' }),
        el('path', { ...s, d: 'M62 69 L66 73 L61 76' }));
    case 'arrow':
      return el('path', { ...s, d: 'M49 82 H70 M63 75 L71 82 L63 89' });
    case 'box':
      return el('g', {}, el('rect', { ...s, x: 50, y: 74, width: 20, height: 16, rx: 1 }),
        el('path', { ...s, d: 'M50 80 H70 M60 74 V80' }));
    case 'power':
      return el('g', {}, el('path', { ...s, d: 'M54 76 A9 9 0 1 0 66 76' }), el('path', { ...s, d: 'M60 71 V81' }));
    case 'gauge':
      return el('g', {}, el('path', { ...s, d: 'M50 87 A10 10 0 0 1 70 87' }), el('path', { ...s, d: 'M60 87 L66 78' }));
    case 'blocks':
      return el('g', {}, el('rect', { ...s, x: 53, y: 72, width: 14, height: 9, rx: 1 }),
        el('rect', { ...s, x: 53, y: 83, width: 14, height: 9, rx: 1 }));
    default:
      return null;
  }
}

function base(robot) {
  const line = 'var(--robot-line)';
  switch (robot.base) {
    case 'wheels':
      return el('g', { class: 'r-base' },
        el('rect', { x: 36, y: 102, width: 48, height: 6, rx: 3, fill: '#5b6068', stroke: line, 'stroke-width': 2 }),
        [38, 82].map((cx) => el('g', { class: 'r-wheel' },
          el('circle', { cx, cy: 112, r: 9, fill: '#3b3f45', stroke: line, 'stroke-width': 2 }),
          el('circle', { cx, cy: 112, r: 3, fill: '#c9ccd1' }))));
    case 'treads':
      return el('g', { class: 'r-base' },
        el('rect', { x: 28, y: 102, width: 64, height: 18, rx: 9, fill: '#3b3f45', stroke: line, 'stroke-width': 2 }),
        [38, 52, 68, 82].map((cx) => el('circle', { cx, cy: 111, r: 4, fill: '#c9ccd1' })));
    case 'hull':
      return el('g', { class: 'r-base' },
        el('path', { d: 'M20 100 H100 L90 118 H30 Z', fill: '#f4f4f1', stroke: line, 'stroke-width': 2, 'stroke-linejoin': 'round' }),
        el('path', { d: 'M24 106 H96', stroke: robot.color, 'stroke-width': 3 }),
        el('path', { class: 'r-wave', d: 'M12 124 q6 -4 12 0 t12 0 t12 0 t12 0 t12 0 t12 0 t12 0 t12 0', fill: 'none', stroke: '#56b4e9', 'stroke-width': 2.5, 'stroke-linecap': 'round' }));
    default: // legs
      return el('g', { class: 'r-base' },
        el('rect', { x: 44, y: 102, width: 10, height: 14, fill: '#5b6068', stroke: line, 'stroke-width': 2 }),
        el('rect', { x: 66, y: 102, width: 10, height: 14, fill: '#5b6068', stroke: line, 'stroke-width': 2 }),
        el('rect', { x: 38, y: 114, width: 20, height: 7, rx: 3, fill: '#3b3f45', stroke: line, 'stroke-width': 2 }),
        el('rect', { x: 62, y: 114, width: 20, height: 7, rx: 3, fill: '#3b3f45', stroke: line, 'stroke-width': 2 }));
  }
}

function arms(robot, broken) {
  const line = 'var(--robot-line)';
  const arm = (x, rot) => el('g', { transform: `rotate(${rot} ${x + 4} 66)` },
    el('rect', { x, y: 64, width: 8, height: 30, rx: 4, fill: robot.color, stroke: line, 'stroke-width': 2 }),
    el('circle', { cx: x + 4, cy: 97, r: 5, fill: '#c9ccd1', stroke: line, 'stroke-width': 2 }));
  const left = arm(20, broken ? 25 : 12);
  let right;
  if (robot.hand === 'mop') {
    right = el('g', { class: 'r-tool' },
      arm(92, -12),
      el('path', { d: 'M104 40 L100 116', stroke: '#8a5a2b', 'stroke-width': 4, 'stroke-linecap': 'round' }),
      el('path', { d: 'M90 116 H110 L112 124 H88 Z', fill: '#f0e442', stroke: line, 'stroke-width': 2, 'stroke-linejoin': 'round' }));
  } else if (robot.hand === 'claw') {
    right = el('g', { class: 'r-tool', transform: 'rotate(-28 96 66)' },
      el('rect', { x: 92, y: 64, width: 8, height: 30, rx: 4, fill: robot.color, stroke: line, 'stroke-width': 2 }),
      el('path', { d: 'M90 94 L92 104 M102 94 L100 104', stroke: line, 'stroke-width': 3, 'stroke-linecap': 'round' }),
      el('rect', { x: 88, y: 104, width: 16, height: 10, rx: 1, fill: '#d55e00', stroke: line, 'stroke-width': 2,
        transform: broken ? 'rotate(180 96 109)' : null }),
      el('rect', { x: 91, y: broken ? 104 : 110, width: 10, height: 4, fill: '#ffffff', opacity: 0.85 }));
  } else if (robot.hand === 'none') {
    right = null;
  } else {
    right = arm(92, broken ? -40 : -12);
  }
  return el('g', { class: 'r-arms' }, robot.hand === 'none' ? null : left, right);
}

function face(broken) {
  if (broken) {
    const x = (cx) => el('path', {
      d: `M${cx - 5} 29 l10 10 M${cx + 5} 29 l-10 10`, stroke: '#ffb000', 'stroke-width': 3.5, 'stroke-linecap': 'round',
    });
    return el('g', { class: 'r-face' }, x(50), x(70),
      el('path', { d: 'M49 46 l4 -3 l4 3 l4 -3 l4 3 l4 -3 l3 2', fill: 'none', stroke: '#ffb000', 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
  }
  const eye = (cx) => el('path', {
    d: `M${cx - 6} 37 q6 -9 12 0`, fill: 'none', stroke: '#7fe3c4', 'stroke-width': 3.5, 'stroke-linecap': 'round',
  });
  return el('g', { class: 'r-face' }, eye(50), eye(70),
    el('path', { d: 'M50 42 q10 8 20 0', fill: 'none', stroke: '#7fe3c4', 'stroke-width': 3, 'stroke-linecap': 'round' }));
}

/**
 * An inline SVG of the robot. options.state: 'broken' | 'fixed'; options.label: an accessible
 * name (the picture is decorative when omitted); options.size: CSS class suffix.
 */
export function robotSvg(robot, { state = 'broken', label = null, size = 'big' } = {}) {
  const broken = state !== 'fixed';
  const line = 'var(--robot-line)';
  const svg = el('svg', {
    class: `robot robot-${size} ${broken ? 'broken' : 'fixed'}`,
    viewBox: '0 0 120 130',
    'data-robot': robot.id,
    'data-robot-state': broken ? 'broken' : 'fixed',
    focusable: 'false',
    role: label ? 'img' : null,
    'aria-label': label,
    'aria-hidden': label ? null : 'true',
  });
  svg.append(
    el('ellipse', { class: 'r-shadow', cx: 60, cy: 125, rx: 38, ry: 4 }),
    el('g', { class: 'r-body' },
      base(robot),
      arms(robot, broken),
      el('rect', { x: 30, y: 56, width: 60, height: 48, rx: 9, fill: robot.color, stroke: line, 'stroke-width': 2.5 }),
      el('rect', { x: 42, y: 67, width: 36, height: 28, rx: 5, fill: 'rgb(255 255 255 / 0.22)', stroke: line, 'stroke-width': 1.5 }),
      glyph(robot),
      el('rect', { x: 53, y: 49, width: 14, height: 9, fill: '#5b6068', stroke: line, 'stroke-width': 2 }),
      el('g', { class: 'r-head', transform: broken ? 'rotate(-9 60 34)' : null },
        el('path', { d: 'M60 16 V7', stroke: line, 'stroke-width': 2.5 }),
        el('circle', { class: 'r-bulb', cx: 60, cy: 6, r: 4.5, fill: broken ? '#ffb000' : '#7fe3c4', stroke: line, 'stroke-width': 2 }),
        el('rect', { x: 32, y: 16, width: 56, height: 36, rx: 11, fill: robot.color, stroke: line, 'stroke-width': 2.5 }),
        el('rect', { x: 38, y: 22, width: 44, height: 26, rx: 7, fill: '#1d2530' }),
        face(broken),
        el('rect', { x: 28, y: 27, width: 5, height: 12, rx: 2, fill: '#5b6068' }),
        el('rect', { x: 87, y: 27, width: 5, height: 12, rx: 2, fill: '#5b6068' }))),
  );
  if (broken) {
    svg.append(
      el('g', { class: 'r-smoke' },
        el('circle', { cx: 86, cy: 12, r: 5 }), el('circle', { cx: 93, cy: 6, r: 3.5 }), el('circle', { cx: 98, cy: 2, r: 2 })),
      el('path', { class: 'r-spark', d: 'M14 40 L22 46 L17 49 L26 57', fill: 'none', stroke: '#ffb000', 'stroke-width': 3, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }),
      el('path', { class: 'r-spark r-spark-2', d: 'M100 58 L108 62 L103 66 L111 71', fill: 'none', stroke: '#ffb000', 'stroke-width': 3, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }),
      el('g', { class: 'r-badge' },
        el('path', { d: 'M104 14 L118 38 H90 Z', fill: '#e69f00', stroke: line, 'stroke-width': 2, 'stroke-linejoin': 'round' }),
        el('path', { d: 'M104 22 V30 M104 34 V34.5', stroke: '#1c1d1f', 'stroke-width': 3, 'stroke-linecap': 'round' })),
    );
  } else {
    svg.append(el('g', { class: 'r-badge' },
      el('circle', { cx: 104, cy: 26, r: 12, fill: '#009e73', stroke: line, 'stroke-width': 2 }),
      el('path', { d: 'M98 26 L102.5 30.5 L110 21.5', fill: 'none', stroke: '#ffffff', 'stroke-width': 3.5, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })));
  }
  return svg;
}
