#include "main/store_open.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::cli {

Result<std::unique_ptr<service::Store>> OpenStoreAt(const std::string& db, StoreRole role,
                                                    const std::string& node) {
  if (IsPostgresUrl(db)) {
    // TIERDESK_PG_PREPARED=0 behind a pooler in transaction mode (pgbouncer before 1.21), where
    // statements prepared on one server connection are gone on the next transaction's.
    const char* prepared = std::getenv("TIERDESK_PG_PREPARED");
    auto store = store::PostgresStore::Open(
        db, {.prepared_statements = prepared == nullptr || std::string(prepared) != "0",
             .node = node});
    if (!store) return tl::unexpected(store.error());
    return std::unique_ptr<service::Store>(std::move(*store));
  }
  store::SqliteOptions options;
  if (role == StoreRole::kWriter)
    options = {
        .synchronous_full = true, .wal_autocheckpoint_pages = 16384, .read_ahead_entries = 4096};
  auto store = store::SqliteStore::Open(db, options);
  if (!store) return tl::unexpected(store.error());
  return std::unique_ptr<service::Store>(std::move(*store));
}

std::string NodeName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "node");
  return std::string(host) + "-" + std::to_string(::getpid());
}

}  // namespace tierdesk::cli
