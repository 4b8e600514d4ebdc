#pragma once

#include <vector>

namespace tierdesk::store {

// The schema as an ordered list of migrations; index + 1 is the version each brings.
// Append only: a released migration is never edited.
const std::vector<const char*>& SqliteMigrations();

}  // namespace tierdesk::store
