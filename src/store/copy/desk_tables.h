#pragma once

// What a desk is made of, table by table and column by column, in both backends' names: what
// `store copy` moves and verifies. Parents come before the tables that refer to them.

#include <string>
#include <vector>

namespace tierdesk::store {

enum class ColumnKind {
  kInt,   // INTEGER / BIGINT
  kBool,  // INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL
  kText,  // TEXT
  kBlob,  // BLOB / BYTEA
};

struct DeskColumn {
  const char* sqlite;    // its name on SQLite
  const char* postgres;  // its name on PostgreSQL (the same but for the event log's seq)
  ColumnKind kind;
};

struct DeskTable {
  const char* name;
  std::vector<DeskColumn> columns;
  // A PostgreSQL identity column whose sequence must continue after the copied ids, or "".
  const char* identity = "";
};

const std::vector<DeskTable>& DeskTables();

}  // namespace tierdesk::store
