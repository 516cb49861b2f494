package org.saferlhub.app.browser;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;

/**
 * What TeaVM exports to the page's Web Worker ({@code /js/engine-worker.js}): {@link #train} runs,
 * and {@link #api} answers the server's stateless API (lesson 2's GridWorld, with sessions kept in
 * the worker; Blackjack hands). The worker defines
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

  private static BrowserApi api;

  /**
   * Answers a request of the server's stateless API (GridWorld, Blackjack hands) as the server
   * would: see {@link BrowserApi#answer}.
   */
  @JSExport
  public static String api(String method, String path, String body) {
    if (api == null) {
      api = new BrowserApi();
    }
    return api.answer(method, path, body);
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
