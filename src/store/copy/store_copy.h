#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace tierdesk::store {

// One table as read back from both sides after a copy.
struct TableCheck {
  std::string table;
  int64_t rows = 0;
  std::string digest;  // hex: XOR of each row's SHA-256, so the order rows come in is no matter
};

// Copies a whole desk (tickets with their events, deadlines and outbox, idempotency keys,
// tokens, accounts, sessions, clients, files, refused mail, settings) from `from` into the
// empty database `to` (each a SQLite file or a postgresql:// URL), in one transaction on `to`.
// Then reads both back and compares every table's row count and digest. The source should not
// be served meanwhile: it is read from one snapshot, and changes after it are not copied.
// kInvalidArgument when `to` holds data; kInternal naming the table when the copy differs.
// `progress` hears a line per table.
[[nodiscard]] Result<std::vector<TableCheck>> CopyDesk(
    const std::string& from, const std::string& to,
    const std::function<void(const std::string&)>& progress);

}  // namespace tierdesk::store
