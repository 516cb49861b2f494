package org.saferlhub.app.browser;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.blackjack.BlackjackHands;
import org.saferlhub.app.grid.GridApi;
import org.saferlhub.app.grid.GridSessions;
import org.saferlhub.app.lab.LabApi;
import org.saferlhub.app.safety.SafetyExperiment;
import org.saferlhub.app.safety.SafetyPlay;
import org.saferlhub.config.ParameterException;

/**
 * The server's stateless API in the learner's browser, reached by method and path as a page would
 * ask the server and answering the status and body the server would send: lesson 2's GridWorld
 * API (the same {@link GridApi} the server's routes call; sessions live in the engine's worker for
 * as long as the page is open), lesson 1's Blackjack hands (dealt to the learner, or played by
 * a trained agent's greedy policy), the AI Safety Gridworlds played by hand ({@link SafetyPlay})
 * and compared over seeds ({@link SafetyExperiment}), the policy lab ({@link LabApi}), goal
 * misgeneralization's runs ({@link org.saferlhub.app.goal.GoalApi}), lesson 8's look inside a
 * network ({@link org.saferlhub.app.inspect.InspectApi}) and chain-of-thought monitoring's two
 * arms ({@link org.saferlhub.app.monitor.CotApi}).
 */
public final class BrowserApi {

  /** Work one step request may do before it answers with the steps taken so far (the server's). */
  static final long STEP_BUDGET_NANOS = Duration.ofMillis(200).toNanos();
  private static final String ROOT = "/api/gridworld/";

  private final GridApi api;
  private long sessionsStarted;

  /** One learner's sessions: up to 50 at once, dropped after a day without a request. */
  public BrowserApi() {
    this.api = new GridApi(new GridSessions(50, Duration.ofDays(1), System::nanoTime,
        () -> "local-" + (++sessionsStarted)));
  }

  /**
   * Answers one request.
   *
   * @param method GET, POST, PATCH or DELETE
   * @param path the path the page would ask the server, e.g. {@code /api/gridworld/sessions}
   * @param body the JSON body, or an empty text
   * @return {@code {"status": 200, "body": …}}; errors as the server words them, with
   *     {@code {"error", "field"}} bodies
   */
  public String answer(String method, String path, String body) {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Object json = JsonText.read(body);
      Object answer = route(method, path, json, out);
      out.putIfAbsent("status", 200);
      out.put("body", answer);
    } catch (ParameterException bad) {
      out.put("status", 400);
      out.put("body", error(bad.getMessage(), bad.field()));
    } catch (IllegalArgumentException bad) { // a malformed Q grid
      out.put("status", 400);
      out.put("body", error(bad.getMessage(), "q"));
    } catch (GridApi.NoSession | GridSessions.Full gone) {
      out.put("status", gone instanceof GridApi.NoSession ? 404 : 429);
      out.put("body", error(gone.getMessage(), null));
    }
    return JsonText.write(out);
  }

  private @Nullable Object route(String method, String path, @Nullable Object json,
      Map<String, Object> out) {
    if (method.equals("GET") && path.equals("/api/blackjack/rules")) {
      return BlackjackHands.rules();
    }
    if (method.equals("POST") && path.equals("/api/blackjack/hand")) {
      return BlackjackHands.hand(json);
    }
    if (method.equals("POST") && path.equals("/api/blackjack/agent-hand")) {
      return BlackjackHands.agentHand(json);
    }
    if (method.equals("GET") && path.equals("/api/safety/envs")) {
      return SafetyPlay.envs();
    }
    if (method.equals("POST") && path.equals("/api/safety/play")) {
      return SafetyPlay.play(json);
    }
    if (method.equals("POST") && path.equals("/api/safety/experiments")) {
      return SafetyExperiment.answer(json, () -> false);
    }
    if (method.equals("POST") && path.equals("/api/lab/tilt")) {
      return LabApi.tilt(json);
    }
    if (method.equals("POST") && path.equals("/api/lab/runs")) {
      return LabApi.run(json);
    }
    if (method.equals("POST") && path.equals("/api/lab/sweep")) {
      return LabApi.sweep(json);
    }
    if (method.equals("POST") && path.equals("/api/lab/experiments")) {
      return LabApi.experiment(json);
    }
    if (method.equals("POST") && path.equals("/api/goal/train")) {
      return org.saferlhub.app.goal.GoalApi.train(json, () -> false);
    }
    if (method.equals("POST") && path.equals("/api/inspect")) {
      return org.saferlhub.app.inspect.InspectApi.answer(json);
    }
    if (method.equals("POST") && path.equals("/api/monitor/cot")) {
      return org.saferlhub.app.monitor.CotApi.run(json);
    }
    String rest = path.startsWith(ROOT) ? path.substring(ROOT.length()) : null;
    if (rest != null) {
      if (method.equals("GET") && rest.equals("presets")) {
        return api.presets();
      }
      if (method.equals("POST") && rest.equals("dp")) {
        return api.dp(json);
      }
      if (method.equals("POST") && rest.equals("sessions")) {
        out.put("status", 201);
        return api.createSession(json);
      }
      if (rest.startsWith("sessions/")) {
        String id = rest.substring("sessions/".length());
        if (method.equals("POST") && id.endsWith("/step")) {
          return api.step(id.substring(0, id.length() - "/step".length()), json,
              STEP_BUDGET_NANOS);
        }
        if (!id.contains("/")) {
          switch (method) {
            case "GET" -> {
              return api.session(id);
            }
            case "PATCH" -> {
              return api.patch(id, json);
            }
            case "DELETE" -> {
              api.delete(id);
              out.put("status", 204);
              return null;
            }
            default -> { }
          }
        }
      }
    }
    out.put("status", 404);
    return error("no such endpoint in the engine: " + method + " "
        + (path.length() > 60 ? path.substring(0, 60) + "…" : path), null);
  }

  private static Map<String, Object> error(String message, @Nullable String field) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("field", field);
    return m;
  }
}
