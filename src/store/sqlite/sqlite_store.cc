#include "store/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <array>

#include "json/bounded.h"
#include "json/codec.h"
#include "json/state_writer.h"
#include "service/clients.h"
#include "store/sql/queue_query.h"
#include "store/sql/rows.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_guarded.h"
#include "store/sqlite/statement_row.h"

namespace tierdesk::store {

using namespace tierdesk::core;
using service::CommitRecord;
using service::Deadline;

namespace {

// Resets a cached statement when a read is done with it. A statement left mid-result keeps
// its read transaction open, pinning the connection to an old snapshot of the database.
class ResetOnExit {
 public:
  explicit ResetOnExit(SQLite::Statement& q) : q_(q) { q_.reset(); }
  ~ResetOnExit() { q_.reset(); }

 private:
  SQLite::Statement& q_;
};

}  // namespace

// Prepared once, reused for every command: parsing SQL per write would dominate its cost.
struct SqliteStore::Statements {
  explicit Statements(SQLite::Database& db)
      : insert_ticket(db,
                      "INSERT INTO tickets (id, version, tier, stage, priority, received_at, "
                      "updated_at, client_id, assignee, title, state, is_open, paged_to, "
                      "consulting) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        insert_asset(db,
                     "INSERT OR IGNORE INTO ticket_assets (ticket_id, asset, client_id, "
                     "received_at) VALUES (?, ?, ?, ?)"),
        insert_event(db,
                     "INSERT INTO events (ticket_id, at, type, actor, recipient, fields) "
                     "VALUES (?, ?, ?, ?, ?, ?)"),
        delete_deadlines(db, "DELETE FROM deadlines WHERE ticket_id = ?"),
        insert_deadline(db, "INSERT INTO deadlines (ticket_id, clock, due) VALUES (?, ?, ?)"),
        insert_outbox(db,
                      "INSERT INTO outbox (ticket_id, kind, recipient, template, subject, body, "
                      "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        insert_key(db,
                   "INSERT INTO idempotency_keys (key, ticket_id, version, command, created_at, "
                   "fingerprint) VALUES (?, ?, ?, ?, ?, ?)"),
        insert_file(db, "INSERT OR IGNORE INTO ticket_files (sha256, ticket_id) VALUES (?, ?)"),
        // The text as read from a version of the ticket: never replaced by an older one's.
        put_text(db,
                 "INSERT INTO ticket_texts (ticket_id, version, title, text) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (ticket_id) DO UPDATE SET version = excluded.version, "
                 "title = excluded.title, text = excluded.text "
                 "WHERE excluded.version >= ticket_texts.version"),
        load_ticket(db, "SELECT version, state FROM tickets WHERE id = ?"),
        find_key(db,
                 "SELECT ticket_id, version, command, fingerprint FROM idempotency_keys "
                 "WHERE key = ?"),
        find_token(db,
                   "SELECT id, hash, actor, label, created_at, revoked_at, read_only "
                   "FROM api_tokens WHERE hash = ?"),
        find_session(db,
                     "SELECT hash, actor, csrf_token, created_at, expires_at FROM sessions "
                     "WHERE hash = ? AND expires_at > ?"),
        load_events(db,
                    "SELECT at, type, actor, recipient, fields FROM events "
                    "WHERE ticket_id = ? ORDER BY id"),
        events_since(db,
                     "SELECT e.id, e.ticket_id, e.at, e.type, e.actor, e.recipient, e.fields, "
                     "t.client_id FROM events e JOIN tickets t ON t.id = e.ticket_id "
                     "WHERE e.id > ? ORDER BY e.id LIMIT ?"),
        last_event_seq(db, "SELECT COALESCE(MAX(id), 0) FROM events") {}

  // The ticket row's update, setting only the indexed columns in `changed` (the bits below).
  // SQLite rewrites an index's entry whenever an UPDATE sets one of its columns, changed or
  // not, and every queue index holds `priority`: setting them all cost five index rewrites per
  // command, where most commands (a note, a response, a breach) change none of them. Parameters
  // keep their numbers whatever is set, so binding is the same for every shape.
  SQLite::Statement& UpdateTicket(SQLite::Database& db, unsigned changed) {
    auto& q = update_ticket[changed];
    if (q) return *q;
    std::string sql =
        "UPDATE tickets SET version = ?1, stage = ?3, updated_at = ?5, title = ?7, state = ?8";
    if (changed & kTier) sql += ", tier = ?2";
    if (changed & kPriority) sql += ", priority = ?4";
    if (changed & kAssignee) sql += ", assignee = ?6";
    if (changed & kIsOpen) sql += ", is_open = ?9";
    if (changed & kPagedTo) sql += ", paged_to = ?10";
    if (changed & kConsulting) sql += ", consulting = ?11";
    sql += " WHERE id = ?12 AND version = ?13";
    q = std::make_unique<SQLite::Statement>(db, sql);
    return *q;
  }
  static constexpr unsigned kTier = 1, kPriority = 2, kAssignee = 4, kIsOpen = 8, kPagedTo = 16,
                            kConsulting = 32, kAllIndexed = 63;
  std::array<std::unique_ptr<SQLite::Statement>, kAllIndexed + 1> update_ticket;

  SQLite::Statement insert_ticket, insert_asset, insert_event, delete_deadlines, insert_deadline,
      insert_outbox, insert_key, insert_file, put_text, load_ticket, find_key, find_token,
      find_session, load_events, events_since, last_event_seq;
};

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       SqliteOptions options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->cache_ = TicketCache(options.ticket_cache_entries);
  try {
    store->db_ = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    // First: every statement after this one (the journal-mode switch included) waits for
    // other connections' locks instead of failing at once.
    store->db_->exec("PRAGMA busy_timeout = 5000");
    store->db_->exec("PRAGMA journal_mode = WAL");
    store->db_->exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                              : "PRAGMA synchronous = NORMAL");
    store->db_->exec("PRAGMA foreign_keys = ON");
    store->db_->exec("PRAGMA wal_autocheckpoint = " +
                     std::to_string(std::max(1, options.wal_autocheckpoint_pages)));
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(
        Error{ErrorCode::kUnavailable, "cannot open database '" + path + "': " + e.what()});
  }
  if (auto s = store->Migrate(); !s) return tl::unexpected(s.error());
  if (options.read_ahead_entries > 0 && path != ":memory:") {
    auto reader = TicketReadAhead::Open(path, options.read_ahead_entries);
    if (!reader) return tl::unexpected(reader.error());
    store->read_ahead_ = std::move(*reader);
  }
  try {
    store->st_ = std::make_unique<Statements>(*store->db_);
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "preparing statements"));
  }
  return store;
}

