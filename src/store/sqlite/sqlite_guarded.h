#pragma once

// How SqliteStore's parts turn SQLite's exceptions into errors.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "common/result.h"

namespace tierdesk::store {

// Maps SQLite failures onto our codes: a full or locked disk may recover, the rest is a bug.
inline Error FromSqlite(const SQLite::Exception& e, std::string_view doing) {
  const int code = e.getErrorCode() & 0xff;
  const bool transient = code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR ||
                         code == SQLITE_FULL || code == SQLITE_CANTOPEN;
  return Error{transient ? ErrorCode::kUnavailable : ErrorCode::kInternal,
               std::string(doing) + ": " + e.what()};
}

// Runs `body`, turning a SQLite exception into an Error that says what was being `done`.
template <class Body>
auto Guarded(std::string_view doing, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, doing));
  }
}

}  // namespace tierdesk::store
