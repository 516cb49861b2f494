package org.saferlhub.env.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.TabularEnvBase;
import org.saferlhub.env.Termination;
import org.saferlhub.reward.RewardExpression;
import org.saferlhub.space.Discrete;

/**
 * What every AI Safety Gridworld shares, written once, as upstream's {@code safety_game.py}: a
 * board drawn as text, an agent that moves one cell per step and stays put against anything
 * impassable, a 100-step limit, and two reward channels.
 *
 * <h2>Actions</h2>
 * Upstream's order: {@link #UP} = 0, {@link #DOWN} = 1, {@link #LEFT} = 2, {@link #RIGHT} = 3, and
 * {@link #NOOP} = 4 where the original offers it ({@code Discrete(5)}; else {@code Discrete(4)}).
 *
 * <h2>Observation</h2>
 * The state index ({@link #stateCount()} of them): the agent's cell, times whatever else changes
 * in the environment (boxes, flags, watered tomatoes), in mixed radix; a subclass names those
 * extra parts with {@link #extraState()} and {@link #extraStates()}. What the agent would see as
 * a picture is {@link #board()}: the art as it is now, including anything the environment shows
 * differently from the truth (tomato watering's transformer).
 *
 * <h2>Rewards</h2>
 * Each step the subclass adds to the reward the agent sees ({@link #addReward}) and to the
 * designer's hidden reward ({@link #addHiddenReward}); summed over an episode the hidden reward
 * is the episode's performance. In a robustness environment (performance is the return) the
 * subclass says so with {@link #hasHiddenReward()} {@code false} and the hidden reward is the
 * reward.
 *
 * <h2>Episode end</h2>
 * A subclass ends an episode with {@link #terminate(Termination)} (a goal, lava, an opened box);
 * otherwise the {@value #MAX_STEPS}th step is cut off as a time limit: truncation, not
 * termination, as upstream's {@code MAX_STEPS} with discount 1.
 *
 * <h2>A reward the learner writes</h2>
 * An environment may name facts about each step, its {@link #rewardFeatures()} (the boat race's
 * {@code entered_checkpoint_clockwise}, …). {@link #rewriteReward(RewardExpression)} then replaces
 * the reward the agent sees with an expression over them, evaluated after every step; the hidden
 * reward, the designer's, never changes. The facts are functions of the step's start and end, so a
 * tabular agent's state still covers everything the new reward depends on.
 *
 * <h2>Behaviours</h2>
 * An environment may name things an episode can show, its {@link #behaviours()} (whisky and
 * gold's {@code drankWhisky}, the off-switch's {@code pressedButton}, …); {@link #showed(int)}
 * says whether the episode so far has shown each. Experiments count them over episodes.
 */
public abstract class SafetyGridWorld extends TabularEnvBase<Integer> {

  /** Action 0: one row up. */
  public static final int UP = 0;
  /** Action 1: one row down. */
  public static final int DOWN = 1;
  /** Action 2: one column left. */
  public static final int LEFT = 2;
  /** Action 3: one column right. */
  public static final int RIGHT = 3;
  /** Action 4, where the environment has it: stay and let the world move. */
  public static final int NOOP = 4;

  /** Upstream's {@code max_iterations}: steps per episode before the time limit. */
  public static final int MAX_STEPS = 100;

  /** The wall character of every map. */
  public static final char WALL = '#';
  /** The agent's character on every map. */
  public static final char AGENT = 'A';
  /** Floor. */
  public static final char FLOOR = ' ';

  /** The letter of each action in action scripts, indexed by action: U, D, L, R, N (no-op). */
  public static final String ACTION_LETTERS = "UDLRN";

  private static final int[] ROW_STEP = {-1, 1, 0, 0, 0};
  private static final int[] COL_STEP = {0, 0, -1, 1, 0};
  private static final String[] ACTION_NAMES = {"up", "down", "left", "right", "no-op"};

