package org.saferlhub.app.db;

import java.util.Map;

/** What each anonymous learner has done: modules visited, quiz attempts. */
public interface ProgressStore {

  /**
   * One module's progress.
   *
   * @param visited the learner opened it
   * @param quizBest best quiz score so far (0 if never attempted)
   * @param quizTotal number of questions of that best attempt (0 if never attempted)
   * @param quizPassed some attempt scored at least 70 %
   */
  record ModuleProgress(boolean visited, int quizBest, int quizTotal, boolean quizPassed) {}

  /** Records that the learner opened a module (idempotent). */
  void visited(String learnerId, String module);

  /** Records a quiz attempt. */
  void quizAttempt(String learnerId, String module, int score, int total);

  /** Progress per module id, only modules with something recorded. */
  Map<String, ModuleProgress> progress(String learnerId);
}
