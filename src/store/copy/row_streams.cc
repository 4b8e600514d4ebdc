#include "store/copy/row_streams.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <pqxx/pqxx>

#include "store/postgres/pg_errors.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::store {

namespace {

std::string SelectSql(const DeskTable& table, bool postgres) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += postgres ? table.columns[i].postgres : table.columns[i].sqlite;
  }
  return sql + " FROM " + table.name;
}

// Runs `body`, turning a SQLite exception into an Error saying what was being done.
template <class Body>
auto SqliteGuarded(const std::string& doing, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return Fail(ErrorCode::kUnavailable, doing + ": " + e.what());
  }
}

// kInvalidArgument naming the first of the desk's tables that holds a row; `count` runs a
// query of one integer on the destination.
template <class Count>
Status RefuseUnlessEmpty(Count count) {
  for (const DeskTable& table : DeskTables())
    if (count(std::string("SELECT COUNT(*) FROM (SELECT 1 FROM ") + table.name + " LIMIT 1) t") !=
        0)
      return Fail(
          ErrorCode::kInvalidArgument,
          std::string("the destination already holds ") + table.name + ": copy into a new database",
          "to");
  return Ok();
}

// Migrates the store at `db` to the current schema (the copy reads and writes that schema).
Status Migrated(const std::string& db) {
  if (IsPostgresUrl(db)) {
    auto store = PostgresStore::Open(db);
    if (!store) return tl::unexpected(store.error());
  } else {
    auto store = SqliteStore::Open(db);
    if (!store) return tl::unexpected(store.error());
  }
  return Ok();
}

class SqliteReader final : public DeskReader {
 public:
  explicit SqliteReader(const std::string& path) : db_(path, SQLite::OPEN_READONLY) {
    db_.exec("PRAGMA busy_timeout = 5000");
    db_.exec("BEGIN");  // one snapshot for every table, held until the reader goes
  }

  Status ForEachRow(const DeskTable& table,
                    const std::function<Status(const Row&)>& emit) override {
    return SqliteGuarded(std::string("reading ") + table.name, [&]() -> Status {
      SQLite::Statement q(db_, SelectSql(table, false));
      Row row(table.columns.size());
      while (q.executeStep()) {
        for (size_t i = 0; i < table.columns.size(); ++i) {
          const SQLite::Column c = q.getColumn(int(i));
          Cell& cell = row[i];
          cell.null = c.isNull();
          cell.number = 0;
          cell.bytes.clear();
          if (cell.null) continue;
          switch (table.columns[i].kind) {
            case ColumnKind::kInt:
              cell.number = c.getInt64();
              break;
            case ColumnKind::kBool:
              cell.number = c.getInt64() != 0;
              break;
            case ColumnKind::kText:
            case ColumnKind::kBlob:
              cell.bytes.assign(static_cast<const char*>(c.getBlob()), size_t(c.getBytes()));
              break;
          }
        }
        if (auto s = emit(row); !s) return s;
      }
      return Ok();
    });
  }

 private:
  SQLite::Database db_;
};

class PostgresReader final : public DeskReader {
 public:
  explicit PostgresReader(const std::string& uri) : conn_(uri), tx_(conn_) {}

  Status ForEachRow(const DeskTable& table,
                    const std::function<Status(const Row&)>& emit) override {
    return PgGuarded(std::string("reading ") + table.name, [&]() -> Status {
      // Through a cursor, a thousand rows at a time: a desk's tables need not fit in memory.
      tx_.exec("DECLARE desk_rows NO SCROLL CURSOR FOR " + SelectSql(table, true));
      Row row(table.columns.size());
      while (true) {
        const pqxx::result rows = tx_.exec("FETCH 1000 FROM desk_rows");
        for (const auto& r : rows) {
          for (size_t i = 0; i < table.columns.size(); ++i) {
            Cell& cell = row[i];
            cell.null = r[int(i)].is_null();
            cell.number = 0;
            cell.bytes.clear();
            if (cell.null) continue;
            switch (table.columns[i].kind) {
              case ColumnKind::kInt:
                cell.number = r[int(i)].as<int64_t>();
                break;
              case ColumnKind::kBool:
                cell.number = r[int(i)].as<bool>();
                break;
              case ColumnKind::kText:
                cell.bytes.assign(r[int(i)].c_str(), r[int(i)].size());
                break;
              case ColumnKind::kBlob:
                cell.bytes = pqxx::binarystring(r[int(i)]).str();
                break;
            }
          }
          if (auto s = emit(row); !s) return s;
        }
        if (rows.empty()) break;
      }
      tx_.exec("CLOSE desk_rows");
      return Ok();
    });
  }

