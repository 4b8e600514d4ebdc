#pragma once

#include <pqxx/pqxx>
#include <string>

#include "store/sql/rows.h"

namespace tierdesk::store {

// A text column's value, with every byte it holds.
inline std::string Text(const pqxx::field& f) { return std::string(f.c_str(), f.size()); }

// A row of a result, as store/sql reads rows.
class PgRow final : public sql::Row {
 public:
  explicit PgRow(const pqxx::row& row) : row_(row) {}
  bool IsNull(int column) const override { return row_[column].is_null(); }
  int64_t Int(int column) const override { return row_[column].as<int64_t>(); }
  std::string Text(int column) const override {
    return row_[column].is_null() ? std::string() : store::Text(row_[column]);
  }
  bool Bool(int column) const override { return row_[column].as<bool>(); }

 private:
  const pqxx::row& row_;
};

}  // namespace tierdesk::store
