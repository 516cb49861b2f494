package org.saferlhub.train;

/**
 * Everything that determines a training run. The same configuration gives the same run, bit for
 * bit: the seed fixes both the environment's cards and the agent's exploration.
 *
 * @param env the registry id of a tabular environment, such as {@code blackjack:sab}
 * @param algorithm the learning algorithm
 * @param episodes how many episodes to train, 1 … {@value #MAX_EPISODES}
 * @param alpha step size α in (0, 1]
 * @param gamma discount factor γ in [0, 1]
 * @param epsilon the exploration schedule
 * @param seed the seed, 0 ≤ seed &lt; 2^53 (so that it survives JSON and JavaScript exactly)
 * @param options hyperparameters of particular algorithms (λ, planning steps)
 * @param envParams the environment's parameters ({@link org.saferlhub.env.Envs#make(String,
 *     java.util.Map)}), such as a custom map's text: with them the configuration alone rebuilds
 *     the run
 */
public record RunConfig(String env, Algorithm algorithm, long episodes, double alpha,
    double gamma, EpsilonSchedule epsilon, long seed, AgentOptions options,
    java.util.Map<String, String> envParams) {

  /** The most episodes any run may have. */
  public static final long MAX_EPISODES = 1_000_000_000L;

  /** The largest seed plus one: 2^53, the integers a double (and JavaScript) holds exactly. */
  public static final long SEED_LIMIT = 1L << 53;

  /** Checks every range, naming the field. */
  public RunConfig {
    Hyperparameters.EPISODES.check(episodes);
    Hyperparameters.ALPHA.check(alpha);
    Hyperparameters.GAMMA.check(gamma);
    Hyperparameters.SEED.check(seed);
    java.util.Objects.requireNonNull(options, "options");
    envParams = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(envParams));
  }

  /** A configuration whose environment takes no parameters. */
  public RunConfig(String env, Algorithm algorithm, long episodes, double alpha, double gamma,
      EpsilonSchedule epsilon, long seed, AgentOptions options) {
    this(env, algorithm, episodes, alpha, gamma, epsilon, seed, options, java.util.Map.of());
  }

  /** A configuration with the default {@link AgentOptions}. */
  public RunConfig(String env, Algorithm algorithm, long episodes, double alpha, double gamma,
      EpsilonSchedule epsilon, long seed) {
    this(env, algorithm, episodes, alpha, gamma, epsilon, seed, AgentOptions.defaults());
  }

  /** The lesson's defaults: Q-learning on Blackjack (sab), 100,000 episodes. */
  public static RunConfig defaults() {
    return new RunConfig("blackjack:sab", Algorithm.Q_LEARNING, 100_000, 0.01, 1.0,
        EpsilonSchedule.constant(0.1), 7);
  }

  /** A copy with another number of episodes. */
  public RunConfig withEpisodes(long episodes) {
    return new RunConfig(env, algorithm, episodes, alpha, gamma, epsilon, seed, options,
        envParams);
  }

  /** A copy with another seed. */
  public RunConfig withSeed(long seed) {
    return new RunConfig(env, algorithm, episodes, alpha, gamma, epsilon, seed, options,
        envParams);
  }

  /** A copy on another environment. */
  public RunConfig withEnv(String env) {
    return new RunConfig(env, algorithm, episodes, alpha, gamma, epsilon, seed, options,
        envParams);
  }

  /** A fresh environment of {@link #env()} with {@link #envParams()}. */
  public org.saferlhub.env.TabularEnv<?> makeEnv() {
    return org.saferlhub.env.Envs.makeTabular(env, envParams);
  }

  /** A copy with other environment parameters. */
  public RunConfig withEnvParams(java.util.Map<String, String> envParams) {
    return new RunConfig(env, algorithm, episodes, alpha, gamma, epsilon, seed, options,
        envParams);
  }

  /** A copy with other algorithm-specific options. */
  public RunConfig withOptions(AgentOptions options) {
    return new RunConfig(env, algorithm, episodes, alpha, gamma, epsilon, seed, options,
        envParams);
  }
}
