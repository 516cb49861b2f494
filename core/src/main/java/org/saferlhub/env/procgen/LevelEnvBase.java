package org.saferlhub.env.procgen;

import java.util.Map;
import org.saferlhub.env.EnvSpec;
import org.saferlhub.env.Reset;
import org.saferlhub.env.Step;
import org.saferlhub.random.Rng;
import org.saferlhub.space.Box;
import org.saferlhub.space.Discrete;

/**
 * What every level family shares: its settings (p, split, view) and registry entry, the seeded
 * generator, the episode's bookkeeping (steps, reward, ended or not), the checks of the contract,
 * and Gymnasium's {@code reset}/{@code step} built on the allocation-free path. A family says how to draw a level ({@link #generate(Rng)}), how one
 * action moves it ({@link #move(int)}), and how it looks ({@link #observe(double[])}).
 */
public abstract class LevelEnvBase implements LevelEnv {

  /** The level generator; a family draws from it only in {@link #generate(Rng)}. */
  private Rng rng = new Rng(0);
  private final EnvSpec spec;
  private final Box space;
  private final double p;
  private final Split split;
  private final View view;
  private final Discrete actions;
  private final double[] scratch;
  private boolean started;
  private int steps;
  private double reward;
  private boolean terminated;
  private boolean truncated;

  /**
   * @param spec the registry entry
   * @param space the box every observation lies in
   * @param actionCount the number of actions
   * @param p the share of training levels whose goal is moved, in [0, 1]
   * @param split training or test levels
   * @param view how the agent sees the level
   */
  protected LevelEnvBase(EnvSpec spec, Box space, int actionCount, double p, Split split,
      View view) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1], was " + p);
    }
    this.spec = spec;
    this.space = space;
    this.p = p;
    this.split = split;
    this.view = view;
    this.actions = new Discrete(actionCount);
    this.scratch = new double[space.size()];
  }

  /** Draws a new level from {@code rng} and puts the agent at its start. */
  protected abstract void generate(Rng rng);

  /**
   * Applies a valid action to the level and returns its reward; calls {@link #terminate()} if the
   * episode reached a terminal state.
   *
   * @param action 0 … {@link #actionCount()} − 1
   * @param t the step number of this action, 1 for the first
   */
  protected abstract double move(int action, int t);

  /** The time limit T: the episode is truncated after T steps. */
  protected abstract int timeLimit();

  /** Marks the episode as ended by the task (called from {@link #move}). */
  protected final void terminate() {
    terminated = true;
  }

  @Override
  public final EnvSpec spec() {
    return spec;
  }

  @Override
  public final Box observationSpace() {
    return space;
  }

  @Override
  public final Split split() {
    return split;
  }

  /** The share of training levels whose goal is moved (keys-and-chests ignores it). */
  public final double p() {
    return p;
  }

  /** How the level is shown. */
  public final View view() {
    return view;
  }

  @Override
  public final Map<String, String> params() {
    return Map.of("p", Double.toString(p), "split", split.id(), "view", view.id());
  }

  @Override
  public final int actionCount() {
    return actions.n();
  }

  @Override
  public final int observationSize() {
    return scratch.length;
  }

  @Override
  public final Discrete actionSpace() {
    return actions;
  }

  @Override
  public final void resetLevel(long seed) {
    rng = new Rng(seed);
    resetLevel();
  }

  @Override
  public final void resetLevel() {
    generate(rng);
    started = true;
    steps = 0;
    reward = 0;
    terminated = false;
    truncated = false;
  }

  @Override
  public final void act(int action) {
    if (!started) {
      throw new IllegalStateException("call reset before step");
    }
    if (terminated || truncated) {
      throw new IllegalStateException("the episode has ended; call reset");
    }
    if (action < 0 || action >= actions.n()) {
      throw new IllegalArgumentException("action " + action + " is not in " + actions);
    }
    steps++;
    reward = move(action, steps);
    if (!terminated && steps >= timeLimit()) {
      truncated = true;
    }
  }

  @Override
  public final double reward() {
    return reward;
  }

  @Override
  public final boolean terminated() {
    return terminated;
  }

  @Override
  public final boolean truncated() {
    return truncated;
  }

  @Override
  public final int steps() {
    return steps;
  }

  @Override
  public final Reset<float[]> reset(long seed) {
    resetLevel(seed);
    return new Reset<>(observation(), Map.of());
  }

  @Override
  public final Reset<float[]> reset() {
    resetLevel();
    return new Reset<>(observation(), Map.of());
  }

  @Override
  public final Step<float[]> step(Integer action) {
    if (action == null) {
      throw new IllegalArgumentException("action must not be null; allowed: " + actions);
    }
    act(action);
    boolean over = terminated || truncated;
    return new Step<>(observation(), reward, terminated, truncated,
        over ? Map.of("outcome", outcomes().get(outcome()), "steps", steps) : Map.of());
  }

  /** The current observation as a fresh {@code float[]}. */
  public final float[] observation() {
    observe(scratch);
    float[] x = new float[scratch.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) scratch[i];
    }
    return x;
  }

  @Override
  public void close() {}
}