Status SqliteStore::Migrate() {
  try {
    db_->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    const auto& migrations = SqliteMigrations();
    const int current = AppliedMigrations();
    if (current > int(migrations.size()))
      return Fail(ErrorCode::kFailedPrecondition, "the database has schema version " +
                                                      std::to_string(current) +
                                                      ", newer than this tierdesk knows (" +
                                                      std::to_string(migrations.size()) + ")");
    for (int v = current; v < int(migrations.size()); ++v) {
      SQLite::Transaction tx(*db_);
      db_->exec(migrations[v]);
      SQLite::Statement mark(*db_, "INSERT INTO schema_migrations (version) VALUES (?)");
      mark.bind(1, v + 1);
      mark.exec();
      tx.commit();
    }
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "migrating the database"));
  }
  return Ok();
}

Status SqliteStore::Checkpoint() {
  try {
    db_->exec("PRAGMA wal_checkpoint(PASSIVE)");
    return Ok();
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "checkpointing the WAL"));
  }
}

Status SqliteStore::CopyTo(const std::string& path) {
  return Guarded("copying the database to " + path, [&]() -> Status {
    SQLite::Statement q(*db_, "VACUUM INTO ?");
    q.bind(1, path);
    q.exec();
    return Ok();
  });
}

int SqliteStore::AppliedMigrations() {
  return db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
}

Result<int> SqliteStore::SchemaVersion() {
  return Guarded("reading the schema version",
                 [&]() -> Result<int> { return AppliedMigrations(); });
}

Result<Ticket> SqliteStore::Load(TicketId id) {
  try {
    auto& q = st_->load_ticket;
    ResetOnExit done(q);
    q.bind(1, int64_t(id));
    if (!q.executeStep()) return Fail(ErrorCode::kNotFound, "no ticket " + TicketRef(id), "ticket");
    const int64_t version = q.getColumn(0).getInt64();
    if (auto cached = cache_.Find(id, version)) return std::move(*cached);
    if (read_ahead_)
      if (auto read = read_ahead_->Take(id, version)) return std::move(*read);
    return json::TicketFromJson(json::Json::parse(q.getColumn(1).getText()));
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "loading " + TicketRef(id)));
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorCode::kInternal,
                "stored ticket " + TicketRef(id) + " is corrupt: " + e.what());
  }
}

void SqliteStore::ReadAhead(std::span<const TicketId> ids) {
  if (read_ahead_ && !enclosing_) read_ahead_->Want(ids);
}

Result<TicketId> SqliteStore::MaxTicketId() {
  try {
    return TicketId(db_->execAndGet("SELECT COALESCE(MAX(id), 0) FROM tickets").getInt64());
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "reading ticket ids"));
  }
}

Result<std::vector<TicketId>> SqliteStore::ReserveTicketIds(int count) {
  auto max_id = MaxTicketId();
  if (!max_id) return tl::unexpected(max_id.error());
  reserved_ids_ = std::max(reserved_ids_, *max_id);
  std::vector<TicketId> ids;
  for (int i = 0; i < count; ++i) ids.push_back(++reserved_ids_);
  return ids;
}

