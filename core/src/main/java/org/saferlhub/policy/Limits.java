package org.saferlhub.policy;

import org.saferlhub.config.ParameterException;

/** The ranges the lab's settings share, each error naming its field. */
final class Limits {

  private Limits() {}

  static void lr(double lr) {
    if (!(lr > 0 && lr <= 100)) {
      throw new ParameterException("lr", "lr must be more than 0 and at most 100, was " + lr);
    }
  }

  static void steps(int steps) {
    if (steps < 1 || steps > 100_000) {
      throw new ParameterException("steps", "steps must be from 1 to 100,000, was " + steps);
    }
  }

  static void beta(double beta) {
    if (!(beta >= 0 && beta <= 100)) {
      throw new ParameterException("beta", "beta must be from 0 to 100, was " + beta);
    }
  }

  static void batch(int batch) {
    if (batch < 2 || batch > 100_000) {
      throw new ParameterException("batch", "batch must be from 2 to 100,000, was " + batch);
    }
  }

  static void epochs(int epochs) {
    if (epochs < 1 || epochs > 100) {
      throw new ParameterException("epochs", "epochs must be from 1 to 100, was " + epochs);
    }
  }

  static void clip(double clip) {
    if (!(clip > 0 && clip < 1)) {
      throw new ParameterException("clip", "clip must be more than 0 and less than 1, was "
          + clip);
    }
  }

  static void criticLr(double criticLr) {
    if (!(criticLr > 0 && criticLr <= 100)) {
      throw new ParameterException("criticLr", "criticLr must be more than 0 and at most 100, was "
          + criticLr);
    }
  }

  static void lambda(double lambda) {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new ParameterException("lambda", "lambda must be from 0 to 1, was " + lambda);
    }
  }
}