 private:
  pqxx::connection conn_;
  // One snapshot for every table.
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx_;
};

class SqliteWriter final : public DeskWriter {
 public:
  explicit SqliteWriter(const std::string& path)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    db_.exec("PRAGMA busy_timeout = 5000");
    db_.exec("PRAGMA synchronous = FULL");
    db_.exec("BEGIN IMMEDIATE");
  }
  ~SqliteWriter() override {
    if (!committed_) {
      try {
        db_.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
    }
  }

  Status CheckEmpty() {
    return SqliteGuarded("reading the destination", [&] {
      return RefuseUnlessEmpty(
          [&](const std::string& sql) { return db_.execAndGet(sql).getInt(); });
    });
  }

  Status Add(const DeskTable& table, const Row& row) override {
    return SqliteGuarded(std::string("writing ") + table.name, [&]() -> Status {
      auto& slot = inserts_[table.name];
      if (!slot) {
        std::string sql = std::string("INSERT INTO ") + table.name + " (";
        std::string values;
        for (size_t i = 0; i < table.columns.size(); ++i) {
          sql += std::string(i > 0 ? ", " : "") + table.columns[i].sqlite;
          values += i > 0 ? ", ?" : "?";
        }
        slot = std::make_unique<SQLite::Statement>(db_, sql + ") VALUES (" + values + ")");
      }
      SQLite::Statement& q = *slot;
      q.reset();
      for (size_t i = 0; i < row.size(); ++i) {
        const int at = int(i) + 1;
        const Cell& cell = row[i];
        if (cell.null) {
          q.bind(at);
          continue;
        }
        switch (table.columns[i].kind) {
          case ColumnKind::kInt:
          case ColumnKind::kBool:
            q.bind(at, cell.number);
            break;
          case ColumnKind::kText:
            q.bindNoCopy(at, cell.bytes);
            break;
          case ColumnKind::kBlob:
            q.bindNoCopy(at, cell.bytes.data(), int(cell.bytes.size()));
            break;
        }
      }
      q.exec();
      return Ok();
    });
  }

  Status Commit() override {
    // AUTOINCREMENT tables move their counter past the largest id inserted by themselves.
    return SqliteGuarded("committing the copy", [&]() -> Status {
      inserts_.clear();
      db_.exec("COMMIT");
      committed_ = true;
      return Ok();
    });
  }

 private:
  SQLite::Database db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> inserts_;
  bool committed_ = false;
};

class PostgresWriter final : public DeskWriter {
 public:
  explicit PostgresWriter(const std::string& uri) : conn_(uri), tx_(conn_) {}

  Status CheckEmpty() {
    return PgGuarded("reading the destination", [&] {
      return RefuseUnlessEmpty([&](const std::string& sql) { return tx_.exec1(sql)[0].as<int>(); });
    });
  }

