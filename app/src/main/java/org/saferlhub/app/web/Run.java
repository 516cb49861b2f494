package org.saferlhub.app.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.saferlhub.app.run.FamilyView;
import org.saferlhub.app.run.FamilyViews;
import org.saferlhub.app.run.RunReports;
import org.saferlhub.train.EpisodeStats;
import org.saferlhub.train.RunConfig;
import org.saferlhub.train.StopReason;
import org.saferlhub.train.TrainingListener;
import org.saferlhub.train.TrainingPoint;
import org.saferlhub.train.TrainingResult;

/**
 * One training run on the server, of any environment family: its curve so far, its report when
 * done ({@link RunReports#full}, with its family's fields), and the streams that watch it. A subscriber first gets everything already produced, then each new event, so a page
 * that connects late (or a run that finished in 10 ms) loses nothing.
 */
final class Run implements TrainingListener {

  /** Where a run is in its life. */
  enum Status { RUNNING, DONE, CANCELLED, FAILED }

  /** Receives a run's events; implementations must not block for long. */
  interface Subscriber {
    void event(String name, Object data);
  }

  private final String id;
  private final RunConfig config;
  private final FamilyView.Collector family;
  private final boolean hidden;
  private final @Nullable String learnerId;
  private final java.util.function.LongSupplier clock;
  private long lastSeenNanos;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final List<Map<String, Object>> points = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private boolean everSubscribed;
  private Status status = Status.RUNNING;
  private @Nullable TrainingResult result;
  private @Nullable Map<String, Object> resultJson;
  private @Nullable String failure;

  Run(String id, RunConfig config, @Nullable String learnerId,
      java.util.function.LongSupplier clock) {
    this.id = id;
    this.clock = clock;
    this.lastSeenNanos = clock.getAsLong();
    this.config = config;
    this.family = FamilyViews.of(config.env()).collect(config);
    var env = config.makeEnv();
    this.hidden = env.hasHiddenReward();
    env.close();
    this.learnerId = learnerId;
  }

  @Nullable String learnerId() {
    return learnerId;
  }

  String id() {
    return id;
  }

  RunConfig config() {
    return config;
  }

  /** Asks the training loop to stop at its next check. */
  void cancel() {
    stopRequested.set(true);
  }

  /**
   * Whether the loop should stop: asked to, or nobody watched it for {@code unwatchedNanos}: no
   * stream ever subscribed, and nobody polled it ({@link #seen()}) for that long.
   */
  boolean shouldStop(long unwatchedNanos) {
    if (stopRequested.get()) {
      return true;
    }
    synchronized (this) {
      return !everSubscribed && clock.getAsLong() - lastSeenNanos > unwatchedNanos;
    }
  }

  /** Someone polled the run ({@code GET /api/runs/{id}}): polling counts as watching. */
  synchronized void seen() {
    lastSeenNanos = clock.getAsLong();
  }

  synchronized Status status() {
    return status;
  }

  synchronized @Nullable TrainingResult result() {
    return result;
  }

  synchronized @Nullable Map<String, Object> resultJson() {
    return resultJson;
  }

  synchronized @Nullable String failure() {
    return failure;
  }

  synchronized int subscriberCount() {
    return subscribers.size();
  }

  /** Replays what happened so far to {@code s}, then keeps it informed until the run ends. */
  synchronized void subscribe(Subscriber s) {
    everSubscribed = true;
    for (Map<String, Object> p : points) {
      s.event("progress", p);
    }
    if (status == Status.RUNNING) {
      subscribers.add(s);
    } else {
      s.event(finalEventName(), finalEventData());
    }
  }

  synchronized void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  @Override
  public boolean wantsEpisodes() {
    return family.wantsEpisodes();
  }

  @Override
  public void onEpisode(EpisodeStats episode) {
    family.onEpisode(episode);
  }

  @Override
  public void onPoint(TrainingPoint point) {
    family.onPoint(point);
    Map<String, Object> p = RunReports.point(point, hidden);
    synchronized (this) {
      points.add(p);
      for (Subscriber s : List.copyOf(subscribers)) {
        s.event("progress", p);
      }
    }
  }

  /**
   * Keeps the result and its report, but does not publish them: the registry first stores the run
   * and frees its training slot, then calls {@link #publish()}, so whoever sees the final state
   * can start the next run at once.
   */
  @Override
  public void onFinish(TrainingResult finished) {
    family.onFinish(finished);
    Map<String, Object> json = RunReports.full(finished, family, true);
    synchronized (this) {
      result = finished;
      resultJson = json;
    }
  }

  /** Publishes the final state kept by {@link #onFinish}: status, and the last event to watchers. */
  synchronized void publish() {
    if (result == null) {
      fail("training ended without a result");
      return;
    }
    status = result.stopReason() == StopReason.CANCELLED ? Status.CANCELLED : Status.DONE;
    endSubscribers();
  }

  synchronized void fail(String message) {
    failure = message;
    status = Status.FAILED;
    endSubscribers();
  }

  private void endSubscribers() {
    for (Subscriber s : List.copyOf(subscribers)) {
      s.event(finalEventName(), finalEventData());
    }
    subscribers.clear();
  }

  private String finalEventName() {
    return switch (status) {
      case DONE -> "done";
      case CANCELLED -> "cancelled";
      case FAILED -> "failed";
      case RUNNING -> throw new IllegalStateException("run " + id + " is still running");
    };
  }

  private Object finalEventData() {
    if (status == Status.FAILED) {
      return Map.of("error", failure == null ? "training failed" : failure);
    }
    // A cancelled run still has a learned table worth inspecting.
    return resultJson == null ? Map.of() : resultJson;
  }
}