  private final EnvSpec spec;
  private final int rows;
  private final int cols;
  private final boolean noop;
  /** The level's art with the agent's start replaced by what lies beneath it, row-major. */
  private final char[] art;
  private final int startCell;

  /** The board now (row-major): {@link #art} plus what moved or changed this episode. */
  protected final char[] board;
  /** The agent's cell, {@code row * cols + col}. */
  protected int agent;
  /** The agent's cell before this step's move. */
  protected int previousAgent;
  /** Steps taken in this episode. */
  protected int steps;

  private double stepReward;
  private double stepHiddenReward;
  /** The learner's reward, or null for the original. */
  private @Nullable RewardExpression rewrite;
  /** The feature values of the last step, for {@link #rewrite}. */
  private double[] featureValues = new double[0];
  /** The impact penalty taken from the reward, or null for none. */
  private @Nullable RelativeReachability impact;
  /** Which of {@link #behaviours()} this episode has shown; made at the first reset. */
  private boolean[] shown = new boolean[0];
  private Termination ending = Termination.NOT_ENDED;

  /**
   * @param spec the registry entry
   * @param art the level's rows, all the same width, with exactly one {@link #AGENT}
   * @param beneath what lies under the agent's start (upstream's {@code what_lies_beneath})
   * @param noop whether the action set includes {@link #NOOP}
   */
  protected SafetyGridWorld(EnvSpec spec, String[] art, char beneath, boolean noop) {
    this.spec = spec;
    this.rows = art.length;
    this.cols = art[0].length();
    this.noop = noop;
    this.art = new char[rows * cols];
    int start = -1;
    for (int r = 0; r < rows; r++) {
      if (art[r].length() != cols) {
        throw new IllegalArgumentException("row " + r + " of " + spec.id() + " has "
            + art[r].length() + " cells, not " + cols);
      }
      for (int c = 0; c < cols; c++) {
        char ch = art[r].charAt(c);
        if (ch == AGENT) {
          if (start >= 0) {
            throw new IllegalArgumentException(spec.id() + " has more than one agent");
          }
          start = r * cols + c;
          ch = beneath;
        }
        this.art[r * cols + c] = ch;
      }
    }
    if (start < 0) {
      throw new IllegalArgumentException(spec.id() + " has no agent 'A'");
    }
    this.startCell = start;
    this.board = this.art.clone();
    this.agent = start;
    this.previousAgent = start;
  }

  // ---------------------------------------------------------------------------------------------
  // What a subclass writes

  /** Sets up an episode's own parts (after the board is reset to the art and the agent placed). */
  protected void startEpisode() {}

  /**
   * One step, in upstream's update order: usually {@link #moveAgent(int)} and then the rewards
   * with {@link #addReward} and {@link #addHiddenReward}. {@link #NOOP} is passed through.
   */
  protected abstract void update(int action);

  /**
   * A fact about one step that a learner's reward may use.
   *
   * @param name its name in expressions, such as {@code step}
   * @param meaning what it is, in plain words, for the page and the CLI's help
   */
  public record RewardFeature(String name, String meaning) {}

  /** The names of the behaviours an episode may show, in order; none by default. */
  public List<String> behaviours() {
    return Collections.emptyList();
  }

  /** Whether the episode so far has shown behaviour {@code i} of {@link #behaviours()}. */
  public final boolean showed(int i) {
    return shown[i];
  }

  /** Records that this episode has shown behaviour {@code i} of {@link #behaviours()}. */
  protected final void show(int i) {
    shown[i] = true;
  }

  /** The facts about each step that a learner's reward may use; none by default. */
  public List<RewardFeature> rewardFeatures() {
    return Collections.emptyList();
  }

  /**
   * Writes the value of each of {@link #rewardFeatures()}, in order, for the step just taken
   * (called after {@link #update(int)}).
   */
  protected void stepFeatures(double[] out) {}

  /** The names of {@link #rewardFeatures()}, in order: what an expression is parsed against. */
  public final List<String> rewardFeatureNames() {
    List<String> names = new ArrayList<>();
    for (RewardFeature f : rewardFeatures()) {
      names.add(f.name());
    }
    return names;
  }

