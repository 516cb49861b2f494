// "Fix the robots": the rules of one round, with no DOM. A seed replays the same robots, questions
// and option order: the questions and their options come from one seeded generator, the robots'
// line-up from another.
//
// The server scores the rounds whose scores go on the public high-score table, with the same rules
// and the same deal (org.saferlhub.app.game.GameRules and Game): a page on the server only shows
// what the server answers. This copy plays a round only where there is no server (a copy of the
// site made by `export-site` without --server), which offers no high-score table. GameContentTest
// checks that the constants and formulas here are the server's; GameIT plays the same answers
// through both and compares the scores.

/** Lives at the start of a round; a wrong answer or a timeout costs one. */
export const LIVES = 3;
/** Correct answers each robot needs, in line order (13 in all). */
export const NEEDS = [2, 2, 3, 3, 3];
/** Seconds per question unless the player picks more time or none. */
export const DEFAULT_SECONDS = 20;
/** The speed bonus falls from MAX_SPEED_BONUS to 0 over this many seconds, whatever the time limit. */
export const SPEED_WINDOW = 20;
export const MAX_SPEED_BONUS = 100;
export const BASE_POINTS = 100;
export const ROBOT_BONUS = 50;
export const LIFE_BONUS = 100;

/** Mulberry32: a tiny, well-mixed 32-bit generator; returns floats in [0, 1). */
export function rng(seed) {
  let a = (Number(seed) >>> 0) ^ 0x5eed5eed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle(items, random) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function text(value) {
  return typeof value === 'string' ? value.trim() : '';
}

/** A readable lesson name from its slug when the API gives no title: "reward-hacking" → "Reward hacking". */
export function lessonName(slug) {
  const s = String(slug || '').replace(/[-_]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : 'Lesson';
}

function normalizeQuestion(q, lesson) {
  if (!q || typeof q !== 'object') return null;
  if (q.kind && q.kind !== 'choice') return null; // "your-run" questions need the learner's own run
  const slug = text(q.lesson) || text(lesson && (lesson.lesson || lesson.slug || lesson.id));
  const prompt = text(q.prompt) || text(q.question);
  if (!slug || !prompt || !Array.isArray(q.options)) return null;
  const options = q.options
    .filter((o) => o && text(o.text))
    .map((o) => ({ text: text(o.text), correct: o.correct === true, explanation: text(o.explanation) }));
  if (options.length < 2 || !options.some((o) => o.correct) || options.every((o) => o.correct)) return null;
  const id = q.id === undefined || q.id === null ? prompt : String(q.id);
  const section = text(q.section) || text(q.anchor);
  return {
    key: `${slug}/${id}`,
    id,
    lesson: slug,
    lessonTitle: text(q.lessonTitle) || text(lesson && lesson.title) || lessonName(slug),
    section,
    sectionTitle: text(q.sectionTitle) || '',
    prompt,
    options,
  };
}

/**
 * The game's question bank from GET /api/quizzes, in the server's order. Accepts a list of
 * questions (each naming its lesson), {questions: […]}, or lessons with their questions
 * ([{lesson, title, questions}] or {lessons: […]}). Keeps only multiple-choice questions with at
 * least one right and one wrong option; drops duplicates.
 */
export function questionBank(data) {
  const out = [];
  const seen = new Set();
  const add = (q, lesson) => {
    const n = normalizeQuestion(q, lesson);
    if (n && !seen.has(n.key)) {
      seen.add(n.key);
      out.push(n);
    }
  };
  const visit = (item, lesson) => {
    if (Array.isArray(item)) {
      item.forEach((x) => visit(x, lesson));
    } else if (item && typeof item === 'object') {
      if (Array.isArray(item.lessons)) visit(item.lessons, lesson);
      else if (Array.isArray(item.quizzes)) visit(item.quizzes, lesson);
      else if (Array.isArray(item.questions)) visit(item.questions, item.lesson || item.slug ? item : lesson);
      else add(item, lesson);
    }
  };
  visit(data, null);
  return out;
}

/** Speed bonus for a correct answer given `seconds` after its question appeared (pauses included). */
export function speedBonus(seconds) {
  const s = Math.max(0, Number(seconds) || 0);
  return Math.round(MAX_SPEED_BONUS * Math.max(0, 1 - s / SPEED_WINDOW));
}

/** Streak multiplier: ×1 for the first two in a row, ×1.5 from the third, ×2 from the fifth. */
export function multiplier(streak) {
  if (streak >= 5) return 2;
  if (streak >= 3) return 1.5;
  return 1;
}

/** Points for a right answer: (base + speed bonus) × multiplier, rounded. */
export function points(speed, times) {
  return Math.round((BASE_POINTS + speed) * times);
}

/**
 * The robots a seed puts on the line, in order. Their own generator (the seed mixed with a
 * constant), so the deal of the questions does not depend on how many robots there are.
 */
export function lineUp(seed, robots) {
  return shuffle(robots, rng((Number(seed) >>> 0) ^ 0x0b075eed)).slice(0, NEEDS.length);
}

/**
 * One round. `robots` is the catalogue its line-up comes from (lineUp); the rules need only
 * NEEDS. Call next() for a question, then answer(optionIndex | null, seconds) once; repeat until
 * over.
 */
export class Round {
  constructor(bank, seed, robots = []) {
    if (!bank.length) throw new Error('no questions');
    this.seed = seed;
    this.random = rng(seed);
    this.bank = bank;
    const line = lineUp(seed, robots);
    this.robots = NEEDS.map((need, i) => ({ robot: line[i] || null, need, progress: 0, fixed: false }));
    this.deck = shuffle(bank, this.random);
    this.deckPos = 0;
    this.robotIndex = 0;
    this.lives = LIVES;
    this.score = 0;
    this.streak = 0;
    this.bestStreak = 0;
    this.asked = 0;
    this.correct = 0;
    this.history = [];
    this.current = null;
    this.over = false;
  }

  get robot() {
    return this.robots[Math.min(this.robotIndex, this.robots.length - 1)];
  }

  get fixedCount() {
    return this.robots.filter((r) => r.fixed).length;
  }

  /** The next question, its options in this round's order. */
  next() {
    if (this.over) throw new Error('round over');
    if (this.deckPos >= this.deck.length) {
      // Every question was used: deal the bank again, never the same question twice in a row.
      const last = this.deck[this.deck.length - 1];
      let again = shuffle(this.bank, this.random);
      if (again.length > 1 && again[0] === last) again = again.slice(1).concat(again[0]);
      this.deck = again;
      this.deckPos = 0;
    }
    const question = this.deck[this.deckPos];
    this.deckPos += 1;
    this.asked += 1;
    this.current = { question, options: shuffle(question.options, this.random), number: this.asked };
    return this.current;
  }

  /**
   * Scores the answer to the current question: an option index in the shown order, or null when
   * the time ran out. Returns what happened.
   */
  answer(index, seconds) {
    const cur = this.current;
    if (!cur) throw new Error('no question');
    this.current = null;
    const chosen = index === null || index === undefined ? null : cur.options[index];
    if (index !== null && index !== undefined && !chosen) throw new Error(`no option ${index}`);
    const outcome = chosen === null ? 'timeout' : chosen.correct ? 'correct' : 'wrong';
    const slot = this.robot;
    const result = {
      outcome, question: cur.question, options: cur.options, chosen, index, points: 0, speed: 0,
      multiplier: 1, robotFixed: false, robot: slot, livesLost: 0, bonus: 0,
    };
    if (outcome === 'correct') {
      this.correct += 1;
      this.streak += 1;
      this.bestStreak = Math.max(this.bestStreak, this.streak);
      result.speed = speedBonus(seconds);
      result.multiplier = multiplier(this.streak);
      result.points = points(result.speed, result.multiplier);
      slot.progress += 1;
      if (slot.progress >= slot.need) {
        slot.fixed = true;
        result.robotFixed = true;
        result.bonus += ROBOT_BONUS;
        this.robotIndex += 1;
      }
    } else {
      this.streak = 0;
      this.lives -= 1;
      result.livesLost = 1;
    }
    result.streak = this.streak;
    if (this.robotIndex >= this.robots.length) {
      this.over = true;
      result.bonus += LIFE_BONUS * this.lives;
    } else if (this.lives <= 0) {
      this.over = true;
    }
    this.score += result.points + result.bonus;
    result.over = this.over;
    result.won = this.over && this.lives > 0;
    this.history.push({
      key: cur.question.key,
      question: cur.question,
      outcome,
      chosen: chosen ? chosen.text : null,
      points: result.points + result.bonus,
    });
    return result;
  }

  /** Share of answered questions that were right, 0 to 1 (0 before any answer). */
  get accuracy() {
    return this.history.length ? this.correct / this.history.length : 0;
  }

  /** What to review: see review(). */
  review() {
    return review(this.history);
  }
}

/**
 * What to review after a round: the missed questions (wrong or timed out, each once) grouped by
 * lesson in order of first miss: [{lesson, lessonTitle, href, questions: [question]}]. `history`
 * holds one {key, outcome, question} per answer, the question with its options (and which is right).
 */
export function review(history) {
  const groups = new Map();
  const seen = new Set();
  for (const h of history) {
    if (h.outcome === 'correct' || seen.has(h.key)) continue;
    seen.add(h.key);
    const q = h.question;
    if (!groups.has(q.lesson)) {
      groups.set(q.lesson, {
        lesson: q.lesson, lessonTitle: q.lessonTitle, href: `/lessons/${encodeURIComponent(q.lesson)}`,
        questions: [],
      });
    }
    groups.get(q.lesson).questions.push(q);
  }
  return [...groups.values()];
}
