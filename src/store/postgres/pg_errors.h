#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "common/result.h"

namespace tierdesk::store {

// What a libpqxx exception means for the caller: a lost connection, a server shutting down or
// out of resources, a serialization failure or a deadlock may pass (kUnavailable: retry); bad
// data is the caller's (kInvalidArgument); a commit whose outcome is unknown is kUnavailable
// with a message saying so; the rest is a bug (kInternal). `doing` says what was being done.
Error FromPostgres(const std::exception& e, std::string_view doing);

// The SQLSTATE of a libpqxx SQL error, or "" for any other exception.
std::string SqlState(const std::exception& e);

// Runs `body`, turning a libpqxx (or any standard) exception into an Error.
template <class Body>
auto PgGuarded(std::string_view doing, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return tl::unexpected(FromPostgres(e, doing));
  }
}

}  // namespace tierdesk::store
