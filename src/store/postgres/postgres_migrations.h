#pragma once

#include <vector>

namespace tierdesk::store {

// The PostgreSQL schema as an ordered list of migrations; index + 1 is the version each brings.
// Append only: a released migration is never edited. Each runs in one transaction (PostgreSQL's
// DDL is transactional), under a lock that makes nodes starting together migrate once.
const std::vector<const char*>& PostgresMigrations();

}  // namespace tierdesk::store
