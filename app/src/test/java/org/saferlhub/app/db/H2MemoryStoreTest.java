package org.saferlhub.app.db;

import java.util.UUID;

/** The repository contract on an in-memory H2 database (what tests and the default web tests use). */
class H2MemoryStoreTest extends StoreContract {

  @Override
  DbConfig newDatabase() {
    return DbConfig.inMemory("store-" + UUID.randomUUID());
  }
}
