package org.saferlhub.app.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one address may hold open: past the cap a new connection is closed as soon
 * as it opens, before a thread reads anything from it. With the idle timeout this keeps one client
 * that opens hundreds of slow connections (headers, then a body one byte at a time) from taking
 * the server's threads: everyone else keeps being answered. Added to the connector as a
 * {@link Connection.Listener}; counts are dropped when an address has no connection left.
 */
final class ConnectionsPerClient implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerClient.class);

  private final int max;
  private final Map<String, Integer> open = new HashMap<>();
  /** Each open connection's address, taken when it opened: a closed socket has none. */
  private final Map<Connection, String> addressOf = new java.util.IdentityHashMap<>();
  private long refused;

  ConnectionsPerClient(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    String client = address(connection.getEndPoint().getRemoteSocketAddress());
    boolean over;
    long refusedSoFar = 0;
    synchronized (open) {
      addressOf.put(connection, client);
      over = open.merge(client, 1, Integer::sum) > max;
      if (over) {
        refusedSoFar = ++refused;
      }
    }
    if (over) {
      if (refusedSoFar == 1 || refusedSoFar % 1000 == 0) {
        LOG.warn("an address holds more than {} connections: closing its new ones ({} so far)",
            max, refusedSoFar);
      }
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    synchronized (open) {
      String client = addressOf.remove(connection);
      if (client != null) {
        open.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
      }
    }
  }

  /** Open connections of {@code client} now (tests). */
  int openFor(String client) {
    synchronized (open) {
      return open.getOrDefault(client, 0);
    }
  }

  private static String address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : String.valueOf(remote);
  }
}
