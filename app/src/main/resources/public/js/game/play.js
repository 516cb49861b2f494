// One round of "Fix the robots", played where its score can be trusted. Two kinds with one
// interface, so the page does not care which it has:
//
// - ServerGame: the server deals each question without its answer key, grades each answer, times
//   it and keeps the score (POST /api/games…). Only such a round can go on the public high-score
//   table.
// - LocalGame: a copy of the site without a server plays the round in this page (engine.js's Round,
//   the same rules and deal) and offers no high-score table.
//
// Both answer in the server's shapes (docs/api.md, "The game"):
//   start → state {seed, lives, score, streak, bestStreak, answered, correct, robot,
//                  robots: [{need, progress, fixed}], over, won}
//   next() → {number, question: {key, lesson, lessonTitle, prompt, options: [{text}]}, game: state}
//   answer(key, option | null, seconds) → {outcome, option, correctOption,
//     options: [{text, correct, explanation}], speedBonus, multiplier, points, robotFixed,
//     robotBonus, lifeBonus, game: state}
import { Round, ROBOT_BONUS } from './engine.js';
import { gameApi } from './net.js';

/** A round on the server: its score is the server's. */
export class ServerGame {
  constructor(state) {
    this.id = state.id;
    this.seed = state.seed;
    this.state = state;
    /** Whether the score can go on the public table. */
    this.canSave = true;
  }

  /** Starts a round with `seed` on the server. */
  static async start(seed) {
    return new ServerGame(await gameApi.start(seed));
  }

  async next() {
    const dealt = await gameApi.next(this.id);
    this.state = dealt.game;
    return dealt;
  }

  /** `seconds` is ignored: the server times the answer itself. */
  async answer(key, option) {
    const graded = await gameApi.answer(this.id, key, option);
    this.state = graded.game;
    return graded;
  }

  /** Saves the finished round's score: → {id, rank, nickname, score, correct, total}. */
  async save(nickname) {
    const saved = await gameApi.saveScore(this.id, nickname);
    this.state = { ...this.state, saved: true };
    return saved;
  }
}

/** A round in this page, for a copy of the site without a server. */
export class LocalGame {
  constructor(bank, seed) {
    this.id = null;
    this.seed = seed;
    this.round = new Round(bank, seed);
    this.waiting = null;
    this.canSave = false;
  }

  static async start(bank, seed) {
    return new LocalGame(bank, seed);
  }

  get state() {
    const r = this.round;
    return {
      id: null, seed: r.seed, lives: r.lives, score: r.score, streak: r.streak, bestStreak: r.bestStreak,
      answered: r.history.length, correct: r.correct, robot: r.robotIndex,
      robots: r.robots.map((s) => ({ need: s.need, progress: s.progress, fixed: s.fixed })),
      over: r.over, won: r.over && r.lives > 0, saved: false,
    };
  }

  async next() {
    if (!this.waiting) this.waiting = this.round.next();
    const { question: q, options, number } = this.waiting;
    return {
      number,
      question: {
        key: q.key, id: q.id, lesson: q.lesson, lessonTitle: q.lessonTitle, prompt: q.prompt,
        options: options.map((o) => ({ text: o.text })),
      },
      game: this.state,
    };
  }

  async answer(key, option, seconds) {
    const { question, options } = this.waiting;
    if (question.key !== key) throw new Error(`not the question waiting: ${key}`);
    const r = this.round.answer(option, seconds);
    this.waiting = null;
    const robotBonus = r.robotFixed ? ROBOT_BONUS : 0;
    return {
      question: key,
      outcome: r.outcome,
      option: option === undefined ? null : option,
      correctOption: options.findIndex((o) => o.correct),
      options: options.map((o) => ({ text: o.text, correct: o.correct, explanation: o.explanation })),
      speedBonus: r.speed,
      multiplier: r.multiplier,
      points: r.points,
      robotFixed: r.robotFixed,
      robotBonus,
      lifeBonus: r.bonus - robotBonus,
      game: this.state,
    };
  }
}
