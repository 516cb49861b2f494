package org.saferlhub.app.run;

import java.io.PrintStream;
import java.util.Map;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/**
 * What is special to one family of environments in a run's report, registered by the family id
 * ({@link FamilyViews}): Blackjack's exact optimum and policy chart, a grid's arrows, path and
 * per-episode returns. The run pipeline (web API, CLI, seed experiments) is the same for every
 * family; only these pieces differ.
 */
public interface FamilyView {

  /** The family: the part of an environment id before {@code ':'}, e.g. {@code blackjack}. */
  String family();

  /** Default values that differ from the engine's for this family, by field name. */
  Map<String, Object> defaults();

  /** Most episodes one web run may ask for (the CLI allows {@link #maxCliEpisodes()}). */
  long maxWebEpisodes();

  /** Most episodes one CLI run may ask for. */
  long maxCliEpisodes();

  /** Fewest episodes one web run may ask for. */
  default long minWebEpisodes() {
    return 1;
  }

  /** Starts watching a run of {@code config}: what it gathers goes into the reports. */
  Collector collect(RunConfig config);

  /** Listens to one run and adds this family's fields to its reports. */
  interface Collector extends TrainingListener {

    /** Adds the family's fields to the whole report (web API, {@code train --out}). */
    void addFull(Map<String, Object> report, TrainingResult result);

    /** Adds the family's fields to the short report ({@code train --json}). */
    void addSummary(Map<String, Object> summary, TrainingResult result);

    /** Prints the family's part of the human-readable summary. */
    void print(Map<String, Object> summary, PrintStream out);

    /**
     * A listener that feeds this collector and then hands each point of the curve to
     * {@code onPoint} (a progress bar, the page's chart); it finishes nothing, so the caller
     * calls {@link #onFinish} with the result.
     */
    default TrainingListener alsoTo(java.util.function.Consumer<TrainingPoint> onPoint) {
      Collector family = this;
      return new TrainingListener() {
        @Override
        public boolean wantsEpisodes() {
          return family.wantsEpisodes();
        }

        @Override
        public void onEpisode(org.saferlhub.train.EpisodeStats episode) {
          family.onEpisode(episode);
        }

        @Override
        public void onPoint(TrainingPoint point) {
          family.onPoint(point);
          onPoint.accept(point);
        }
      };
    }

    /** The exact optimum to draw beside a learning curve, or NaN when none is known. */
    default double optimum() {
      return Double.NaN;
    }
  }
}
