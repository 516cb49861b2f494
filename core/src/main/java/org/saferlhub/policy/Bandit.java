package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * A bandit with a known-good reference policy and two rewards: the proxy the optimiser is paid
 * and the true reward the designer meant. One action, the exploit, is the proxy's favourite that
 * the reference almost never takes: an "outcome pump" (Yudkowsky 2007).
 *
 * <p>The burning building ({@link #burningBuilding()}): grandma is inside. The reference policy,
 * fitted to ten thousand demonstrations of people who help, carries her out of the door, waits
 * for the firefighters, or fetches a ladder; one in ten thousand times it does something else.
 * The proxy measures how far grandma ends up from the building; the true reward, whether she is
 * safe. Blowing the building up throws her farthest.
 *
 * @param id the problem's name ({@code burning-building}, {@code bandit})
 * @param actions each action's name
 * @param reference π_ref(a), positive, summing to 1
 * @param proxy the proxy reward of each action
 * @param truth the true reward of each action
 * @param exploit the action with the highest proxy reward (the first, on a tie)
 */
public record Bandit(String id, List<String> actions, double[] reference, double[] proxy,
    double[] truth, int exploit) {

  /** Most actions a bandit may have. */
  public static final int MAX_ACTIONS = 64;

  /**
   * The burning building's demonstrations: how many of 10,000 people who helped carried grandma
   * out of the door, waited, fetched a ladder, or (one person, who panicked) blew the building up.
   * Do not modify: {@link #burningBuilding()} fits its reference to these counts.
   */
  public static final long[] BURNING_DEMONSTRATIONS = {6000, 3000, 999, 1};

  /** Copies the arrays. */
  public Bandit {
    actions = List.copyOf(actions);
    reference = reference.clone();
    proxy = proxy.clone();
    truth = truth.clone();
  }

  /**
   * The burning building of policy-lab.md, section 6A. Its reference is the maximum-likelihood
   * fit (α = 0) to {@link #BURNING_DEMONSTRATIONS}: (0.60, 0.30, 0.0999, 1e-4), so blowing the
   * building up has the KL price ln 10,000 = 9.2 nats (see {@link BehaviourCloning}).
   */
  public static Bandit burningBuilding() {
    return new Bandit("burning-building", List.of("door", "wait", "ladder", "explode"),
        BehaviourCloning.fit(BURNING_DEMONSTRATIONS, 0), new double[] {0.5, 0.0, 0.6, 1.0},
        new double[] {0.8, 0.3, 0.9, -1.0}, 3);
  }

  /**
   * A bandit anyone can define.
   *
   * @param reference π_ref, each entry in (0, 1], summing to 1 within 1e-6 (it is renormalised)
   * @param proxy one finite number per action
   * @param truth one finite number per action
   * @throws ParameterException naming {@code ref}, {@code proxy} or {@code true}
   */
  public static Bandit of(double[] reference, double[] proxy, double[] truth) {
    int k = reference.length;
    if (k < 2 || k > MAX_ACTIONS) {
      throw new ParameterException("ref", "ref must list 2 to " + MAX_ACTIONS
          + " probabilities, had " + k);
    }
    if (proxy.length != k) {
      throw new ParameterException("proxy", "proxy must list one reward per action (" + k
          + "), had " + proxy.length);
    }
    if (truth.length != k) {
      throw new ParameterException("true", "true must list one reward per action (" + k
          + "), had " + truth.length);
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      if (!(reference[a] > 0 && reference[a] <= 1)) {
        throw new ParameterException("ref", "ref: every probability must be more than 0 and at "
            + "most 1, entry " + (a + 1) + " was " + reference[a]);
      }
      if (!Double.isFinite(proxy[a]) || Math.abs(proxy[a]) > 1e6) {
        throw new ParameterException("proxy", "proxy: entry " + (a + 1) + " must be a number "
            + "from -1000000 to 1000000, was " + proxy[a]);
      }
      if (!Double.isFinite(truth[a]) || Math.abs(truth[a]) > 1e6) {
        throw new ParameterException("true", "true: entry " + (a + 1) + " must be a number "
            + "from -1000000 to 1000000, was " + truth[a]);
      }
      sum += reference[a];
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new ParameterException("ref", "ref must sum to 1, summed to " + sum);
    }
    double[] normalised = new double[k];
    List<String> names = new ArrayList<>();
    int exploit = 0;
    for (int a = 0; a < k; a++) {
      normalised[a] = reference[a] / sum;
      names.add("a" + (a + 1));
      if (proxy[a] > proxy[exploit]) {
        exploit = a;
      }
    }
    return new Bandit("bandit", names, normalised, proxy, truth, exploit);
  }

  /** How many actions there are. */
  public int size() {
    return reference.length;
  }

  /** E_π[proxy]. */
  public double proxyReward(double[] pi) {
    return expect(pi, proxy);
  }

  /** E_π[true reward]. */
  public double trueReward(double[] pi) {
    return expect(pi, truth);
  }

  /** KL(π ‖ π_ref) = Σ_a π(a) log(π(a) / π_ref(a)), in nats (0 log 0 = 0). */
  public double klToReference(double[] pi) {
    double kl = 0;
    for (int a = 0; a < pi.length; a++) {
      if (pi[a] > 0) {
        kl += pi[a] * (StrictMath.log(pi[a]) - StrictMath.log(reference[a]));
      }
    }
    return Math.max(kl, 0);
  }

  /**
   * The KL price of the exploit (policy-lab.md, section 3): no policy whose KL to the reference is
   * {@code kl} can put more than {@code (kl + ln 2) / ln(1/π_ref(exploit))} on it.
   */
  public double exploitBound(double kl) {
    return (kl + StrictMath.log(2)) / -StrictMath.log(reference[exploit]);
  }

  private static double expect(double[] pi, double[] r) {
    double s = 0;
    for (int a = 0; a < pi.length; a++) {
      s += pi[a] * r[a];
    }
    return s;
  }
}
