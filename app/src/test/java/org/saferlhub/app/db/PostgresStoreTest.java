package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository contract on a real PostgreSQL server ({@link PostgresServer}: the one in
 * {@code SAFERLHUB_TEST_PG_URL}, else a throwaway cluster; skipped, saying why, when neither).
 */
class PostgresStoreTest extends StoreContract {

  static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.require(PostgresServer.start());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  DbConfig newDatabase() {
    return server.newDatabase();
  }

  @Test
  void reportsPostgresql() {
    assertThat(db.kind()).isEqualTo("postgresql");
  }
}