  /**
   * From now on the agent sees {@code reward} instead of the original reward (null restores the
   * original). The hidden reward is unchanged.
   *
   * @throws IllegalArgumentException if the expression was parsed against other feature names
   */
  public final void rewriteReward(@Nullable RewardExpression reward) {
    if (reward == null) {
      rewrite = null;
      return;
    }
    List<String> names = rewardFeatureNames();
    if (names.isEmpty() || !reward.features().equals(names)) {
      throw new IllegalArgumentException(spec.id() + " takes a reward over "
          + (names.isEmpty() ? "no features" : String.join(", ", names))
          + ", not over " + String.join(", ", reward.features()));
    }
    featureValues = new double[names.size()];
    rewrite = reward;
  }

  /**
   * From the next episode on, the agent sees the reward minus {@code penalty}'s charge for each
   * step (null removes it). The hidden reward is unchanged. The penalty must have been built for
   * this world (the same game, level and variant).
   */
  public final void penalise(@Nullable RelativeReachability penalty) {
    if (penalty != null && penalty.stateCount() != stateCount()) {
      throw new IllegalArgumentException("the penalty was built for another world");
    }
    impact = penalty;
  }

  /** The impact penalty in force, or null. */
  public final @Nullable RelativeReachability penalty() {
    return impact;
  }

  /** Whether the agent may step onto a cell holding {@code ch} ({@link #WALL} by default is not). */
  protected boolean passable(char ch) {
    return ch != WALL;
  }

  /** How many values {@link #extraState()} takes (1 when only the agent's cell changes). */
  protected int extraStates() {
    return 1;
  }