  Status Add(const DeskTable& table, const Row& row) override {
    if (pending_table_ != nullptr && pending_table_ != &table)
      if (auto s = Flush(); !s) return s;
    pending_table_ = &table;
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& cell = row[i];
      if (cell.null) {
        params_.push_back(std::nullopt);
        continue;
      }
      switch (table.columns[i].kind) {
        case ColumnKind::kInt:
          params_.push_back(std::to_string(cell.number));
          break;
        case ColumnKind::kBool:
          params_.push_back(cell.number != 0 ? "true" : "false");
          break;
        case ColumnKind::kText:
          // libpq ends a parameter at its first zero byte: refused, never cut short.
          if (cell.bytes.find('\0') != std::string::npos)
            return Fail(ErrorCode::kInvalidArgument,
                        std::string("a row of ") + table.name + " holds U+0000 in " +
                            table.columns[i].sqlite + ", which PostgreSQL's text cannot store");
          params_.push_back(cell.bytes);
          break;
        case ColumnKind::kBlob:
          params_.push_back(HexBytea(cell.bytes));
          break;
      }
      param_bytes_ += params_.back() ? params_.back()->size() : 0;
    }
    ++rows_;
    if (rows_ >= 500 || param_bytes_ >= (8u << 20)) return Flush();
    return Ok();
  }

  Status Commit() override {
    if (auto s = Flush(); !s) return s;
    return PgGuarded("committing the copy", [&]() -> Status {
      for (const DeskTable& table : DeskTables()) {
        if (std::string(table.identity).empty()) continue;
        const std::string t = table.name, c = table.identity;
        tx_.exec("SELECT setval(pg_get_serial_sequence('" + t + "', '" + c + "'), " +
                 "COALESCE((SELECT MAX(" + c + ") FROM " + t + "), 1), " + "(SELECT MAX(" + c +
                 ") FROM " + t + ") IS NOT NULL)");
      }
      tx_.exec("UPDATE event_log_head SET last_seq = (SELECT COALESCE(MAX(seq), 0) FROM events)");
      tx_.exec(
          "SELECT setval('ticket_ids', COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM tickets");
      tx_.commit();
      return Ok();
    });
  }

 private:
  static std::string HexBytea(const std::string& bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + 2 * bytes.size());
    for (unsigned char b : bytes) {
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    return out;
  }

  // One INSERT of every buffered row of the pending table.
  Status Flush() {
    if (rows_ == 0) return Ok();
    const DeskTable& table = *pending_table_;
    return PgGuarded(std::string("writing ") + table.name, [&]() -> Status {
      std::string sql = std::string("INSERT INTO ") + table.name + " (";
      for (size_t i = 0; i < table.columns.size(); ++i)
        sql += std::string(i > 0 ? ", " : "") + table.columns[i].postgres;
      sql += ")";
      // The copied ids are kept, not drawn from the identity's sequence.
      if (!std::string(table.identity).empty()) sql += " OVERRIDING SYSTEM VALUE";
      sql += " VALUES ";
      size_t n = 0;
      for (size_t r = 0; r < rows_; ++r) {
        sql += r > 0 ? ", (" : "(";
        for (size_t i = 0; i < table.columns.size(); ++i) {
          sql += (i > 0 ? ", $" : "$") + std::to_string(++n);
          if (table.columns[i].kind == ColumnKind::kBlob) sql += "::BYTEA";
        }
        sql += ")";
      }
      std::vector<const char*> values;
      values.reserve(params_.size());
      for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
      tx_.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
      params_.clear();
      param_bytes_ = 0;
      rows_ = 0;
      return Ok();
    });
  }

  pqxx::connection conn_;
  pqxx::work tx_;
  const DeskTable* pending_table_ = nullptr;
  std::vector<std::optional<std::string>> params_;
  size_t param_bytes_ = 0;
  size_t rows_ = 0;
};

}  // namespace

Result<std::unique_ptr<DeskReader>> OpenDeskReader(const std::string& db) {
  if (auto s = Migrated(db); !s) return tl::unexpected(s.error());
  try {
    if (IsPostgresUrl(db)) return std::unique_ptr<DeskReader>(new PostgresReader(db));
    return std::unique_ptr<DeskReader>(new SqliteReader(db));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, "cannot read " + db + ": " + e.what());
  }
}

Result<std::unique_ptr<DeskWriter>> OpenDeskWriter(const std::string& db) {
  if (auto s = Migrated(db); !s) return tl::unexpected(s.error());
  try {
    if (IsPostgresUrl(db)) {
      auto writer = std::make_unique<PostgresWriter>(db);
      if (auto s = writer->CheckEmpty(); !s) return tl::unexpected(s.error());
      return std::unique_ptr<DeskWriter>(std::move(writer));
    }
    auto writer = std::make_unique<SqliteWriter>(db);
    if (auto s = writer->CheckEmpty(); !s) return tl::unexpected(s.error());
    return std::unique_ptr<DeskWriter>(std::move(writer));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, "cannot write " + db + ": " + e.what());
  }
}

}  // namespace tierdesk::store
