#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sql/rows.h"

namespace tierdesk::store {

// A row of a stepped statement, as the readers shared by the SQL stores read it.
class StatementRow final : public sql::Row {
 public:
  explicit StatementRow(SQLite::Statement& q) : q_(&q) {}
  bool IsNull(int column) const override { return q_->getColumn(column).isNull(); }
  int64_t Int(int column) const override { return q_->getColumn(column).getInt64(); }
  std::string Text(int column) const override { return q_->getColumn(column).getString(); }
  bool Bool(int column) const override { return q_->getColumn(column).getInt() != 0; }

 private:
  SQLite::Statement* q_;
};

}  // namespace tierdesk::store
