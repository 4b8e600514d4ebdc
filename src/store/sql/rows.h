#pragma once

// The rows both SQL stores read alike, decoded once over a row's columns as each driver gives
// them (Row). The columns are named by position, from 0, in the order the constants below say.

#include <cstdint>
#include <string>

#include "service/ports.h"

namespace tierdesk::store::sql {

// One row of a result, as a driver reads it.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;  // "" for NULL
  virtual bool Bool(int column) const = 0;         // SQLite's 0/1, PostgreSQL's BOOLEAN
};

// The columns a TicketSummary is read from, in ReadSummary's order (unqualified: no other
// table a summary query joins has columns of these names).
inline constexpr const char* kSummaryColumns =
    "id, title, priority, tier, stage, assignee, client_id, received_at, updated_at, paged_to, "
    "consulting";

// The summary in the row's first columns (kSummaryColumns).
service::TicketSummary ReadSummary(const Row& row);

// An outbox row: id, ticket_id, kind, recipient, template, subject, body, created_at, attempts,
// last_error, dead_at.
service::OutboxItem ReadOutboxItem(const Row& row);

// A token row: id, hash, actor, label, created_at, revoked_at, read_only.
service::ApiToken ReadApiToken(const Row& row);

// The columns a client is read from, in ReadClient's order.
inline constexpr const char* kClientColumns = "id, name, email, organisation, phone";
// A client row (kClientColumns; email may be NULL).
service::Client ReadClient(const Row& row);

}  // namespace tierdesk::store::sql
