package org.saferlhub.app.grid;

import java.util.LinkedHashMap;
import java.util.Map;
import org.saferlhub.agent.dp.Improvement;
import org.saferlhub.agent.dp.PolicyEvaluation;
import org.saferlhub.agent.dp.PolicyImprovement;
import org.saferlhub.agent.dp.PolicyIteration;
import org.saferlhub.agent.dp.Solution;
import org.saferlhub.agent.dp.Sweep;
import org.saferlhub.agent.dp.ValueIteration;
import org.saferlhub.config.Check;
import org.saferlhub.env.grid.GridMap;
import org.saferlhub.env.grid.GridModel;

/**
 * Dynamic programming on a grid map's exact model ({@link GridModel}), one operation at a time for
 * the lesson's step-by-step widget, or solved outright for {@code saferlhub solve}.
 */
public final class GridDp {

  /** Sweeps stop once no value moves by this much: the θ of every solve. */
  public static final double THETA = 1e-9;

  /** The most sweeps one solve makes (with γ = 1 a policy that never ends has no value). */
  public static final int MAX_SWEEPS = 100_000;

  /**
   * The most state backups (one state's Bellman update) one request may make: a bound on its work
   * whatever the map, slip and γ (a few seconds of one core at most; policy iteration on the maze
   * preset with γ = 1 needs 5.4 million). A solve that would need more stops there, not
   * converged ({@code stable: false}).
   */
  public static final long MAX_BACKUPS = 20_000_000;

  /** The sweeps a solve may make on a model of {@code states} states within the budget. */
  static int sweepBudget(int states) {
    return (int) Math.max(1, Math.min(MAX_SWEEPS, MAX_BACKUPS / Math.max(1, states)));
  }

  /** The operations of {@code POST /api/gridworld/dp}. */
  public enum Op {
    /** One sweep of iterative policy evaluation. */
    EVALUATE,
    /** The policy greedy in the values (ties share probability). */
    IMPROVE,
    /** One sweep of value iteration. */
    VALUE_ITERATION,
    /** Policy iteration from the uniform random policy until the policy is stable. */
    POLICY_ITERATION;

    /** The id: {@code evaluate}, {@code improve}, {@code value-iteration}, {@code policy-iteration}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses an id, naming {@code op} when it is unknown. */
    public static Op fromId(String id) {
      return Check.oneOf("op", id, values(), Op::id);
    }
  }

  private GridDp() {}

  /**
   * Applies {@code op} and answers {@code values} (per state), {@code policy} ({@code [[p_up,
   * p_right, p_down, p_left], …]} per state), {@code maxChange} (the largest change of a value),
   * {@code sweeps} and {@code stable}.
   *
   * <ul>
   *   <li>{@code evaluate}: V ← one sweep of evaluating {@code policy} (uniform random when null)
   *       from {@code values} (zeros when null); the policy is returned unchanged; stable when
   *       no value moved by {@value #THETA} or more.
   *   <li>{@code improve}: the policy greedy in {@code values}; values unchanged (maxChange 0,
   *       sweeps 0); stable when it equals {@code policy} (uniform when null) in every
   *       non-terminal state.
   *   <li>{@code value-iteration}: one sweep of value iteration from {@code values}; the policy
   *       is greedy in the new values; stable as for {@code evaluate}.
   *   <li>{@code policy-iteration}: from the uniform random policy and zero values to the end
   *       (inputs ignored); sweeps counts every evaluation sweep; stable when it converged.
   * </ul>
   *
   * @param values V per state, or null for zeros
   * @param policy {@code pi[s * 4 + a]}, or null for the uniform random policy
   * @throws org.saferlhub.config.ParameterException naming {@code gamma}, {@code values} or
   *     {@code policy}
   */
  public static Map<String, Object> apply(GridMap map, double gamma, Op op,
      double @org.jspecify.annotations.Nullable [] values,
      double @org.jspecify.annotations.Nullable [] policy) {
    Check.range("gamma", gamma, 0, false, 1, false);
    GridModel model = new GridModel(map);
    double[] v = values != null ? values : new double[model.stateCount()];
    double[] pi = policy != null ? policy : model.uniformPolicy();
    double[] newValues;
    double[] newPolicy;
    double maxChange;
    int sweeps;
    boolean stable;
    switch (op) {
      case EVALUATE -> {
        Sweep sweep = PolicyEvaluation.sweep(model, pi, v, gamma);
        newValues = sweep.values();
        newPolicy = pi;
        maxChange = sweep.maxChange();
        sweeps = 1;
        stable = maxChange < THETA;
      }
      case IMPROVE -> {
        Improvement improvement = PolicyImprovement.improve(model, pi, v, gamma);
        newValues = v;
        newPolicy = improvement.policy();
        maxChange = 0;
        sweeps = 0;
        stable = improvement.stable();
      }
      case VALUE_ITERATION -> {
        Sweep sweep = ValueIteration.sweep(model, v, gamma);
        newValues = sweep.values();
        newPolicy = PolicyImprovement.improve(model, model.uniformPolicy(), newValues, gamma)
            .policy();
        maxChange = sweep.maxChange();
        sweeps = 1;
        stable = maxChange < THETA;
      }
      case POLICY_ITERATION -> {
        Solution solution = PolicyIteration.solve(model, gamma, THETA,
            sweepBudget(model.stateCount()));
        newValues = solution.values();
        newPolicy = solution.policy();
        maxChange = 0;
        sweeps = solution.sweeps();
        stable = solution.converged();
      }
      default -> throw new IllegalStateException("unknown op " + op);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", newValues);
    m.put("policy", GridViews.perState(newPolicy, model.actionCount()));
    m.put("maxChange", maxChange);
    m.put("sweeps", sweeps);
    m.put("stable", stable);
    return m;
  }

  /**
   * The optimal values and policy by value iteration from zero values until no value moves by
   * {@value #THETA} (at most {@value #MAX_SWEEPS} sweeps and {@value #MAX_BACKUPS} state
   * backups): {@code gamma}, {@code theta},
   * {@code values} (rows of the grid), {@code policy} (arrow rows, ties to the first of
   * ↑ → ↓ ←), {@code sweeps}, {@code converged}.
   */
  public static Map<String, Object> solve(GridMap map, double gamma) {
    Check.range("gamma", gamma, 0, false, 1, false);
    GridModel model = new GridModel(map);
    Solution solution = ValueIteration.solve(model, gamma, THETA,
        sweepBudget(model.stateCount()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gamma", gamma);
    m.put("theta", THETA);
    m.put("values", GridViews.valueRows(map, solution.values()));
    m.put("policy", GridViews.policyRows(map, solution.policy()));
    m.put("sweeps", solution.sweeps());
    m.put("converged", solution.converged());
    return m;
  }
}
