package org.saferlhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saferlhub.agent.tabular.DynaQ;
import org.saferlhub.agent.tabular.SarsaLambda;
import org.saferlhub.train.AgentOptions;
import org.saferlhub.train.Algorithm;
import org.saferlhub.train.EpsilonSchedule;
import org.saferlhub.train.Hyperparameters;
import org.saferlhub.train.RunConfig;

/**
 * The parameter description matches the records it describes: each default is the record's
 * default, each bound is accepted and each value just outside is refused by the record itself,
 * with the same message.
 */
class ParamTest {

  private static RunConfig with(String name, double value) {
    RunConfig d = RunConfig.defaults();
    double alpha = name.equals("alpha") ? value : d.alpha();
    double gamma = name.equals("gamma") ? value : d.gamma();
    long episodes = name.equals("episodes") ? (long) value : d.episodes();
    long seed = name.equals("seed") ? (long) value : d.seed();
    double epsilon = name.equals("epsilon") ? value : 0.5;
    double epsilonFinal = name.equals("epsilonFinal") ? value : 0.5;
    double lambda = name.equals("lambda") ? value : 0.5;
    int planning = name.equals("planningSteps") ? (int) value : 5;
    return new RunConfig(d.env(), d.algorithm(), episodes, alpha, gamma,
        new EpsilonSchedule(EpsilonSchedule.Kind.LINEAR, epsilon, epsilonFinal), seed,
        new AgentOptions(lambda, planning));
  }

  static List<Param> numeric() {
    return List.of(Hyperparameters.EPISODES, Hyperparameters.SEED, Hyperparameters.ALPHA,
        Hyperparameters.GAMMA, Hyperparameters.EPSILON, Hyperparameters.EPSILON_FINAL,
        SarsaLambda.LAMBDA, DynaQ.PLANNING_STEPS);
  }

  @Test
  void theRecordsAcceptEveryBoundAndRefuseJustOutsideWithTheParametersMessage() {
    for (Param p : numeric()) {
      boolean integer = p.kind() == Param.Kind.INTEGER;
      double below = integer ? p.min() - 1 : p.minOpen() ? p.min() : Math.nextDown(p.min());
      double above = integer ? p.max() + 1 : p.maxOpen() ? p.max() : Math.nextUp(p.max());
      if (!p.minOpen()) {
        assertThatCode(() -> with(p.name(), p.min())).as(p.name()).doesNotThrowAnyException();
      }
      if (!p.maxOpen()) {
        assertThatCode(() -> with(p.name(), p.max())).as(p.name()).doesNotThrowAnyException();
      }
      for (double bad : new double[] {below, above}) {
        String expected = catchMessage(() -> p.check(bad));
        assertThatThrownBy(() -> with(p.name(), bad)).as(p.name() + " = " + bad)
            .isInstanceOf(ParameterException.class).hasMessage(expected)
            .satisfies(e -> assertThat(((ParameterException) e).field()).isEqualTo(p.name()));
      }
    }
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (ParameterException e) {
      return e.getMessage();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void theDefaultsAreTheRecordsDefaults() {
    RunConfig d = RunConfig.defaults();
    assertThat(Hyperparameters.EPISODES.defaultNumber()).isEqualTo(d.episodes());
    assertThat(Hyperparameters.SEED.defaultNumber()).isEqualTo(d.seed());
    assertThat(Hyperparameters.ALPHA.defaultNumber()).isEqualTo(d.alpha());
    assertThat(Hyperparameters.GAMMA.defaultNumber()).isEqualTo(d.gamma());
    assertThat(Hyperparameters.EPSILON.defaultNumber()).isEqualTo(d.epsilon().start());
    assertThat(Hyperparameters.EPSILON_SCHEDULE.defaultValue()).isEqualTo(d.epsilon().kind().id());
    assertThat(SarsaLambda.LAMBDA.defaultNumber()).isEqualTo(AgentOptions.defaults().lambda());
    assertThat(DynaQ.PLANNING_STEPS.defaultNumber())
        .isEqualTo(AgentOptions.defaults().planningSteps());
    assertThat(Hyperparameters.EPSILON_SCHEDULE.choices())
        .containsExactly("constant", "linear", "exponential");
  }

  @Test
  void everyAlgorithmDeclaresAlphaAndGammaAndOnlyEpsilonGreedyOnesHaveEpsilon() {
    for (Algorithm a : Algorithm.values()) {
      List<String> names = a.params().stream().map(Param::name).toList();
      assertThat(names).as(a.id()).startsWith("alpha", "gamma").doesNotHaveDuplicates();
      boolean softmax = a == Algorithm.REINFORCE || a == Algorithm.REINFORCE_BASELINE
          || a == Algorithm.VPG;
      assertThat(names.contains("epsilon")).as(a.id()).isEqualTo(!softmax);
    }
    assertThat(Algorithm.SARSA_LAMBDA.params()).contains(SarsaLambda.LAMBDA);
    assertThat(Algorithm.DYNA_Q.params()).contains(DynaQ.PLANNING_STEPS);
  }

  @Test
  void choicesAndTextsAreChecked() {
    assertThat(Hyperparameters.EPSILON_SCHEDULE.choice(" Linear ")).isEqualTo("linear");
    assertThatThrownBy(() -> Hyperparameters.EPSILON_SCHEDULE.choice("cosine"))
        .hasMessage("epsilonSchedule must be one of constant, linear, exponential, was 'cosine'");
    Param text = Param.text("map", 5, "a map");
    assertThat(text.text("ab")).isEqualTo("ab");
    assertThatThrownBy(() -> text.text("abcdef"))
        .hasMessage("map must be at most 5 characters, was 6");
    assertThat(Hyperparameters.ALPHA.range()).isEqualTo("(0, 1]");
    assertThat(DynaQ.PLANNING_STEPS.range()).isEqualTo("0 to 1,000");
  }
}
