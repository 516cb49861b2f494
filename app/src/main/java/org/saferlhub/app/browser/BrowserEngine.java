package org.saferlhub.app.browser;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;

/**
 * What TeaVM exports to the page's Web Worker ({@code /js/engine-worker.js}): {@link #train} runs,
 * and {@link #grid} answers lesson 2's GridWorld API with sessions kept in the worker. The worker defines
 * two functions on its global scope before it calls {@link #train}: {@code saferlhubPoint(json)}
 * receives each point of the learning curve, and {@code saferlhubStopRequested()} answers whether
 * the learner pressed Stop. Compiled by TeaVM only; the JVM never loads this class.
 */
public final class BrowserEngine {

  private BrowserEngine() {}

  /** Trains one run: see {@link BrowserRun#train}. */
  @JSExport
  public static String train(String fieldsJson) {
    return BrowserRun.train(fieldsJson, BrowserEngine::point, BrowserEngine::stopRequested);
  }

  /** Trains a seed experiment: see {@link BrowserRun#experiment}. */
  @JSExport
  public static String experiment(String fieldsJson) {
    return BrowserRun.experiment(fieldsJson, BrowserEngine::stopRequested);
  }

  private static BrowserGrid grid;

  /**
   * Answers a request of lesson 2's GridWorld API as the server would: see
   * {@link BrowserGrid#answer}.
   */
  @JSExport
  public static String grid(String method, String path, String body) {
    if (grid == null) {
      grid = new BrowserGrid();
    }
    return grid.answer(method, path, body);
  }

  /** The engine's version, to tell which build a page loaded. */
  @JSExport
  public static String version() {
    return "saferlhub-engine-1";
  }

  @JSBody(params = "json", script = "saferlhubPoint(json);")
  private static native void point(String json);

  @JSBody(script = "return !!saferlhubStopRequested();")
  private static native boolean stopRequested();

  /** TeaVM needs an entry point; the worker calls {@link #train} instead. */
  public static void main(String[] args) {
    // nothing to start: the page calls the exported functions
  }
}
