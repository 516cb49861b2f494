package org.saferlhub.app.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stop flag that Ctrl-C raises while a long computation runs: a shutdown hook sets it, so a run
 * given {@code ctrlC::pressed} as its stop condition ends early with what it has. Closing removes
 * the hook again.
 *
 * <pre>{@code
 * try (CtrlC ctrlC = CtrlC.listen()) {
 *   result = Rl.train(config, listener, ctrlC::pressed, maxTime);
 * }
 * }</pre>
 */
final class CtrlC implements AutoCloseable {

  private final AtomicBoolean pressed = new AtomicBoolean();
  private final Thread hook = new Thread(() -> pressed.set(true));

  private CtrlC() {
  }

  /** Installs the shutdown hook; until {@link #close()}, Ctrl-C raises the flag. */
  static CtrlC listen() {
    CtrlC ctrlC = new CtrlC();
    Runtime.getRuntime().addShutdownHook(ctrlC.hook);
    return ctrlC;
  }

  /** Whether Ctrl-C was pressed since {@link #listen()}. */
  boolean pressed() {
    return pressed.get();
  }

  /** Removes the shutdown hook (nothing to do when the JVM is already exiting). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // already exiting
    }
  }
}
