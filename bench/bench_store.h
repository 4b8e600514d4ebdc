#pragma once

// The store a search benchmark runs on: a SQLite file kept in /tmp between runs, or PostgreSQL
// (a server started on loopback, or the database TIERDESK_BENCH_PG names, kept between runs).

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "integration/postgres_server.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::bench {

// The store, opened once (`sqlite_file` or the database `pg_database`); aborts when it cannot be.
inline service::Store& OpenBenchStore(bool postgres, const std::string& sqlite_file,
                                      const std::string& pg_database) {
  static std::unique_ptr<service::Store> store;
  if (store) return *store;
  if (postgres) {
    const char* kept = std::getenv("TIERDESK_BENCH_PG");
    static std::optional<testing::PostgresServer> server;
    if (!kept) server.emplace();
    auto pg = store::PostgresStore::Open(kept ? kept : server->CreateDatabase(pg_database));
    if (!pg) std::abort();
    store = std::move(*pg);
  } else {
    auto sqlite = store::SqliteStore::Open(sqlite_file, {.synchronous_full = false});
    if (!sqlite) std::abort();
    store = std::move(*sqlite);
  }
  return *store;
}

}  // namespace tierdesk::bench
