package org.saferlhub.train;

/**
 * One point of a learning curve: averages over the episodes since the previous point.
 *
 * @param episode episodes completed so far
 * @param meanReturn mean return of those episodes
 * @param winRate fraction with a positive return
 * @param drawRate fraction with a zero return
 * @param lossRate fraction with a negative return
 * @param epsilon ε used for the last of them
 * @param meanAbsTdError mean |TD error| of their updates
 * @param meanLength mean number of steps (actions) per episode
 * @param meanPerformance mean performance (sum of hidden rewards) of those episodes, which the
 *     agent never sees; equal to {@code meanReturn} without a hidden channel
 */
public record TrainingPoint(long episode, double meanReturn, double winRate, double drawRate,
    double lossRate, double epsilon, double meanAbsTdError, double meanLength,
    double meanPerformance) {}
