#pragma once

// Rows of a desk's tables read from, and written to, either backend, with the values every
// backend agrees on: NULL, an integer (a boolean as 0 or 1), or bytes (text or a blob).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/copy/desk_tables.h"

namespace tierdesk::store {

struct Cell {
  bool null = false;
  int64_t number = 0;  // kInt, kBool
  std::string bytes;   // kText, kBlob
};
using Row = std::vector<Cell>;

// Reads a desk from one consistent snapshot (one read transaction for the reader's life).
class DeskReader {
 public:
  virtual ~DeskReader() = default;
  // Calls `row` for each row of `table`, in no particular order; stops at its first error.
  [[nodiscard]] virtual Status ForEachRow(const DeskTable& table,
                                          const std::function<Status(const Row&)>& row) = 0;
};

// Writes a desk into an empty database, in one transaction: all of it, or nothing.
class DeskWriter {
 public:
  virtual ~DeskWriter() = default;
  [[nodiscard]] virtual Status Add(const DeskTable& table, const Row& row) = 0;
  // Writes what is buffered, moves on the database's own counters past the copied ids, and
  // commits.
  [[nodiscard]] virtual Status Commit() = 0;
};

// `db` is a SQLite file or a postgresql:// URL; either is migrated to the current schema first.
[[nodiscard]] Result<std::unique_ptr<DeskReader>> OpenDeskReader(const std::string& db);
// kInvalidArgument when the database already holds any row of the desk's tables.
[[nodiscard]] Result<std::unique_ptr<DeskWriter>> OpenDeskWriter(const std::string& db);

}  // namespace tierdesk::store
