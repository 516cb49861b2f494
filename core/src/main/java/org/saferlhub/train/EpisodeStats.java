package org.saferlhub.train;

import org.saferlhub.env.Termination;

/**
 * What one training episode came to, as the trainer tells its listeners. A record, so that a new
 * statistic is one more field rather than a change to every listener.
 *
 * @param index the episode's number in the run, from 0
 * @param episodeReturn the sum of the rewards the agent received, G_0 with γ = 1
 * @param performance the sum of the designer's hidden rewards: what the designer wanted, never
 *     shown to the agent (equal to the return in an environment without a hidden channel)
 * @param length the number of steps (actions)
 * @param termination why the episode ended: a terminal reason, or {@link Termination#TIME_LIMIT}
 */
public record EpisodeStats(long index, double episodeReturn, double performance, int length,
    Termination termination) {}
