#pragma once

// The queue's SQL (the ticket list filtered, in queue order, paged by keyset), written once for
// both SQL stores. Each store binds the parameters with its own driver.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "service/ports.h"

namespace tierdesk::store::sql {

// How a statement names its parameters, and the dialect's spelling of the rest.
enum class Dialect {
  kSqlite,    // `?`, bound by position from 1
  kPostgres,  // `$1`..`$n`, sent as text (typed by casts where the column cannot type them)
};

// A parameter's value: text, a whole number or a boolean (SQLite binds it as 0 or 1).
using Param = std::variant<std::string, int64_t, bool>;

struct Query {
  std::string sql;            // the statement's text: the same for every filter of one shape
  std::vector<Param> params;  // in placeholder order
};

// The queue query for `f`, selecting `columns` from tickets.
Query QueueQuery(const service::TicketFilter& f, const char* columns, Dialect dialect);

// A parameter as PostgreSQL's text format reads it ("true"/"false" for a boolean).
std::string ParamText(const Param& p);

}  // namespace tierdesk::store::sql
