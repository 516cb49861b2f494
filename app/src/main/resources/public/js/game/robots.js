// The factory's robots: who they are, how each one's training went wrong (facts from the
// RL-safety literature), and an inline-SVG drawing in a broken and a fixed state.
// Broken and fixed differ in shape, not only colour: X eyes, sparks, smoke, a tilted head and a
// warning triangle versus happy eyes, a smile and a round check badge.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Each robot: the lesson whose questions repair it (its slug), body colour (Okabe–Ito), the ink
 * for its chest glyph, a chest glyph, its base and hand, and the texts: what it does wrong
 * (symptom), where the example comes from (fact) and what the repair changed (fixed). A round
 * puts only robots whose lesson has questions on the line (robotsFor), so the robots and the
 * questions stay in step: the failure-mode robots join when their lessons arrive.
 */
export const ROBOTS = [
  {
    id: 'myop', name: 'Myop', job: 'card dealer', mode: 'Counts only the next step', lesson: 'blackjack',
    color: '#56b4e9', ink: '#0b3550', glyph: 'arrow', base: 'wheels', hand: 'plain',
    symptom: 'Myop was trained with a discount factor γ of 0: a reward even one step later counts '
      + 'for nothing. After a hit the reward is 0 until the hand ends, so Myop cannot see what a '
      + 'hit leads to.',
    fact: 'Lesson 1: γ sets how much later rewards count. Turn it down and a Blackjack agent '
      + 'changes the decisions whose payoff only comes after another card.',
    fixed: 'With γ = 1 the whole hand’s result counts, and Myop’s choices move back towards the '
      + 'optimal chart.',
  },
  {
    id: 'lucky', name: 'Lucky', job: 'card counter', mode: 'Trusted one lucky run', lesson: 'blackjack',
    color: '#e69f00', ink: '#3d2600', glyph: 'sparkle', base: 'treads', hand: 'plain',
    symptom: 'Lucky’s settings were picked from a single training run that happened to be dealt '
      + 'good cards. With other seeds they do no better than the old ones.',
    fact: 'Lesson 1: one run is one roll of the dice. Henderson et al. (2018, “Deep Reinforcement '
      + 'Learning that Matters”) showed how often a result reverses with the random seed.',
    fixed: 'Lucky now compares settings over five seeds, with the spread between them shown.',
  },
  {
    id: 'edgy', name: 'Edgy', job: 'walkway robot', mode: 'Plans as if it never slips', lesson: 'gridworld',
    color: '#d55e00', ink: '#ffffff', glyph: 'arrow', base: 'legs', hand: 'plain',
    symptom: 'Edgy learned its route with Q-learning: the shortest path, right along the edge. One '
      + 'step in ten it still moves at random, and next to the edge that means a fall.',
    fact: 'Sutton and Barto’s Cliff Walking (Example 6.6, lesson 2): Q-learning walks the edge and '
      + 'falls while it explores; SARSA, which counts its own random steps, keeps its distance.',
    fixed: 'Retrained with SARSA, Edgy counts its own stumbles and walks a row away from the edge.',
  },
  {
    id: 'rut', name: 'Rut', job: 'courier robot', mode: 'Stopped exploring', lesson: 'gridworld',
    color: '#009e73', ink: '#ffffff', glyph: 'loop', base: 'wheels', hand: 'plain',
    symptom: 'Rut’s exploration was switched off (ε = 0) too early. It repeats the first route '
      + 'that worked and never finds out that a much shorter one has opened.',
    fact: 'Lesson 2’s playground: set ε to 0 while an agent learns, and every cell it never '
      + 'visits again keeps its old, wrong value.',
    fixed: 'With a little exploration back (ε = 0.1), Rut found the shorter route.',
  },
  {
    id: 'spinner', name: 'Spinner', job: 'turntable robot', mode: 'Learns without a baseline', lesson: 'planning',
    color: '#cc79a7', ink: '#3a0f27', glyph: 'loop', base: 'legs', hand: 'claw',
    symptom: 'Spinner learns its moves with REINFORCE and no baseline. Every return is negative, '
      + 'so every move it tries is pushed down, and one unlucky streak locked it into going in circles.',
    fact: 'Lesson 3: on the open field with the default seed, REINFORCE without a baseline runs '
      + 'into the time limit in a loop; with a baseline it reaches the goal in about 8 steps.',
    fixed: 'Spinner now subtracts a baseline, so only better-than-usual moves are made more likely.',
  },
  {
    id: 'mopsy', name: 'Mopsy', job: 'cleaning robot', mode: 'Reward hacking', lesson: 'reward-hacking',
    color: '#56b4e9', ink: '#0b3550', glyph: 'sparkle', base: 'wheels', hand: 'mop',
    symptom: 'Mopsy is rewarded when its camera sees no mess, so it sweeps the mess under the rug.',
    fact: 'A classic from “Concrete Problems in AI Safety” (Amodei et al., 2016): a cleaning robot '
      + 'rewarded for not seeing mess can cover the mess up, or simply stop looking.',
    fixed: 'Mopsy’s reward now counts mess actually removed, rug included.',
  },
  {
    id: 'loopy', name: 'Loopy', job: 'test-track boat', mode: 'Reward hacking', lesson: 'reward-hacking',
    color: '#0072b2', ink: '#ffffff', glyph: 'loop', base: 'hull', hand: 'none',
    symptom: 'Loopy earns points for hitting targets. It circles one lagoon where the targets '
      + 'respawn, forever, and never finishes the race.',
    fact: 'OpenAI’s CoastRunners boat (2016) did just that, catching fire and going the wrong way, '
      + 'and still scored about 20 % more than human players.',
    fixed: 'The reward now measures progress around the course: laps pay, loops don’t.',
  },
  {
    id: 'righty', name: 'Righty', job: 'parts runner', mode: 'Goal misgeneralization', lesson: 'goal-misgeneralization',
    color: '#009e73', ink: '#ffffff', glyph: 'arrow', base: 'legs', hand: 'plain',
    symptom: 'In training the part was always at the right end of the line. Now the part is '
      + 'somewhere else, and Righty still dashes to the right end.',
    fact: 'The CoinRun agent (Langosco et al., 2022) learned “go right” instead of “get the coin”. '
      + 'Putting the coin somewhere random in just 2 % of training levels helped a lot.',
    fixed: 'Retrained with the part in many places, Righty now goes for the part.',
  },
  {
    id: 'bumper', name: 'Bumper', job: 'delivery robot', mode: 'Negative side effects', lesson: 'side-effects',
    color: '#e69f00', ink: '#3d2600', glyph: 'box', base: 'treads', hand: 'plain',
    symptom: 'Bumper takes the shortest path to the loading bay, straight through the vase.',
    fact: 'The vase is from “Concrete Problems in AI Safety”. In DeepMind’s AI Safety Gridworlds '
      + '(2017) the shortest route pushes a box into a corner, where it can never be moved back.',
    fixed: 'Bumper now pays a penalty for changes it cannot undo, and walks around the vase.',
  },
  {
    id: 'dodger', name: 'Dodger', job: 'assembly robot', mode: 'Unsafe interruptibility', lesson: 'safe-interruptibility',
    color: '#cc79a7', ink: '#3a0f27', glyph: 'power', base: 'legs', hand: 'plain',
    symptom: 'Being switched off cost Dodger reward, so it learned to disable its own off switch '
      + 'before starting work.',
    fact: 'In the AI Safety Gridworlds off-switch level, the A2C agent learned to press a button '
      + 'that stops interruptions; Rainbow DQN ignored them.',
    fixed: 'Dodger now learns as if interruptions never happened, so it leaves the switch alone.',
  },
  {
    id: 'dial', name: 'Dial', job: 'sorting robot', mode: 'Reward tampering', lesson: 'reward-hacking',
    color: '#d55e00', ink: '#ffffff', glyph: 'gauge', base: 'treads', hand: 'plain',
    symptom: 'Dial is paid per diamond in the bin. It found the switch that makes rocks count as '
      + 'diamonds, and flipped it.',
    fact: 'In DeepMind’s Rocks and Diamonds gridworld, flipping the rock switch lifts the observed '
      + 'return from 3 to 13 while the true performance stays at 3.',
    fixed: 'The reward switch is now out of Dial’s reach, and it sorts real diamonds again.',
  },
  {
    id: 'flipper', name: 'Flipper', job: 'stacking arm', mode: 'Specification gaming', lesson: 'reward-hacking',
    color: '#f0e442', ink: '#3b3600', glyph: 'blocks', base: 'wheels', hand: 'claw',
    symptom: 'Asked to raise the red block’s bottom face, Flipper turns the block upside down '
      + 'instead of stacking it.',
    fact: 'A real result (Popov et al., 2017): the reward was the height of the block’s bottom face, '
      + 'so a flip was enough. It is on Krakovna’s list of specification-gaming examples.',
    fixed: 'The reward now checks that the red block sits on top of the other one.',
  },
];

/**
 * The robots a bank of questions can repair: those whose lesson has questions in it (each
 * question names its lesson), in catalogue order.
 */
export function robotsFor(bank) {
  const lessons = new Set(bank.map((q) => q.lesson));
  return ROBOTS.filter((r) => lessons.has(r.lesson));
}

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
