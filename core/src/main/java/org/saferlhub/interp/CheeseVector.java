package org.saferlhub.interp;

import java.util.Arrays;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.CheeseCorner;
import org.saferlhub.env.procgen.LevelEnv;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;
import org.saferlhub.random.Rng;

/**
 * The cheese vector (Mini, Turner et al. 2023, "Understanding and controlling a maze-solving
 * policy network", arXiv:2310.08043), on the learner's own cheese-in-the-corner network.
 *
 * <p>In plain words: show the network a maze with the cheese and the same maze without it, at the
 * mouse's start, and take the difference of a hidden layer's activations. That difference is the
 * network's internal "there is cheese here" signal for this maze. Subtract it at every forward
 * pass in that maze and see whether the network stops heading for the cheese; compare with a
 * random vector of the same length, which should do nothing in particular; and try adding it.
 *
 * <pre>
 *   v = aˡ(maze with cheese) − aˡ(maze without cheese)            at the start square
 *   aˡ ← aˡ − c·v  (subtract)   or  aˡ ← aˡ + c·v  (add),          at every forward pass
 *   P(toward cheese) = Σ_a π(a | s) over the moves a that shorten the way to the cheese,
 *                      averaged over every free square s of the maze but the cheese's
 * </pre>
 *
 * Layer 0 is the input: there, subtracting v is exactly deleting the cheese from the observation
 * (the caveat the lesson teaches: on a one-hot input the "vector" is trivially the cheese itself),
 * which is why the vector is taken from a hidden layer. Mazes are test levels (the cheese outside
 * the top-left 3 × 3) drawn from the seed.
 */
public final class CheeseVector {

  /**
   * The measurement over many mazes.
   *
   * @param mazes the number of mazes
   * @param layer the layer the vector was taken from and applied to (0: the input)
   * @param meanNone mean P(toward cheese) with no intervention
   * @param meanSubtract with the cheese vector subtracted
   * @param meanSubtractRandom with a random vector of the same norm subtracted
   * @param meanAdd with the cheese vector added
   * @param shareFellCheese the share of mazes where subtracting the cheese vector lowered it
   * @param shareFellRandom the same for the random vector
   * @param meanNorm the mean norm of the cheese vector
   */
  public record Result(int mazes, int layer, double meanNone, double meanSubtract,
      double meanSubtractRandom, double meanAdd, double shareFellCheese, double shareFellRandom,
      double meanNorm) {}

  private static final int[] DR = {-1, 0, 1, 0};
  private static final int[] DC = {0, 1, 0, -1};

  private CheeseVector() {}

  /**
   * Measures the cheese vector over {@code mazes} test mazes.
   *
   * @param policy a network trained on cheese-in-the-corner with this view
   * @param view the view it was trained with
   * @param layer 0 (the input) to the last hidden layer
   * @param mazes 1 to 10,000
   * @param coefficient c, the multiple of v subtracted or added, (0, 100]
   * @param seed the seed of the mazes and the random vectors
   */
  public static Result run(PolicyNet policy, View view, int layer, int mazes, double coefficient,
      long seed) {
    Mlp net = policy.net();
    if (layer < 0 || layer >= net.layers()) {
      throw new ParameterException("layer", "layer must be from 0 (the input) to "
          + (net.layers() - 1) + " (the last hidden layer), was " + layer);
    }
    if (mazes < 1 || mazes > 10_000) {
      throw new ParameterException("mazes", "mazes must be from 1 to 10,000, was " + mazes);
    }
    if (!(coefficient > 0 && coefficient <= 100)) {
      throw new ParameterException("coefficient", "coefficient must be in (0, 100], was "
          + coefficient);
    }
    CheeseCorner env = new CheeseCorner(0, LevelEnv.Split.TEST, view);
    if (env.observationSize() != net.units(0)) {
      throw new ParameterException("model", "the network reads " + net.units(0) + " inputs; "
          + "cheese-corner's " + view.id() + " view has " + env.observationSize());
    }
    Rng rng = new Rng(seed);
    env.resetLevel(rng.nextLong());
    double[] x = new double[env.observationSize()];
    double[] withCheese;
    double[] v = new double[net.units(layer)];
    double[] random = new double[v.length];
    int[] dist = new int[CheeseCorner.SIZE * CheeseCorner.SIZE];
    double none = 0;
    double sub = 0;
    double subRandom = 0;
    double add = 0;
    int fell = 0;
    int fellRandom = 0;
    double norms = 0;
    for (int m = 0; m < mazes; m++) {
      if (m > 0) {
        env.resetLevel();
      }
      distances(env, dist);
      env.observe(x);
      withCheese = activations(net, x, layer);
      x[env.cheeseIndex()] = 0; // the same maze without the cheese
      double[] without = activations(net, x, layer);
      // tex: v = a^{l}(\text{maze with cheese}) - a^{l}(\text{maze without cheese}), \qquad a^{l} \leftarrow a^{l} \mp c\,v \ \text{at every forward pass}
      // words: Take the difference the cheese makes to a hidden layer at the start square: that is the cheese vector. Then subtract (or add) it every time the network looks at this maze.
      // region update
      double norm = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = withCheese[i] - without[i]; // v = aˡ(with) − aˡ(without)
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      norms += norm;
      randomOfNorm(random, norm, rng);
      double base = overSquares(policy, env, x, dist, layer, v, 0);
      double s = overSquares(policy, env, x, dist, layer, v, -coefficient);
      double r = overSquares(policy, env, x, dist, layer, random, -coefficient);
      double a = overSquares(policy, env, x, dist, layer, v, coefficient);
      // endregion
      none += base;
      sub += s;
      subRandom += r;
      add += a;
      fell += s < base ? 1 : 0;
      fellRandom += r < base ? 1 : 0;
    }
    return new Result(mazes, layer, none / mazes, sub / mazes, subRandom / mazes, add / mazes,
        (double) fell / mazes, (double) fellRandom / mazes, norms / mazes);
  }