void SqliteStore::WriteRecord(const CommitRecord& r) {
  const Ticket& t = r.ticket;
  const std::string state = json::EncodeTicketState(t);
  if (r.expected_version == 0) {
    auto& q = st_->insert_ticket;
    q.reset();
    q.bind(1, int64_t(t.id));
    q.bind(2, int64_t(t.version));
    q.bind(3, t.tier);
    q.bind(4, StageName(t.stage));
    q.bind(5, int(t.priority));
    q.bind(6, EpochSeconds(t.received_at));
    q.bind(7, EpochSeconds(t.updated_at));
    q.bind(8, t.registration.client_id);
    q.bind(9, t.assignee);
    q.bind(10, t.registration.title);
    q.bind(11, state);
    q.bind(12, int(t.stage != Stage::kClosed));
    q.bind(13, service::PagedTo(t));
    q.bind(14, service::ConsultingTeams(t));
    q.exec();
  } else {
    unsigned changed = Statements::kAllIndexed;
    if (const auto& was = r.stored) {
      changed = (was->tier != t.tier ? Statements::kTier : 0) |
                (was->priority != t.priority ? Statements::kPriority : 0) |
                (was->assignee != t.assignee ? Statements::kAssignee : 0) |
                ((was->stage == Stage::kClosed) != (t.stage == Stage::kClosed) ? Statements::kIsOpen
                                                                               : 0) |
                (was->paged != service::PagedTo(t) ? Statements::kPagedTo : 0) |
                (was->consulting != service::ConsultingTeams(t) ? Statements::kConsulting : 0);
    }
    auto& q = st_->UpdateTicket(*db_, changed);
    q.reset();
    q.bind(1, int64_t(t.version));
    q.bind(2, t.tier);
    q.bind(3, StageName(t.stage));
    q.bind(4, int(t.priority));
    q.bind(5, EpochSeconds(t.updated_at));
    q.bind(6, t.assignee);
    q.bind(7, t.registration.title);
    q.bind(8, state);
    q.bind(9, int(t.stage != Stage::kClosed));
    q.bind(10, service::PagedTo(t));
    q.bind(11, service::ConsultingTeams(t));
    q.bind(12, int64_t(t.id));
    q.bind(13, int64_t(r.expected_version));
    if (q.exec() == 0)
      throw std::runtime_error(TicketRef(t.id) + " changed concurrently (expected version " +
                               std::to_string(r.expected_version) + ")");
  }
  // The asset index is rewritten only when the command changed the ticket's assets.
  if (r.assets_changed) {
    for (const auto& [kind, id] : t.registration.assets) {
      auto& a = st_->insert_asset;
      a.reset();
      a.bind(1, int64_t(t.id));
      a.bind(2, kind + ":" + id);
      a.bind(3, t.registration.client_id);
      a.bind(4, EpochSeconds(t.received_at));
      a.exec();
    }
  }
  for (const Event& e : r.events) {
    auto& q = st_->insert_event;
    q.reset();
    q.bind(1, int64_t(e.ticket));
    q.bind(2, EpochSeconds(e.at));
    q.bind(3, e.type);
    q.bind(4, e.actor);
    q.bind(5, e.to);
    q.bind(6, json::EncodeFields(e.fields));
    q.exec();
  }
  auto& del = st_->delete_deadlines;
  del.reset();
  del.bind(1, int64_t(t.id));
  del.exec();
  for (const Deadline& d : service::DeadlinesOf(t)) {
    auto& q = st_->insert_deadline;
    q.reset();
    q.bind(1, int64_t(d.ticket));
    q.bind(2, d.clock);
    q.bind(3, EpochSeconds(d.due));
    q.exec();
  }
  for (const Effect& e : r.effects) {
    auto& q = st_->insert_outbox;
    q.reset();
    q.bind(1, int64_t(e.ticket));
    q.bind(2, EffectKindName(e.kind));
    q.bind(3, e.to);
    q.bind(4, e.template_name);
    q.bind(5, e.subject);
    q.bind(6, e.body);
    q.bind(7, EpochSeconds(r.at));
    q.bind(8, EpochSeconds(r.at));
    q.exec();
  }
  for (const std::string& sha : r.files_added) {
    auto& q = st_->insert_file;
    q.reset();
    q.bind(1, sha);
    q.bind(2, int64_t(t.id));
    q.exec();
  }
  if (r.text_changed) PutText(service::TicketTextOf(t));
  // Rare (a resolution, a failed QC, a reopening): prepared only then.
  if (const auto change = service::KnownFixChangeOf(r); change.changed) {
    SQLite::Statement q(*db_, change.article
                                  ? "INSERT OR REPLACE INTO ticket_known_fixes "
                                    "(ticket_id, article_id) VALUES (?1, ?2)"
                                  : "DELETE FROM ticket_known_fixes WHERE ticket_id = ?1");
    q.bind(1, int64_t(t.id));
    if (change.article) q.bind(2, int64_t(change.article));
    q.exec();
  }
  if (!r.idempotency_key.empty()) {
    auto& q = st_->insert_key;
    q.reset();
    q.bind(1, r.idempotency_key);
    q.bind(2, int64_t(t.id));
    q.bind(3, int64_t(t.version));
    q.bind(4, r.command_name);
    q.bind(5, EpochSeconds(r.at));
    q.bind(6, r.idempotency_fingerprint);
    q.exec();
  }
}

Status SqliteStore::Commit(std::span<const CommitRecord> records) {
  if (enclosing_) return CommitInsideEnclosing(records);
  try {
    SQLite::Transaction tx(*db_);
    for (const CommitRecord& r : records) WriteRecord(r);
    tx.commit();
    for (const CommitRecord& r : records) cache_.Put(r.ticket);
    return Ok();
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "committing"));
  } catch (const std::runtime_error& e) {
    return Fail(ErrorCode::kFailedPrecondition, e.what());
  }
}

Status SqliteStore::CommitInsideEnclosing(std::span<const CommitRecord> records) {
  // No savepoint per commit (journalling each commit's pages cost a replay a fifth of its
  // time): a refused commit may leave part of itself, so it spoils the whole transaction.
  if (spoiled_)
    return Fail(ErrorCode::kFailedPrecondition,
                "an earlier commit in the enclosing transaction failed");
  try {
    for (const CommitRecord& r : records) WriteRecord(r);
    for (const CommitRecord& r : records) cache_.Put(r.ticket);
    return Ok();
  } catch (const SQLite::Exception& e) {
    spoiled_ = true;
    return tl::unexpected(FromSqlite(e, "committing"));
  } catch (const std::runtime_error& e) {
    spoiled_ = true;
    return Fail(ErrorCode::kFailedPrecondition, e.what());
  }
}

Status SqliteStore::BeginEnclosingTransaction() {
  if (enclosing_) return Fail(ErrorCode::kFailedPrecondition, "an enclosing transaction is open");
  return Guarded("beginning a transaction", [&]() -> Status {
    // Room for the pages the transaction changes (256 MB rather than SQLite's 2 MB): fewer
    // pages spilled to the WAL and read back made a month's replay 18 % faster. Back to the
    // default at the end.
    db_->exec("PRAGMA cache_size = -262144");
    db_->exec("BEGIN IMMEDIATE");
    enclosing_ = true;
    spoiled_ = false;
    return Ok();
  });
}

Status SqliteStore::EndEnclosingTransaction(bool keep) {
  if (!enclosing_) return Fail(ErrorCode::kFailedPrecondition, "no enclosing transaction is open");
  enclosing_ = false;
  if (spoiled_) keep = false;
  auto default_cache = [&] {
    try {
      db_->exec("PRAGMA cache_size = -2000");
    } catch (const SQLite::Exception&) {
      // Only memory: the connection works as well with the larger cache.
    }
  };
  // Rolled back, the cache would hold versions the database never kept; a later commit by
  // another writer could give those numbers to other contents.
  if (!keep) cache_.Clear();
  try {
    db_->exec(keep ? "COMMIT" : "ROLLBACK");
    default_cache();
    if (spoiled_)
      return Fail(ErrorCode::kFailedPrecondition,
                  "a commit in the enclosing transaction failed: all of it was rolled back");
    return Ok();
  } catch (const SQLite::Exception& e) {
    // A commit that failed (disk full, say) leaves the transaction open: end it, so the
    // connection is usable and nothing half-written stays pending.
    if (db_->getHandle() && !sqlite3_get_autocommit(db_->getHandle())) {
      try {
        db_->exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
    }
    cache_.Clear();
    default_cache();
    return tl::unexpected(FromSqlite(e, keep ? "committing" : "rolling back"));
  }
}

Result<std::optional<service::IdempotentResult>> SqliteStore::FindIdempotencyKey(
    const std::string& key) {
  try {
    auto& q = st_->find_key;
    ResetOnExit done(q);
    q.bind(1, key);
    if (!q.executeStep()) return std::optional<service::IdempotentResult>();
    return std::optional<service::IdempotentResult>(
        service::IdempotentResult{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                  q.getColumn(2).getString(), q.getColumn(3).getString()});
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "looking up an idempotency key"));
  }
}