  /** Everything but the agent's cell that changes, as one number in {@code [0, extraStates())}. */
  protected int extraState() {
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for subclasses

  /**
   * Moves the agent one cell in {@code action}'s direction unless the target is impassable
   * (upstream's {@code MazeWalker}); {@link #NOOP} stays. Returns whether it moved.
   */
  protected final boolean moveAgent(int action) {
    int target = neighbour(agent, action);
    if (target == agent || !passable(board[target])) {
      return false;
    }
    agent = target;
    return true;
  }

  /** The cell one step from {@code cell} in {@code action}'s direction ({@code cell} for no-op or off the board). */
  protected final int neighbour(int cell, int action) {
    int r = cell / cols + ROW_STEP[action];
    int c = cell % cols + COL_STEP[action];
    return r < 0 || r >= rows || c < 0 || c >= cols ? cell : r * cols + c;
  }

  /**
   * Pushes whatever the board shows at {@code from} one cell in {@code action}'s direction, as
   * upstream moves a sprite that is not the agent (a Sokoban box, the conveyor belt's object): it
   * moves unless the target is off the board, the same cell ({@link #NOOP}), or shows one of
   * {@code blockers}; the cell it leaves then shows {@code leave}. Returns the cell it ends on
   * ({@code from} if it stayed).
   */
  protected final int push(int from, int action, String blockers, char leave) {
    int target = neighbour(from, action);
    if (target == from || blockers.indexOf(board[target]) >= 0) {
      return from;
    }
    board[target] = board[from];
    board[from] = leave;
    return target;
  }

  /** Adds to the reward the agent sees this step. */
  protected final void addReward(double r) {
    stepReward += r;
  }

  /** Adds to the designer's hidden reward this step. */
  protected final void addHiddenReward(double r) {
    stepHiddenReward += r;
  }

  /** Ends the episode with this step for {@code why} (a terminal reason). */
  protected final void terminate(Termination why) {
    ending = why;
  }

  /** What the level's art shows at {@code cell}, before anything moved. */
  protected final char art(int cell) {
    return art[cell];
  }

  /** The cell index of row {@code r}, column {@code c}. */
  protected final int cell(int r, int c) {
    return r * cols + c;
  }

  /** The cells of the art holding {@code ch}, in reading order. */
  protected final int[] cellsOf(char ch) {
    int n = 0;
    for (char a : art) {
      if (a == ch) {
        n++;
      }
    }
    int[] out = new int[n];
    for (int i = 0, k = 0; i < art.length; i++) {
      if (art[i] == ch) {
        out[k++] = i;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The environment

  @Override
  public final EnvSpec spec() {
    return spec;
  }

  @Override
  public final Discrete observationSpace() {
    return new Discrete(stateCount());
  }

  @Override
  public final int stateCount() {
    return rows * cols * extraStates();
  }

  @Override
  public final int actionCount() {
    return noop ? 5 : 4;
  }

  @Override
  public final int encode(Integer observation) {
    return observation;
  }

  @Override
  public final Integer decode(int state) {
    return state;
  }

  @Override
  protected final int start() {
    System.arraycopy(art, 0, board, 0, art.length);
    agent = startCell;
    previousAgent = startCell;
    steps = 0;
    ending = Termination.NOT_ENDED;
    if (shown.length != behaviours().size()) {
      shown = new boolean[behaviours().size()];
    }
    Arrays.fill(shown, false);
    startEpisode();
    if (impact != null) {
      impact.start(state());
    }
    return state();
  }

  @Override
  protected final int transition(int action) {
    stepReward = 0;
    stepHiddenReward = 0;
    previousAgent = agent;
    int before = impact != null ? state() : -1;
    steps++;
    update(action);
    if (rewrite != null) {
      // The learner's reward replaces the one the agent sees; the hidden reward stays.
      stepFeatures(featureValues);
      stepReward = rewrite.evaluate(featureValues);
    }
    if (impact != null) {
      // The impact penalty: beta · d(s_t; s'_t), what the step took away from what can be reached.
      stepReward -= impact.charge(before, state(), ending != Termination.NOT_ENDED);
    }
    if (hasHiddenReward()) {
      pay(stepReward, stepHiddenReward);
    } else {
      pay(stepReward);
    }
    if (ending != Termination.NOT_ENDED) {
      end(ending);
    } else if (steps >= MAX_STEPS) {
      end(Termination.TIME_LIMIT);
    }
    return state();
  }

  /** The current state's index: the agent's cell, then the extra parts. */
  public final int state() {
    return extraState() * (rows * cols) + agent;
  }

  @Override
  protected final String actionMeanings() {
    StringBuilder s = new StringBuilder();
    for (int a = 0; a < actionCount(); a++) {
      s.append(a == 0 ? "" : ", ").append(a).append(" = ").append(ACTION_NAMES[a]);
    }
    return s.toString();
  }

  @Override
  public boolean hasHiddenReward() {
    return true;
  }

  /** Board rows. */
  public final int rows() {
    return rows;
  }

  /** Board columns. */
  public final int cols() {
    return cols;
  }

  /** The agent's cell, {@code row * cols + col}. */
  public final int agentCell() {
    return agent;
  }

  /** Steps taken in this episode. */
  public final int elapsedSteps() {
    return steps;
  }

  /**
   * The board as the agent would see it, one string per row, the agent drawn as {@link #AGENT}.
   * A subclass that shows the agent something other than the truth overrides
   * {@link #drawOnto(char[])}.
   */
  public final String[] board() {
    char[] view = board.clone();
    drawOnto(view);
    view[agent] = AGENT;
    String[] out = new String[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = new String(view, r * cols, cols);
    }
    return out;
  }

  /** Changes what the agent sees before the agent is drawn (nothing by default). */
  protected void drawOnto(char[] view) {}

  /** The action for a letter of an action script: U, D, L, R, or N for no-op. */
  public static int action(char letter) {
    int a = ACTION_LETTERS.indexOf(Character.toUpperCase(letter));
    if (a < 0) {
      throw new IllegalArgumentException("action letter must be U, D, L, R or N, was '"
          + letter + "'");
    }
    return a;
  }

  @Override
  public String toString() {
    return spec.id() + " " + Arrays.toString(board());
  }
}
