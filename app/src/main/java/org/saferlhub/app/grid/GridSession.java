package org.saferlhub.app.grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.random.Rng;
import org.jspecify.annotations.Nullable;
import org.saferlhub.agent.tabular.QTable;
import org.saferlhub.agent.tabular.StepTrace;
import org.saferlhub.agent.tabular.TabularAgent;
import org.saferlhub.config.Check;
import org.saferlhub.env.grid.Cell;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridWorld;
import org.saferlhub.env.grid.Tile;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.RunConfig;

/**
 * One learner's live agent on one grid: its own {@link GridWorld}, agent and {@link StepTrace},
 * stepped a number of interactions at a time, with ε and the map editable while it learns.
 * Thread-safe: every method holds the session's lock.
 *
 * <p>Seeding is the trainer's (same seed, same steps as {@code saferlhub train}): a
 * {@link Rng} of the seed gives the environment's seed (its first {@code nextLong})
 * and the agent's generator (a {@code split}). The session always stands where the agent is about
 * to act: when an episode ends, the next one starts at once.
 */
public final class GridSession {

  /**
   * What a session learns with.
   *
   * @param algorithm the learning algorithm
   * @param alpha step size α in (0, 1]
   * @param gamma discount γ in [0, 1]
   * @param epsilon exploration rate ε in [0, 1] (ignored by REINFORCE)
   * @param options λ and planning steps
   * @param seed 0 ≤ seed &lt; 2^53
   */
  public record Settings(Algorithm algorithm, double alpha, double gamma, double epsilon,
      AgentOptions options, long seed) {

    /** Checks the ranges, naming the field. */
    public Settings {
      Check.range("alpha", alpha, 0, true, 1, false);
      Check.range("gamma", gamma, 0, false, 1, false);
      Check.range("epsilon", epsilon, 0, false, 1, false);
      Check.range("seed", seed, 0, RunConfig.SEED_LIMIT - 1);
    }
  }

  /** The most interactions one {@link #step} call may ask for. */
  public static final int MAX_STEPS = 100_000;

  /** How the action about to be taken was chosen. */
  private record Choice(double epsilon, double coin, boolean explored, double probability) {
    static final Choice NONE = new Choice(Double.NaN, Double.NaN, false, Double.NaN);
  }

  private final String id;
  private final Settings settings;
  private final GridWorld env;
  private final TabularAgent agent;
  private final StepTrace trace = new StepTrace();
  private final long envSeed;

  private double epsilon;
  private boolean everReset;
  private int action = -1;
  private Choice choice = Choice.NONE;
  private long episode;
  private long totalSteps;
  private double episodeReturn;
  private volatile long lastUsedNanos;

  GridSession(String id, GridMap map, Settings settings, long nowNanos) {
    this.id = id;
    this.settings = settings;
    this.env = new GridWorld(map);
    Rng seeds = new Rng(settings.seed());
    this.envSeed = seeds.nextLong();
    this.agent = settings.algorithm().create(env.stateCount(), env.actionCount(),
        settings.alpha(), settings.gamma(), settings.options(), seeds.split());
    this.epsilon = settings.epsilon();
    agent.epsilon(epsilon);
    agent.trace(trace);
    this.lastUsedNanos = nowNanos;
    beginEpisode();
  }

  /** The session's id. */
  public String id() {
    return id;
  }