Result<std::vector<Deadline>> SqliteStore::LoadDeadlines() {
  return Guarded("loading deadlines", [&]() -> Result<std::vector<Deadline>> {
    std::vector<Deadline> out;
    SQLite::Statement q(*db_, "SELECT ticket_id, clock, due FROM deadlines");
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                     FromEpochSeconds(q.getColumn(2).getInt64())});
    return out;
  });
}

Result<std::vector<Event>> SqliteStore::Events(TicketId id) {
  return Guarded("loading events", [&]() -> Result<std::vector<Event>> {
    std::vector<Event> out;
    auto& q = st_->load_events;
    ResetOnExit done(q);
    q.bind(1, int64_t(id));
    while (q.executeStep())
      out.push_back(Event{id, FromEpochSeconds(q.getColumn(0).getInt64()),
                          q.getColumn(1).getString(), q.getColumn(2).getString(),
                          q.getColumn(3).getString(),
                          json::FieldsFromJson(json::Json::parse(q.getColumn(4).getText()))});
    return out;
  });
}

Result<std::vector<service::SequencedEvent>> SqliteStore::EventsSince(int64_t after_seq,
                                                                      int limit) {
  return Guarded("reading the event log", [&]() -> Result<std::vector<service::SequencedEvent>> {
    std::vector<service::SequencedEvent> out;
    auto& q = st_->events_since;
    ResetOnExit done(q);
    q.bind(1, after_seq);
    q.bind(2, std::max(limit, 0));
    while (q.executeStep())
      out.push_back(
          {q.getColumn(0).getInt64(),
           Event{q.getColumn(1).getInt64(), FromEpochSeconds(q.getColumn(2).getInt64()),
                 q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                 json::FieldsFromJson(json::Json::parse(q.getColumn(6).getText()))},
           q.getColumn(7).getString()});
    return out;
  });
}

