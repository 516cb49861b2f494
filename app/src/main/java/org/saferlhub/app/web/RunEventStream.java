package org.saferlhub.app.web;

import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code GET /api/runs/{id}/events}: streams a run's learning curve, then its result, as
 * Server-Sent Events. When the last watcher leaves (the page closed) a still-running run is
 * cancelled, so nobody trains for a page that is gone.
 */
final class RunEventStream implements Consumer<SseClient> {

  private final RunRegistry runs;

  RunEventStream(RunRegistry runs) {
    this.runs = runs;
  }

  @Override
  public void accept(SseClient client) {
    String id = client.ctx().pathParam("id");
    var found = runs.get(id);
    if (found.isEmpty()) {
      client.sendEvent("failed", Map.of("error", "no run with id '"
          + (id.length() > 40 ? id.substring(0, 40) : id) + "'"));
      client.close();
      return;
    }
    Run run = found.get();
    client.keepAlive();
    Run.Subscriber subscriber = new Run.Subscriber() {
      @Override
      public void event(String name, Object data) {
        if (client.terminated()) {
          return;
        }
        client.sendEvent(name, data);
        if (!"progress".equals(name)) {
          client.close();
        }
      }
    };
    client.onClose(() -> {
      run.unsubscribe(subscriber);
      if (run.status() == Run.Status.RUNNING && run.subscriberCount() == 0) {
        run.cancel();
      }
    });
    run.subscribe(subscriber);
  }
}
