#include "store/postgres/pg_errors.h"

#include <pqxx/except>

namespace tierdesk::store {

std::string SqlState(const std::exception& e) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) return sql->sqlstate();
  return {};
}

Error FromPostgres(const std::exception& e, std::string_view doing) {
  const std::string what = std::string(doing) + ": " + e.what();
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr)
    return Error{ErrorCode::kUnavailable,
                 what + " (the connection was lost while committing: the outcome is unknown)"};
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr)
    return Error{ErrorCode::kUnavailable, what};
  const std::string state = SqlState(e);
  // SQLSTATE classes: 08 connection, 25 transaction state (25006: a standby, read-only, as a
  // node may reach after a failover), 40 rollback (serialization, deadlock), 53 insufficient
  // resources, 57 operator intervention (shutdown, cancel), 58 system error.
  const std::string cls = state.substr(0, 2);
  if (cls == "08" || cls == "25" || cls == "40" || cls == "53" || cls == "57" || cls == "58")
    return Error{ErrorCode::kUnavailable, what};
  if (cls == "22") return Error{ErrorCode::kInvalidArgument, what};
  return Error{ErrorCode::kInternal, what};
}

}  // namespace tierdesk::store