Result<std::vector<service::SequencedEvent>> SqliteStore::TicketEventsBefore(TicketId id,
                                                                             int64_t before_seq,
                                                                             int limit) {
  return Guarded("loading a page of events", [&]() -> Result<std::vector<service::SequencedEvent>> {
    SQLite::Statement q(*db_,
                        "SELECT id, at, type, actor, recipient, fields FROM events "
                        "WHERE ticket_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    q.bind(1, int64_t(id));
    q.bind(2, before_seq);
    q.bind(3, std::max(limit, 0));
    std::vector<service::SequencedEvent> out;
    while (q.executeStep())
      out.push_back(
          {q.getColumn(0).getInt64(),
           Event{id, FromEpochSeconds(q.getColumn(1).getInt64()), q.getColumn(2).getString(),
                 q.getColumn(3).getString(), q.getColumn(4).getString(),
                 json::FieldsFromJson(json::Json::parse(q.getColumn(5).getText()))},
           ""});
    return out;
  });
}

Result<int64_t> SqliteStore::LastEventSeq() {
  return Guarded("reading the event log", [&]() -> Result<int64_t> {
    auto& q = st_->last_event_seq;
    ResetOnExit done(q);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

namespace {

// The queue query for `f` (store/sql), selecting `columns`, prepared once per shape in
// `prepared`, reset and with its parameters bound.
SQLite::Statement& QueueQuery(SQLite::Database& db,
                              std::map<std::string, std::unique_ptr<SQLite::Statement>>& prepared,
                              const service::TicketFilter& f, const char* columns) {
  const sql::Query query = sql::QueueQuery(f, columns, sql::Dialect::kSqlite);
  auto& slot = prepared[query.sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db, query.sql);
  SQLite::Statement* q = slot.get();
  q->reset();
  q->clearBindings();
  int index = 0;
  for (const sql::Param& p : query.params) {
    ++index;
    if (const auto* s = std::get_if<std::string>(&p))
      q->bind(index, *s);
    else if (const auto* n = std::get_if<int64_t>(&p))
      q->bind(index, *n);
    else
      q->bind(index, int(std::get<bool>(p)));
  }
  return *q;
}

using sql::kSummaryColumns;

service::TicketSummary ReadSummary(SQLite::Statement& q) {
  return sql::ReadSummary(StatementRow(q));
}

}  // namespace

void SqliteStore::PutText(const service::TicketText& text) {
  auto& q = st_->put_text;
  q.reset();
  q.bind(1, int64_t(text.id));
  q.bind(2, text.version);
  q.bind(3, text.title);
  q.bind(4, text.text);
  q.exec();
}

Status SqliteStore::IndexTicketTexts(std::span<const service::TicketText> texts) {
  return Guarded("indexing tickets' text", [&]() -> Status {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const service::TicketText& text : texts) PutText(text);
    tx.commit();
    return Ok();
  });
}

Result<std::vector<Ticket>> SqliteStore::ListTickets(const service::TicketFilter& f) {
  return Guarded("listing tickets", [&]() -> Result<std::vector<Ticket>> {
    auto& q = QueueQuery(*db_, queue_queries_, f, "state");
    ResetOnExit done(q);  // the read ends with the call, not with the next query
    std::vector<Ticket> out;
    while (q.executeStep()) {
      auto t = json::TicketFromJson(json::Json::parse(q.getColumn(0).getText()));
      if (!t) return tl::unexpected(t.error());
      out.push_back(std::move(*t));
    }
    return out;
  });
}

Result<std::vector<service::TicketSummary>> SqliteStore::ListTicketSummaries(
    const service::TicketFilter& f) {
  return Guarded("listing tickets", [&]() -> Result<std::vector<service::TicketSummary>> {
    auto& q = QueueQuery(*db_, queue_queries_, f, kSummaryColumns);
    ResetOnExit done(q);  // the read ends with the call, not with the next query
    std::vector<service::TicketSummary> out;
    while (q.executeStep()) out.push_back(ReadSummary(q));
    return out;
  });
}

Result<std::vector<service::DueTicket>> SqliteStore::ListBreachingSoon(Timestamp until, int limit) {
  return Guarded("listing deadlines", [&]() -> Result<std::vector<service::DueTicket>> {
    // Each ticket once, at its earliest running deadline.
    SQLite::Statement q(*db_, std::string("SELECT ") + kSummaryColumns +
                                  ", d.clock, MIN(d.due) AS due "
                                  "FROM deadlines d JOIN tickets t ON t.id = d.ticket_id "
                                  "WHERE d.due <= ? GROUP BY t.id "
                                  "ORDER BY due, t.priority, t.id LIMIT ?");
    q.bind(1, EpochSeconds(until));
    q.bind(2, limit);
    std::vector<service::DueTicket> out;
    while (q.executeStep()) {
      service::DueTicket d;
      d.summary = ReadSummary(q);
      d.clock = q.getColumn(11).getString();
      d.due = FromEpochSeconds(q.getColumn(12).getInt64());
      out.push_back(std::move(d));
    }
    return out;
  });
}

Result<int> SqliteStore::CountOtherClientsOnAsset(const std::string& asset,
                                                  const std::string& except_client,
                                                  Timestamp since) {
  return Guarded("counting clients on " + asset, [&]() -> Result<int> {
    SQLite::Statement q(*db_,
                        "SELECT COUNT(DISTINCT client_id) FROM ticket_assets "
                        "WHERE asset = ? AND received_at >= ? AND client_id <> ?");
    q.bind(1, asset);
    q.bind(2, EpochSeconds(since));
    q.bind(3, except_client);
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

Result<std::vector<TicketId>> SqliteStore::TicketsOnAsset(const std::string& asset, Timestamp since,
                                                          int limit) {
  return Guarded("finding tickets on " + asset, [&]() -> Result<std::vector<TicketId>> {
    SQLite::Statement q(*db_,
                        "SELECT ticket_id FROM ticket_assets WHERE asset = ? AND received_at >= ? "
                        "ORDER BY received_at, ticket_id LIMIT ?");
    q.bind(1, asset);
    q.bind(2, EpochSeconds(since));
    q.bind(3, limit);
    std::vector<TicketId> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    return ids;
  });
}

namespace {

std::vector<service::OutboxItem> ReadOutboxRows(SQLite::Statement& q) {
  std::vector<service::OutboxItem> out;
  while (q.executeStep()) out.push_back(sql::ReadOutboxItem(StatementRow(q)));
  return out;
}

constexpr const char* kOutboxColumns =
    "id, ticket_id, kind, recipient, template, subject, body, created_at, attempts, last_error, "
    "dead_at";

}  // namespace

Result<std::vector<service::OutboxItem>> SqliteStore::PendingOutbox(Timestamp now, int limit) {
  return Guarded("reading the outbox", [&]() -> Result<std::vector<service::OutboxItem>> {
    SQLite::Statement q(*db_, std::string("SELECT ") + kOutboxColumns +
                                  " FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL "
                                  "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    q.bind(1, EpochSeconds(now));
    q.bind(2, limit);
    return ReadOutboxRows(q);
  });
}

Status SqliteStore::MarkDelivered(int64_t outbox_id, Timestamp at) {
  return Guarded("marking a delivery", [&]() -> Status {
    SQLite::Statement q(*db_,
                        "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?");
    q.bind(1, EpochSeconds(at));
    q.bind(2, outbox_id);
    if (q.exec() == 0)
      return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
    return Ok();
  });
}

Status SqliteStore::MarkAttemptFailed(int64_t outbox_id, Timestamp at, const std::string& error,
                                      std::optional<Timestamp> retry_at) {
  return Guarded("recording a failed delivery", [&]() -> Status {
    SQLite::Statement q(*db_,
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                        "next_attempt_at = COALESCE(?, next_attempt_at), dead_at = ? WHERE id = ?");
    q.bind(1, error);
    if (retry_at)
      q.bind(2, EpochSeconds(*retry_at));
    else
      q.bind(2);
    if (retry_at)
      q.bind(3);
    else
      q.bind(3, EpochSeconds(at));
    q.bind(4, outbox_id);
    if (q.exec() == 0)
      return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
    return Ok();
  });
}

Result<std::vector<service::OutboxItem>> SqliteStore::DeadLetters(int limit) {
  return Guarded("reading dead letters", [&]() -> Result<std::vector<service::OutboxItem>> {
    SQLite::Statement q(*db_, std::string("SELECT ") + kOutboxColumns +
                                  " FROM outbox WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, "
                                  "id DESC LIMIT ?");
    q.bind(1, limit);
    return ReadOutboxRows(q);
  });
}

Status SqliteStore::PutApiToken(const service::ApiToken& token) {
  try {
    SQLite::Statement q(*db_,
                        "INSERT INTO api_tokens (id, hash, actor, label, created_at, read_only) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, token.id);
    q.bind(2, token.hash);
    q.bind(3, token.actor);
    q.bind(4, token.label);
    q.bind(5, EpochSeconds(token.created_at));
    q.bind(6, int(token.read_only));
    q.exec();
    return Ok();
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT)
      return Fail(ErrorCode::kAlreadyExists, "token id " + token.id + " exists");
    return tl::unexpected(FromSqlite(e, "storing a token"));
  }
}

namespace {

constexpr const char* kTokenColumns = "id, hash, actor, label, created_at, revoked_at, read_only";

// One row of kTokenColumns.
service::ApiToken ReadApiTokenRow(SQLite::Statement& q) {
  return sql::ReadApiToken(StatementRow(q));
}

}  // namespace

Result<std::optional<service::ApiToken>> SqliteStore::FindApiToken(const std::string& hash) {
  try {
    auto& q = st_->find_token;
    ResetOnExit done(q);
    q.bind(1, hash);
    if (!q.executeStep()) return std::optional<service::ApiToken>();
    return std::optional<service::ApiToken>(ReadApiTokenRow(q));
  } catch (const SQLite::Exception& e) {
    return tl::unexpected(FromSqlite(e, "looking up a token"));
  }
}

Result<bool> SqliteStore::RevokeApiToken(const std::string& id, Timestamp at) {
  return Guarded("revoking a token", [&]() -> Result<bool> {
    SQLite::Statement q(*db_,
                        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?");
    q.bind(1, EpochSeconds(at));
    q.bind(2, id);
    return q.exec() > 0;
  });
}

Result<std::vector<service::ApiToken>> SqliteStore::ListApiTokens(
    const std::optional<std::string>& actor) {
  return Guarded("listing tokens", [&]() -> Result<std::vector<service::ApiToken>> {
    SQLite::Statement q(*db_, std::string("SELECT ") + kTokenColumns + " FROM api_tokens" +
                                  (actor ? " WHERE actor = ?" : "") + " ORDER BY created_at, id");
    if (actor) q.bind(1, *actor);
    std::vector<service::ApiToken> out;
    while (q.executeStep()) out.push_back(ReadApiTokenRow(q));
    return out;
  });
}

Status SqliteStore::PutClient(const service::Client& client) {
  return WriteClient(client, /*replace=*/true);
}

Status SqliteStore::AddClient(const service::Client& client) {
  return WriteClient(client, /*replace=*/false);
}

Status SqliteStore::WriteClient(const service::Client& client, bool replace) {
  return Guarded("storing a client", [&]() -> Status {
    SQLite::Transaction tx(*db_);
    if (!client.email.empty()) {
      SQLite::Statement owner(*db_, "SELECT id FROM clients WHERE email = ? AND id <> ?");
      owner.bind(1, client.email);
      owner.bind(2, client.id);
      if (owner.executeStep())
        return Fail(
            ErrorCode::kAlreadyExists,
            "the address " + client.email + " belongs to client " + owner.getColumn(0).getString(),
            "email");
    }
    SQLite::Statement q(
        *db_,
        std::string("INSERT INTO clients (id, name, email, organisation, phone, phone_digits) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO ") +
            (replace ? "UPDATE SET name = excluded.name, email = excluded.email, "
                       "organisation = excluded.organisation, phone = excluded.phone, "
                       "phone_digits = excluded.phone_digits"
                     : "NOTHING"));
    q.bind(1, client.id);
    q.bind(2, client.name);
    if (client.email.empty())
      q.bind(3);
    else
      q.bind(3, client.email);
    q.bind(4, client.organisation);
    q.bind(5, client.phone);
    q.bind(6, service::PhoneDigits(client.phone));
    if (q.exec() == 0)
      return Fail(ErrorCode::kAlreadyExists, "there is already a client " + client.id, "id");
    tx.commit();
    return Ok();
  });
}

namespace {

std::optional<service::Client> ClientRow(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return sql::ReadClient(StatementRow(q));
}

}  // namespace

Result<std::optional<service::Client>> SqliteStore::FindClient(const std::string& id) {
  return Guarded("reading a client", [&]() -> Result<std::optional<service::Client>> {
    SQLite::Statement q(
        *db_, std::string("SELECT ") + sql::kClientColumns + " FROM clients WHERE id = ?");
    q.bind(1, id);
    return ClientRow(q);
  });
}

Result<std::optional<service::Client>> SqliteStore::FindClientByEmail(const std::string& email) {
  return Guarded("reading a client", [&]() -> Result<std::optional<service::Client>> {
    SQLite::Statement q(
        *db_, std::string("SELECT ") + sql::kClientColumns + " FROM clients WHERE email = ?");
    q.bind(1, email);
    return ClientRow(q);
  });
}

Result<std::vector<service::Client>> SqliteStore::SearchClients(const std::string& words,
                                                                int limit) {
  return Guarded("searching clients", [&]() -> Result<std::vector<service::Client>> {
    const auto search = service::ClientSearch::Of(words);
    std::vector<service::Client> found;
    if (search.lower.empty() || limit <= 0) return found;
    // SQLite's LIKE ignores the case of ASCII letters, as ClientSearch does.
    SQLite::Statement q(*db_, std::string("SELECT ") + sql::kClientColumns +
                                  " FROM clients WHERE id LIKE ?1 ESCAPE '\\' "
                                  "OR name LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\' "
                                  "OR (?3 <> '' AND phone_digits LIKE ?3) "
                                  "ORDER BY lower(id) = ?4 DESC, lower(name), id LIMIT ?5");
    q.bind(1, search.IdPattern());
    q.bind(2, search.ContainsPattern());
    q.bind(3, search.DigitsPattern());
    q.bind(4, search.lower);
    q.bind(5, limit);
    while (q.executeStep()) found.push_back(sql::ReadClient(StatementRow(q)));
    return found;
  });
}

Status SqliteStore::PutBlob(const std::string& sha256, const std::string& data) {
  return Guarded("storing a file", [&]() -> Status {
    SQLite::Statement q(*db_,
                        "INSERT INTO blobs (sha256, data) VALUES (?, ?) "
                        "ON CONFLICT (sha256) DO NOTHING");
    q.bind(1, sha256);
    q.bindNoCopy(2, data.data(), int(data.size()));
    q.exec();
    return Ok();
  });
}

Status SqliteStore::PutUpload(const std::string& uploader, const std::string& sha256,
                              const std::string& data, Timestamp at) {
  return Guarded("storing an uploaded file", [&]() -> Status {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement blob(*db_,
                           "INSERT INTO blobs (sha256, data) VALUES (?, ?) "
                           "ON CONFLICT (sha256) DO NOTHING");
    blob.bind(1, sha256);
    blob.bindNoCopy(2, data.data(), int(data.size()));
    blob.exec();
    SQLite::Statement upload(*db_,
                             "INSERT INTO uploads (uploader, sha256, size, uploaded_at) "
                             "VALUES (?, ?, ?, ?) ON CONFLICT (uploader, sha256) DO UPDATE "
                             "SET uploaded_at = excluded.uploaded_at");
    upload.bind(1, uploader);
    upload.bind(2, sha256);
    upload.bind(3, int64_t(data.size()));
    upload.bind(4, EpochSeconds(at));
    upload.exec();
    tx.commit();
    return Ok();
  });
}

Result<service::UploadUsage> SqliteStore::UploadsSince(const std::string& uploader,
                                                       Timestamp since) {
  return Guarded("counting uploads", [&]() -> Result<service::UploadUsage> {
    SQLite::Statement q(*db_,
                        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads "
                        "WHERE uploader = ? AND uploaded_at >= ?");
    q.bind(1, uploader);
    q.bind(2, EpochSeconds(since));
    q.executeStep();
    return service::UploadUsage{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
  });
}

Result<bool> SqliteStore::HasUpload(const std::string& uploader, const std::string& sha256,
                                    Timestamp since) {
  return Guarded("finding an upload", [&]() -> Result<bool> {
    SQLite::Statement q(*db_,
                        "SELECT 1 FROM uploads WHERE uploader = ? AND sha256 = ? "
                        "AND uploaded_at >= ?");
    q.bind(1, uploader);
    q.bind(2, sha256);
    q.bind(3, EpochSeconds(since));
    return q.executeStep();
  });
}

Result<int64_t> SqliteStore::RemoveUnusedUploads(Timestamp before) {
  return Guarded("removing unused uploads", [&]() -> Result<int64_t> {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement files(
        *db_,
        "DELETE FROM blobs WHERE sha256 IN ("
        "  SELECT sha256 FROM uploads WHERE uploaded_at < ?1) "
        "AND sha256 NOT IN (SELECT sha256 FROM ticket_files) "
        "AND sha256 NOT IN (SELECT sha256 FROM article_files) "
        "AND sha256 NOT IN (SELECT sha256 FROM uploads WHERE uploaded_at >= ?1)");
    files.bind(1, EpochSeconds(before));
    const int64_t removed = files.exec();
    SQLite::Statement uploads(*db_, "DELETE FROM uploads WHERE uploaded_at < ?");
    uploads.bind(1, EpochSeconds(before));
    uploads.exec();
    tx.commit();
    return removed;
  });
}

Result<std::optional<std::string>> SqliteStore::GetBlob(const std::string& sha256) {
  return Guarded("reading a file", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(*db_, "SELECT data FROM blobs WHERE sha256 = ?");
    q.bind(1, sha256);
    if (!q.executeStep()) return std::optional<std::string>();
    const SQLite::Column data = q.getColumn(0);
    return std::optional<std::string>(
        std::string(static_cast<const char*>(data.getBlob()), size_t(data.getBytes())));
  });
}

Result<std::optional<int64_t>> SqliteStore::BlobSize(const std::string& sha256) {
  return Guarded("reading a file's size", [&]() -> Result<std::optional<int64_t>> {
    // length() of a blob reads its header, not its pages.
    SQLite::Statement q(*db_, "SELECT length(data) FROM blobs WHERE sha256 = ?");
    q.bind(1, sha256);
    if (!q.executeStep()) return std::optional<int64_t>();
    return std::optional<int64_t>(q.getColumn(0).getInt64());
  });
}

Result<int64_t> SqliteStore::KeepRefusedMail(const service::RefusedMail& mail) {
  return Guarded("keeping a refused mail", [&]() -> Result<int64_t> {
    if (!mail.key.empty()) {
      SQLite::Statement kept(*db_, "SELECT id FROM refused_mail WHERE intake_key = ?");
      kept.bind(1, mail.key);
      if (kept.executeStep()) return kept.getColumn(0).getInt64();
    }
    SQLite::Statement q(*db_,
                        "INSERT INTO refused_mail (received_at, reason, message_id, sender, "
                        "raw, intake_key) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, EpochSeconds(mail.received_at));
    q.bind(2, mail.reason);
    q.bind(3, mail.message_id);
    q.bind(4, mail.sender);
    q.bindNoCopy(5, mail.raw.data(), int(mail.raw.size()));
    q.bind(6, mail.key);
    q.exec();
    return db_->getLastInsertRowid();
  });
}

Result<std::vector<service::RefusedMail>> SqliteStore::ListRefusedMail(int limit) {
  return Guarded("listing refused mail", [&]() -> Result<std::vector<service::RefusedMail>> {
    SQLite::Statement q(*db_,
                        "SELECT id, received_at, reason, message_id, sender, length(raw) "
                        "FROM refused_mail ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    std::vector<service::RefusedMail> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), FromEpochSeconds(q.getColumn(1).getInt64()),
                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getString(), q.getColumn(5).getInt64(), ""});
    return out;
  });
}

Result<std::optional<service::RefusedMail>> SqliteStore::GetRefusedMail(int64_t id) {
  return Guarded("reading a refused mail", [&]() -> Result<std::optional<service::RefusedMail>> {
    SQLite::Statement q(*db_,
                        "SELECT id, received_at, reason, message_id, sender, raw "
                        "FROM refused_mail WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<service::RefusedMail>();
    const SQLite::Column raw = q.getColumn(5);
    return std::optional<service::RefusedMail>(service::RefusedMail{
        q.getColumn(0).getInt64(), FromEpochSeconds(q.getColumn(1).getInt64()),
        q.getColumn(2).getString(), q.getColumn(3).getString(), q.getColumn(4).getString(),
        raw.getBytes(),
        std::string(static_cast<const char*>(raw.getBlob()), size_t(raw.getBytes()))});
  });
}

Status SqliteStore::PutAccount(const service::Account& account) {
  return Guarded("storing an account", [&]() -> Status {
    SQLite::Statement q(*db_,
                        "INSERT INTO accounts (login, password_hash, updated_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash, "
                        "updated_at = excluded.updated_at");
    q.bind(1, account.login);
    q.bind(2, account.password_hash);
    q.bind(3, EpochSeconds(account.updated_at));
    q.exec();
    return Ok();
  });
}

Result<std::optional<service::Account>> SqliteStore::FindAccount(const std::string& login) {
  return Guarded("reading an account", [&]() -> Result<std::optional<service::Account>> {
    SQLite::Statement q(*db_,
                        "SELECT login, password_hash, updated_at FROM accounts WHERE login = ?");
    q.bind(1, login);
    if (!q.executeStep()) return std::optional<service::Account>();
    return std::optional<service::Account>(
        service::Account{q.getColumn(0).getString(), q.getColumn(1).getString(),
                         FromEpochSeconds(q.getColumn(2).getInt64())});
  });
}

Status SqliteStore::PutSession(const service::Session& session) {
  return Guarded("storing a session", [&]() -> Status {
    // Expired sessions go when new ones come: the table holds only live ones for long.
    SQLite::Statement purge(*db_, "DELETE FROM sessions WHERE expires_at <= ?");
    purge.bind(1, EpochSeconds(session.created_at));
    purge.exec();
    SQLite::Statement q(*db_,
                        "INSERT INTO sessions (hash, actor, csrf_token, created_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, session.hash);
    q.bind(2, session.actor);
    q.bind(3, session.csrf_token);
    q.bind(4, EpochSeconds(session.created_at));
    q.bind(5, EpochSeconds(session.expires_at));
    q.exec();
    return Ok();
  });
}

Result<std::optional<service::Session>> SqliteStore::FindSession(const std::string& hash,
                                                                 Timestamp now) {
  return Guarded("reading a session", [&]() -> Result<std::optional<service::Session>> {
    auto& q = st_->find_session;  // every request with a cookie the cache cannot answer
    ResetOnExit done(q);
    q.bind(1, hash);
    q.bind(2, EpochSeconds(now));
    if (!q.executeStep()) return std::optional<service::Session>();
    return std::optional<service::Session>(service::Session{
        q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
        FromEpochSeconds(q.getColumn(3).getInt64()), FromEpochSeconds(q.getColumn(4).getInt64())});
  });
}

Status SqliteStore::DeleteSession(const std::string& hash) {
  return Guarded("deleting a session", [&]() -> Status {
    SQLite::Statement q(*db_, "DELETE FROM sessions WHERE hash = ?");
    q.bind(1, hash);
    q.exec();
    return Ok();
  });
}

Result<int64_t> SqliteStore::DeleteSessionsOf(const std::string& actor) {
  return Guarded("ending a login's sessions", [&]() -> Result<int64_t> {
    SQLite::Statement q(*db_, "DELETE FROM sessions WHERE actor = ?");
    q.bind(1, actor);
    return int64_t(q.exec());
  });
}

Result<std::vector<service::LoginFailures>> SqliteStore::FindLoginFailures(
    std::span<const std::string> keys) {
  return Guarded("reading login failures", [&]() -> Result<std::vector<service::LoginFailures>> {
    SQLite::Statement q(*db_, "SELECT failures, last_at FROM login_failures WHERE key = ?");
    std::vector<service::LoginFailures> out;
    for (const std::string& key : keys) {
      q.reset();
      q.bind(1, key);
      if (q.executeStep())
        out.push_back(
            {key, q.getColumn(0).getInt64(), FromEpochSeconds(q.getColumn(1).getInt64())});
    }
    return out;
  });
}

Status SqliteStore::AddLoginFailure(std::span<const std::string> keys, Timestamp at) {
  return Guarded("counting a login failure", [&]() -> Status {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(*db_,
                        "INSERT INTO login_failures (key, failures, last_at) VALUES (?, 1, ?) "
                        "ON CONFLICT (key) DO UPDATE SET failures = failures + 1, "
                        "last_at = MAX(last_at, excluded.last_at)");
    for (const std::string& key : keys) {
      q.reset();
      q.bind(1, key);
      q.bind(2, EpochSeconds(at));
      q.exec();
    }
    tx.commit();
    return Ok();
  });
}

Status SqliteStore::ClearLoginFailures(std::span<const std::string> keys) {
  return Guarded("clearing login failures", [&]() -> Status {
    SQLite::Statement q(*db_, "DELETE FROM login_failures WHERE key = ?");
    for (const std::string& key : keys) {
      q.reset();
      q.bind(1, key);
      q.exec();
    }
    return Ok();
  });
}

Status SqliteStore::ForgetLoginFailures(Timestamp before) {
  return Guarded("forgetting old login failures", [&]() -> Status {
    SQLite::Statement q(*db_, "DELETE FROM login_failures WHERE last_at < ?");
    q.bind(1, EpochSeconds(before));
    q.exec();
    return Ok();
  });
}

Result<std::map<std::string, int64_t>> SqliteStore::CountOpenTicketsByTier() {
  return Guarded("counting open tickets", [&]() -> Result<std::map<std::string, int64_t>> {
    SQLite::Statement q(*db_, "SELECT tier, COUNT(*) FROM tickets WHERE is_open = 1 GROUP BY tier");
    std::map<std::string, int64_t> out;
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
  });
}

Result<int64_t> SqliteStore::OutboxBacklog() {
  return Guarded("counting the outbox", [&]() -> Result<int64_t> {
    return int64_t(
        db_->execAndGet(
               "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL")
            .getInt64());
  });
}

Status SqliteStore::PutSetting(const std::string& key, const std::string& value) {
  return Guarded("writing setting " + key, [&]() -> Status {
    SQLite::Statement q(*db_,
                        "INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
    return Ok();
  });
}

Result<std::optional<std::string>> SqliteStore::GetSetting(const std::string& key) {
  return Guarded("reading setting " + key, [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(*db_, "SELECT value FROM settings WHERE key = ?");
    q.bind(1, key);
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

}  // namespace tierdesk::store
