package org.saferlhub.app.db;

import java.util.UUID;

/** The repository contract on an in-memory H2 database (tests and the default web server). */
class H2MemoryStoreTest extends StoreContract {

  @Override
  DbConfig newDatabase() {
    return DbConfig.inMemory("store-" + UUID.randomUUID());
  }

  @Override
  boolean keepsDataAfterClose() {
    return false;
  }
}
