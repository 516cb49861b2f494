package org.saferlhub.app.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.saferlhub.app.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code saferlhub serve}: serves the site until stopped with Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the site (default http://localhost:8080) until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}: every interface, for a workshop).")
  String host = "0.0.0.0";

  @Option(names = "--max-runs", description = "Training runs that may run at once; more get HTTP 429 (default: ${DEFAULT-VALUE}).")
  int maxRuns = WebServer.Options.defaults().maxConcurrentRuns();

  @Override
  public Integer call() {
    WebServer server = WebServer.start(WebServer.Options.defaults()
        .withPort(port).withHost(host).withMaxConcurrentRuns(maxRuns));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    String shown = "0.0.0.0".equals(host) ? "localhost" : host;
    System.out.println("SafeRLHub is running at http://" + shown + ":" + server.port()
        + "/  (Ctrl-C to stop)");
    System.out.flush();
    try {
      stopped.await(); // picocli exits when call() returns, so serving blocks here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