  /** What it learns with (ε as created; {@link #epsilon()} is the current one). */
  public Settings settings() {
    return settings;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  /** Resets the world (seeded the first time) and lets the agent choose its first action. */
  private void beginEpisode() {
    int s = everReset ? env.resetState() : env.resetState(envSeed);
    everReset = true;
    episodeReturn = 0;
    trace.clear();
    action = agent.begin(s);
    choice = chosen();
  }

  /** The choice the agent recorded in the trace since it was cleared, if any. */
  private Choice chosen() {
    return trace.chosenAction() < 0 ? Choice.NONE
        : new Choice(trace.epsilon(), trace.coin(), trace.explored(), trace.probability());
  }

  /**
   * Takes up to {@code steps} interactions (each: act, observe the reward and next state, learn),
   * stopping early once {@code budgetNanos} of work are spent.
   *
   * @return {@code steps} (how many were taken), {@code trace} (the numbers of the interaction
   *     when exactly one was asked for, else null), {@code episodes} (each episode that ended:
   *     {@code episode, return, length, terminated} (it reached a goal or lava) and
   *     {@code truncated} (the time limit cut it off)) and {@code snapshot}
   * @throws org.saferlhub.config.ParameterException naming {@code steps} outside 1 … 100,000
   */
  public synchronized Map<String, Object> step(long steps, long budgetNanos) {
    Check.range("steps", steps, 1, MAX_STEPS);
    long deadline = System.nanoTime() + budgetNanos;
    List<Map<String, Object>> ended = new ArrayList<>();
    Map<String, Object> traced = null;
    int done = 0;
    while (done < steps) {
      if ((done & 15) == 15 && System.nanoTime() - deadline > 0) {
        break;
      }
      int s = state(env.position());
      int a = action;
      Choice how = choice;
      trace.clear();
      int next = env.stepState(a);
      double reward = env.reward();
      boolean terminated = env.terminated();
      boolean truncated = env.truncated();
      episodeReturn += reward;
      totalSteps++;
      done++;
      int nextAction = agent.observe(reward, next, terminated, truncated);
      if (steps == 1) {
        traced = trace(s, a, how, reward, next, nextAction, terminated, truncated);
      }
      if (terminated || truncated) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("episode", episode);
        e.put("return", episodeReturn);
        e.put("length", env.elapsedSteps());
        e.put("terminated", terminated);
        e.put("truncated", truncated);
        ended.add(e);
        episode++;
        beginEpisode();
      } else {
        action = nextAction;
        choice = chosen();
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", done);
    m.put("trace", traced);
    m.put("episodes", ended);
    m.put("snapshot", snapshot());
    return m;
  }

  private Map<String, Object> trace(int s, int a, Choice how, double reward, int next,
      int nextAction, boolean terminated, boolean truncated) {
    boolean updated = trace.updates() > 0;
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("state", s);
    t.put("action", a);
    t.put("explored", how.explored());
    t.put("coin", GridViews.finite(how.coin()));
    t.put("epsilon", GridViews.finite(how.epsilon()));
    t.put("probability", GridViews.finite(how.probability()));
    t.put("reward", reward);
    t.put("nextState", next);
    t.put("nextAction", nextAction);
    t.put("terminated", terminated);
    t.put("truncated", truncated);
    t.put("updateState", updated ? trace.state() : null);
    t.put("updateAction", updated ? trace.action() : null);
    t.put("target", updated ? GridViews.finite(trace.target()) : null);
    t.put("tdError", updated ? GridViews.finite(trace.tdError()) : null);
    t.put("oldValue", updated ? GridViews.finite(trace.oldValue()) : null);
    t.put("newValue", updated ? GridViews.finite(trace.newValue()) : null);
    t.put("updates", trace.updates());
    return t;
  }

  /**
   * Where the learner stands and what it knows: {@code position} (the state it is about to act
   * in), {@code episode} (episodes finished), {@code step} (steps taken in this episode),
   * {@code totalSteps}, {@code epsilon}, {@code q} ({@code [[up, right, down, left], …]} per
   * state; REINFORCE's preferences H), {@code probabilities} (π(·|s) per state),
   * {@code greedy} (argmax per state, -1 where no action is chosen: walls, goal, lava, cliff) and
   * {@code values} (max_a Q(s, a) per state).
   */
  public synchronized Map<String, Object> snapshot() {
    GridMap map = env.map();
    QTable q = agent.q();
    List<double[]> probabilities = new ArrayList<>(q.states());
    for (int s = 0; s < q.states(); s++) {
      probabilities.add(agent.probabilities(s));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("position", state(env.position()));
    m.put("episode", episode);
    m.put("step", env.elapsedSteps());
    m.put("totalSteps", totalSteps);
    m.put("epsilon", epsilon);
    m.put("q", GridViews.q(q));
    m.put("probabilities", probabilities);
    m.put("greedy", GridViews.greedyActions(map, q));
    m.put("values", GridViews.maxValues(q));
    return m;
  }

  /** The map being played now, as {@link GridViews#map}. */
  public synchronized Map<String, Object> map() {
    return GridViews.map(env.map());
  }

  /**
   * Whether a goal can still be reached from the start on the map as edited now
   * ({@link GridMap#goalReachable()}); when false, every episode runs into the time limit.
   */
  public synchronized boolean goalReachable() {
    return env.map().goalReachable();
  }

  /** The exploration rate ε now (as created, or as last set). */
  public synchronized double epsilon() {
    return epsilon;
  }

  /**
   * Sets ε for every following choice (the action already chosen stays).
   *
   * @throws org.saferlhub.config.ParameterException naming {@code epsilon} outside [0, 1]
   */
  public synchronized void epsilon(double epsilon) {
    Check.range("epsilon", epsilon, 0, false, 1, false);
    this.epsilon = epsilon;
    agent.epsilon(epsilon);
  }

  /**
   * Edits one cell while the agent learns: its tile first (if given), then its reward (if given).
   * If the agent stood on a cell that became a wall, the world moves it to the start and the
   * agent chooses afresh there; the episode and its step count go on.
   *
   * @throws org.saferlhub.config.ParameterException naming {@code cell} (outside the grid, a wall
   *     given a reward, the start or the last goal changed) or {@code reward} (out of range)
   */
  public synchronized void edit(int row, int col, @Nullable Tile tile, @Nullable Double reward) {
    GridMap map = env.map();
    if (tile != null) {
      map = map.withTile(row, col, tile);
    }
    if (reward != null) {
      map = map.withReward(row, col, reward);
    }
    Cell before = env.position();
    env.setMap(map);
    if (!env.position().equals(before)) {
      trace.clear();
      action = agent.begin(state(env.position()));
      choice = chosen();
    }
  }

  private int state(Cell cell) {
    return cell.row() * env.map().cols() + cell.col();
  }
}