  /**
   * Mean P(toward cheese) over the maze's free squares (but the cheese's), the mouse put on each
   * in turn, with the intervention at every forward pass; the mouse goes back to its start.
   */
  static double overSquares(PolicyNet policy, CheeseCorner env, double[] x, int[] dist,
      int layer, double[] vector, double scale) {
    int start = env.mouse();
    double sum = 0;
    int n = 0;
    for (int cell = 0; cell < dist.length; cell++) {
      if (env.wall(cell) || cell == env.cheese() || dist[cell] == Integer.MAX_VALUE) {
        continue;
      }
      env.placeMouse(cell);
      env.observe(x);
      sum += pToward(policy, env, x, dist, layer, vector, scale);
      n++;
    }
    env.placeMouse(start);
    return sum / n;
  }

  /** Layer {@code layer}'s activations for input {@code x} (a copy; layer 0 is the input). */
  static double[] activations(Mlp net, double[] x, int layer) {
    net.setHook(null);
    net.forward(x);
    return net.activations(layer);
  }

  /**
   * P(toward cheese) at the mouse's square with {@code scale}·{@code vector} added to layer
   * {@code layer} (to the input itself for layer 0).
   */
  static double pToward(PolicyNet policy, CheeseCorner env, double[] x, int[] dist, int layer,
      double[] vector, double scale) {
    Mlp net = policy.net();
    double[] input = x;
    if (layer == 0) {
      input = x.clone();
      for (int i = 0; i < input.length; i++) {
        input[i] += scale * vector[i];
      }
      net.setHook(null);
    } else {
      net.setHook((l, act) -> {
        if (l == layer && scale != 0) {
          for (int i = 0; i < act.length; i++) {
            act[i] += scale * vector[i]; // aˡ ← aˡ ± c·v
          }
        }
      });
    }
    policy.evaluate(input);
    net.setHook(null);
    return towardCheese(policy.probs(), env, dist);
  }

  /**
   * The probability, under {@code probs}, of the moves from the mouse's square that shorten the
   * way to the cheese ({@code dist}: {@link #distances}).
   */
  static double towardCheese(double[] probs, CheeseCorner env, int[] dist) {
    return towardAt(probs, env, env.mouse(), dist);
  }

  /**
   * The probability, under {@code probs} at square {@code mouse}, of the moves that shorten the
   * way to the square {@code dist} measures from.
   */
  static double towardAt(double[] probs, CheeseCorner env, int mouse, int[] dist) {
    double p = 0;
    for (int a = 0; a < 4; a++) {
      int next = mouse + DR[a] * CheeseCorner.SIZE + DC[a];
      if (!env.wall(next) && dist[next] < dist[mouse]) {
        p += probs[a]; // a move that shortens the way to the cheese
      }
    }
    return p;
  }

  /** Breadth-first distances to the cheese (Integer.MAX_VALUE where unreachable). */
  static void distances(CheeseCorner env, int[] dist) {
    distances(env, env.cheese(), dist);
  }

  /** Breadth-first distances to square {@code target} (Integer.MAX_VALUE where unreachable). */
  static void distances(CheeseCorner env, int target, int[] dist) {
    Arrays.fill(dist, Integer.MAX_VALUE);
    int[] queue = new int[dist.length];
    int head = 0;
    int tail = 0;
    queue[tail++] = target;
    dist[target] = 0;
    while (head < tail) {
      int cell = queue[head++];
      for (int a = 0; a < 4; a++) {
        int next = cell + DR[a] * CheeseCorner.SIZE + DC[a];
        if (!env.wall(next) && dist[next] == Integer.MAX_VALUE) {
          dist[next] = dist[cell] + 1;
          queue[tail++] = next;
        }
      }
    }
  }

  /**
   * The cheese vector of the env's current maze at the mouse's square: aˡ(with the cheese) −
   * aˡ(without it).
   */
  public static double[] vectorAt(PolicyNet policy, CheeseCorner env, int layer) {
    Mlp net = policy.net();
    double[] x = new double[env.observationSize()];
    env.observe(x);
    double[] with = activations(net, x, layer);
    x[env.cheeseIndex()] = 0; // the same maze without the cheese
    double[] without = activations(net, x, layer);
    double[] v = new double[with.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = with[i] - without[i];
    }
    return v;
  }

  /** A random vector of {@code length} entries and Euclidean norm {@code norm}, from a seed. */
  public static double[] randomOfNorm(int length, double norm, long seed) {
    double[] out = new double[length];
    randomOfNorm(out, norm, new Rng(seed));
    return out;
  }

  private static void randomOfNorm(double[] out, double norm, Rng rng) {
    double n = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = 2 * rng.nextDouble() - 1;
      n += out[i] * out[i];
    }
    n = Math.sqrt(n);
    for (int i = 0; i < out.length; i++) {
      out[i] = n == 0 ? 0 : out[i] * norm / n;
    }
  }
}
