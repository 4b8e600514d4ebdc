#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <pqxx/pqxx>
#include <tuple>

#include "json/codec.h"
#include "json/state_writer.h"
#include "service/clients.h"
#include "store/postgres/pg_arrays.h"
#include "store/postgres/pg_errors.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_articles.h"
#include "store/postgres/postgres_migrations.h"
#include "store/postgres/postgres_ticket_search.h"
#include "store/sql/queue_query.h"
#include "store/sql/rows.h"

namespace tierdesk::store {

using namespace tierdesk::core;
using service::CommitRecord;
using service::Deadline;

namespace {

int64_t Int(const pqxx::field& f) { return f.as<int64_t>(); }

// A parameter that is SQL NULL when `value` is empty (libpqxx sends a null char pointer as NULL).
const char* OrNull(const std::optional<std::string>& value) {
  return value ? value->c_str() : nullptr;
}
std::optional<std::string> SecsOrNone(std::optional<Timestamp> t) {
  if (!t) return std::nullopt;
  return std::to_string(EpochSeconds(*t));
}

// The lock every node takes to migrate: nodes starting together migrate once, one at a time.
constexpr int64_t kMigrationLock = 0x74696572646573;  // "tierdes"

// A batch's records of one ticket: the first was decided on the version stored, the last is
// the state to store.
struct TicketChange {
  const CommitRecord* first;
  const CommitRecord* last;
  bool assets = false;  // some record of the batch changed the ticket's assets
  bool text = false;    // ... its searched text
};
std::map<TicketId, TicketChange> ChangesByTicket(std::span<const CommitRecord> records) {
  std::map<TicketId, TicketChange> changes;
  for (const CommitRecord& r : records) {
    auto [it, added] = changes.try_emplace(r.ticket.id, TicketChange{&r, &r});
    it->second.last = &r;
    it->second.assets |= r.assets_changed;
    it->second.text |= r.text_changed;
  }
  return changes;
}

// A ticket row whose version is not the one the command was decided on.
struct ConcurrentChange {
  std::string message;
};

// The store's fixed statements, by name. Prepared on each connection (or sent with their
// parameters when prepared statements are off).
const std::map<std::string, std::string>& Statements() {
  static const std::map<std::string, std::string> statements = {
      {"load_tickets", "SELECT id, state FROM tickets WHERE id = ANY ($1::BIGINT[])"},
      {"max_ticket_id", "SELECT COALESCE(MAX(id), 0) FROM tickets"},
      {"reserve_ticket_ids", "SELECT nextval('ticket_ids') FROM generate_series(1, $1)"},
      // A batch's rows in one statement each: its columns come as arrays (ArrayColumn).
      {"insert_tickets",
       "INSERT INTO tickets (id, version, tier, stage, priority, received_at, updated_at, "
       "client_id, assignee, title, is_open, paged_to, consulting, state) "
       "SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::INTEGER[], "
       "$6::BIGINT[], $7::BIGINT[], $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::BOOLEAN[], "
       "$12::TEXT[], $13::TEXT[], $14::TEXT[])"},
      // Taken before the update, in id order: two nodes' batches lock the rows they share in
      // the same order and cannot deadlock (the update's join takes them in any order).
      {"lock_tickets",
       "SELECT id FROM tickets WHERE id = ANY ($1::BIGINT[]) ORDER BY id FOR NO KEY UPDATE"},
      // PostgreSQL compares values: an update that leaves every indexed column as it was is
      // heap-only (HOT), however many columns it names. A row is updated only at the version
      // its change was decided on; one another writer moved is missing from what it returns.
      {"update_tickets",
       "UPDATE tickets t SET version = u.version, tier = u.tier, stage = u.stage, "
       "priority = u.priority, updated_at = u.updated_at, assignee = u.assignee, "
       "title = u.title, is_open = u.is_open, paged_to = u.paged_to, "
       "consulting = u.consulting, state = u.state "
       "FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[], "
       "$6::INTEGER[], $7::BIGINT[], $8::TEXT[], $9::TEXT[], $10::BOOLEAN[], $11::TEXT[], "
       "$12::TEXT[], $13::TEXT[]) AS u(id, expected, version, tier, stage, priority, updated_at, "
       "assignee, title, is_open, paged_to, consulting, state) "
       "WHERE t.id = u.id AND t.version = u.expected RETURNING t.id"},
      {"insert_assets",
       "INSERT INTO ticket_assets (ticket_id, asset, client_id, received_at) "
       "SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[]) "
       "ON CONFLICT DO NOTHING"},
      {"insert_keys",
       "INSERT INTO idempotency_keys (key, ticket_id, version, command, created_at, fingerprint) "
       "SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::BIGINT[], "
       "$6::TEXT[])"},
      {"delete_deadlines", "DELETE FROM deadlines WHERE ticket_id = ANY ($1::BIGINT[])"},
      // Last in each commit: the row lock it takes is held to the commit, so seqs follow
      // commit order (see the event_log_head table).
      {"advance_log", "UPDATE event_log_head SET last_seq = last_seq + $1 RETURNING last_seq"},
      {"find_key",
       "SELECT ticket_id, version, command, fingerprint FROM idempotency_keys WHERE key = $1"},
      {"load_deadlines", "SELECT ticket_id, clock, due FROM deadlines"},
      {"tickets_on_asset",
       "SELECT ticket_id FROM ticket_assets WHERE asset = $1 AND received_at >= $2 "
       "ORDER BY received_at, ticket_id LIMIT $3"},
      {"count_clients_on_asset",
       "SELECT COUNT(DISTINCT client_id) FROM ticket_assets "
       "WHERE asset = $1 AND received_at >= $2 AND client_id <> $3"},
      {"load_events",
       "SELECT at, type, actor, recipient, fields FROM events WHERE ticket_id = $1 ORDER BY seq"},
      {"events_since",
       "SELECT e.seq, e.ticket_id, e.at, e.type, e.actor, e.recipient, e.fields, t.client_id "
       "FROM events e JOIN tickets t ON t.id = e.ticket_id "
       "WHERE e.seq > $1 ORDER BY e.seq LIMIT $2"},
      {"last_event_seq", "SELECT last_seq FROM event_log_head"},
      {"ticket_events_before",
       "SELECT seq, at, type, actor, recipient, fields FROM events "
       "WHERE ticket_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"},
      // Each ticket once, at its earliest running deadline.
      {"breaching_soon",
       "SELECT * FROM (SELECT DISTINCT ON (t.id) t.id, t.title, t.priority, t.tier, t.stage, "
       "t.assignee, t.client_id, t.received_at, t.updated_at, t.paged_to, t.consulting, "
       "d.clock, d.due "
       "FROM deadlines d JOIN tickets t ON t.id = d.ticket_id WHERE d.due <= $1 "
       "ORDER BY t.id, d.due, d.clock) first "
       "ORDER BY due, priority, id LIMIT $2"},
      {"count_open_by_tier", "SELECT tier, COUNT(*) FROM tickets WHERE is_open GROUP BY tier"},
      {"pending_outbox",
       "SELECT id, ticket_id, kind, recipient, template, subject, body, created_at, attempts, "
       "last_error, dead_at FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL "
       "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2"},
      {"mark_delivered",
       "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2"},
      {"mark_failed",
       "UPDATE outbox SET attempts = attempts + 1, last_error = $1, "
       "next_attempt_at = COALESCE($2, next_attempt_at), dead_at = $3 WHERE id = $4"},
      {"dead_letters",
       "SELECT id, ticket_id, kind, recipient, template, subject, body, created_at, attempts, "
       "last_error, dead_at FROM outbox WHERE dead_at IS NOT NULL "
       "ORDER BY dead_at DESC, id DESC LIMIT $1"},
      {"outbox_backlog",
       "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL"},
      {"insert_token",
       "INSERT INTO api_tokens (id, hash, actor, label, created_at, read_only) "
       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING"},
      {"find_token",
       "SELECT id, hash, actor, label, created_at, revoked_at, read_only FROM api_tokens "
       "WHERE hash = $1"},
      {"revoke_token", "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2"},
      {"list_tokens",
       "SELECT id, hash, actor, label, created_at, revoked_at, read_only FROM api_tokens "
       "ORDER BY created_at, id"},
      {"list_tokens_of",
       "SELECT id, hash, actor, label, created_at, revoked_at, read_only FROM api_tokens "
       "WHERE actor = $1 ORDER BY created_at, id"},
      {"put_account",
       "INSERT INTO accounts (login, password_hash, updated_at) VALUES ($1, $2, $3) "
       "ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash, "
       "updated_at = excluded.updated_at"},
      {"find_account", "SELECT login, password_hash, updated_at FROM accounts WHERE login = $1"},
      {"purge_sessions", "DELETE FROM sessions WHERE expires_at <= $1"},
      {"insert_session",
       "INSERT INTO sessions (hash, actor, csrf_token, created_at, expires_at) "
       "VALUES ($1, $2, $3, $4, $5)"},
      {"find_session",
       "SELECT hash, actor, csrf_token, created_at, expires_at FROM sessions "
       "WHERE hash = $1 AND expires_at > $2"},
      {"delete_session", "DELETE FROM sessions WHERE hash = $1"},
      {"delete_sessions_of", "DELETE FROM sessions WHERE actor = $1"},
      {"insert_files",
       "INSERT INTO ticket_files (sha256, ticket_id) "
       "SELECT * FROM unnest($1::TEXT[], $2::BIGINT[]) ON CONFLICT DO NOTHING"},
      {"clear_known_fixes", "DELETE FROM ticket_known_fixes WHERE ticket_id = ANY ($1::BIGINT[])"},
      {"set_known_fixes",
       "INSERT INTO ticket_known_fixes (ticket_id, article_id) "
       "SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[])"},
      {"put_upload",
       "INSERT INTO uploads (uploader, sha256, size, uploaded_at) VALUES ($1, $2, $3, $4) "
       "ON CONFLICT (uploader, sha256) DO UPDATE SET uploaded_at = EXCLUDED.uploaded_at"},
      {"uploads_since",
       "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads "
       "WHERE uploader = $1 AND uploaded_at >= $2"},
      {"has_upload",
       "SELECT 1 FROM uploads WHERE uploader = $1 AND sha256 = $2 AND uploaded_at >= $3"},
      {"remove_unused_files",
       "DELETE FROM blobs WHERE sha256 IN (SELECT sha256 FROM uploads WHERE uploaded_at < $1) "
       "AND sha256 NOT IN (SELECT sha256 FROM ticket_files) "
       "AND sha256 NOT IN (SELECT sha256 FROM article_files) "
       "AND sha256 NOT IN (SELECT sha256 FROM uploads WHERE uploaded_at >= $1)"},
      {"forget_uploads", "DELETE FROM uploads WHERE uploaded_at < $1"},
      {"find_login_failures",
       "SELECT key, failures, last_at FROM login_failures WHERE key = ANY ($1::TEXT[])"},
      // Keys in a fixed order, so two nodes counting the same failures cannot deadlock.
      {"add_login_failure",
       "INSERT INTO login_failures (key, failures, last_at) "
       "SELECT k, 1, $2 FROM unnest($1::TEXT[]) AS k ORDER BY k "
       "ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, "
       "last_at = GREATEST(login_failures.last_at, EXCLUDED.last_at)"},
      {"clear_login_failures", "DELETE FROM login_failures WHERE key = ANY ($1::TEXT[])"},
      {"forget_login_failures", "DELETE FROM login_failures WHERE last_at < $1"},
      {"email_owner", "SELECT id FROM clients WHERE email = $1 AND id <> $2"},
      {"put_client",
       "INSERT INTO clients (id, name, email, organisation, phone, phone_digits) "
       "VALUES ($1, $2, $3, $4, $5, $6) "
       "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, "
       "organisation = excluded.organisation, phone = excluded.phone, "
       "phone_digits = excluded.phone_digits"},
      {"add_client",
       "INSERT INTO clients (id, name, email, organisation, phone, phone_digits) "
       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING"},
      {"find_client", std::string("SELECT ") + sql::kClientColumns + " FROM clients WHERE id = $1"},
      {"find_client_by_email",
       std::string("SELECT ") + sql::kClientColumns + " FROM clients WHERE email = $1"},
      // lower() on both sides: PostgreSQL's LIKE minds case, ClientSearch does not.
      {"search_clients", std::string("SELECT ") + sql::kClientColumns +
                             " FROM clients WHERE lower(id) LIKE $1 ESCAPE '\\' "
                             "OR lower(name) LIKE $2 ESCAPE '\\' OR email LIKE $2 ESCAPE '\\' "
                             "OR ($3 <> '' AND phone_digits LIKE $3) "
                             "ORDER BY lower(id) = $4 DESC, lower(name), id LIMIT $5"},
      {"put_blob", "INSERT INTO blobs (sha256, data) VALUES ($1, $2) ON CONFLICT DO NOTHING"},
      {"get_blob", "SELECT data FROM blobs WHERE sha256 = $1"},
      // octet_length of a bytea reads its header, not its (TOASTed) data.
      {"blob_size", "SELECT octet_length(data) FROM blobs WHERE sha256 = $1"},
      {"keep_refused",
       "INSERT INTO refused_mail (received_at, reason, message_id, sender, raw, intake_key) "
       "VALUES ($1, $2, $3, $4, $5, $6) "
       "ON CONFLICT (intake_key) WHERE intake_key <> '' DO NOTHING RETURNING id"},
      {"refused_by_key", "SELECT id FROM refused_mail WHERE intake_key = $1"},
      {"list_refused",
       "SELECT id, received_at, reason, message_id, sender, octet_length(raw) FROM refused_mail "
       "ORDER BY id DESC LIMIT $1"},
      {"get_refused",
       "SELECT id, received_at, reason, message_id, sender, raw FROM refused_mail WHERE id = $1"},
      {"put_setting",
       "INSERT INTO settings (key, value) VALUES ($1, $2) "
       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
      {"get_setting", "SELECT value FROM settings WHERE key = $1"},
      {"hold_lease",
       "INSERT INTO leases (name, holder, until) VALUES ($1, $2, $4) "
       "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until "
       "WHERE leases.holder = excluded.holder OR leases.until < $3 RETURNING holder"},
      // SKIP LOCKED: nodes claiming at once take different rows, none waits for another.
      {"claim_deadlines",
       "UPDATE deadlines d SET owner = $1, owner_until = GREATEST(d.due, $2) + $3 "
       "FROM (SELECT ticket_id, clock FROM deadlines WHERE claimable_at <= $4 "
       "ORDER BY claimable_at LIMIT $5 FOR UPDATE SKIP LOCKED) c "
       "WHERE d.ticket_id = c.ticket_id AND d.clock = c.clock "
       "RETURNING d.ticket_id, d.clock, d.due"},
      {"renew_outbox_lease",
       "UPDATE outbox SET next_attempt_at = $3 WHERE id = $1 AND next_attempt_at = $2 "
       "AND delivered_at IS NULL AND dead_at IS NULL RETURNING id"},
      {"release_deadlines", "UPDATE deadlines SET owner = '', owner_until = 0 WHERE owner = $1"},
      // The claimed rows' next attempt moves to the lease's end: no other dispatcher takes them
      // before it, and a delivery recorded meanwhile replaces it.
      {"claim_outbox",
       "UPDATE outbox o SET next_attempt_at = $1::BIGINT + $2::BIGINT "
       "FROM (SELECT id FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL "
       "AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) c "
       "WHERE o.id = c.id RETURNING o.id, o.ticket_id, o.kind, o.recipient, o.template, "
       "o.subject, o.body, o.created_at, o.attempts, o.last_error, o.dead_at"},
  };
  return statements;
}

using sql::kSummaryColumns;

service::TicketSummary ReadSummary(const pqxx::row& row) { return sql::ReadSummary(PgRow(row)); }

std::vector<service::OutboxItem> ReadOutboxRows(const pqxx::result& rows) {
  std::vector<service::OutboxItem> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(sql::ReadOutboxItem(PgRow(row)));
  return out;
}

service::ApiToken ReadApiTokenRow(const pqxx::row& row) { return sql::ReadApiToken(PgRow(row)); }

std::optional<service::Client> ClientRow(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return sql::ReadClient(PgRow(rows[0]));
}

Event ReadEvent(TicketId ticket, const pqxx::row& row, int first) {
  return Event{ticket,
               FromEpochSeconds(Int(row[first])),
               Text(row[first + 1]),
               Text(row[first + 2]),
               Text(row[first + 3]),
               json::FieldsFromJson(json::Json::parse(Text(row[first + 4])))};
}

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

// One connection and how statements run on it.
struct PostgresStore::Connection {
  Connection(const std::string& uri, PostgresOptions o) : conn(uri), options(o) {
    // libpqxx prepares each on the server at its first use, and again after a reconnection.
    if (options.prepared_statements)
      for (const auto& [name, sql] : Statements()) conn.prepare(name, sql);
  }

  // Runs the statement named `name` (one of Statements()) with `params`.
  template <class... Params>
  pqxx::result Run(pqxx::transaction_base& tx, const std::string& name, Params&&... params) {
    if (options.prepared_statements) return tx.exec_prepared(name, std::forward<Params>(params)...);
    return tx.exec_params(Statements().at(name), std::forward<Params>(params)...);
  }

  // Runs a queue query (its SQL built per filter shape), prepared once per shape.
  pqxx::result RunQueueQuery(pqxx::transaction_base& tx, const std::string& sql,
                             const std::vector<std::string>& params) {
    auto dynamic = pqxx::prepare::make_dynamic_params(params);
    if (!options.prepared_statements) return tx.exec_params(sql, dynamic);
    auto [it, added] =
        queue_queries.try_emplace(sql, "queue_" + std::to_string(queue_queries.size()));
    if (added) conn.prepare(it->second, sql);
    return tx.exec_prepared(it->second, dynamic);
  }

  // Inserts and updates the batch's ticket rows (throws ConcurrentChange), assets and keys.
  void WriteTickets(pqxx::transaction_base& tx, std::span<const CommitRecord> records,
                    const std::map<TicketId, TicketChange>& changes);

  pqxx::connection conn;
  PostgresOptions options;
  // Queue queries prepared on this connection, by their SQL: the name each was prepared under.
  std::map<std::string, std::string> queue_queries;
};

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri,
                                                           PostgresOptions options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore());
  try {
    store->db_ = std::make_unique<Connection>(uri, options);
  } catch (const std::exception& e) {
    // libpq's message names the host and port, never the password.
    return Fail(ErrorCode::kUnavailable, std::string("cannot connect to PostgreSQL: ") + e.what());
  }
  if (auto s = store->Migrate(); !s) return tl::unexpected(s.error());
  return store;
}

Status PostgresStore::Migrate() {
  return PgGuarded("migrating the database", [&]() -> Status {
    pqxx::work tx(db_->conn);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const int current =
        tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
    const auto& migrations = PostgresMigrations();
    if (current > int(migrations.size()))
      return Fail(ErrorCode::kFailedPrecondition, "the database has schema version " +
                                                      std::to_string(current) +
                                                      ", newer than this tierdesk knows (" +
                                                      std::to_string(migrations.size()) + ")");
    for (int v = current; v < int(migrations.size()); ++v) {
      tx.exec(migrations[v]);
      tx.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)", v + 1);
    }
    tx.commit();
    return Ok();
  });
}

Result<int> PostgresStore::SchemaVersion() {
  return PgGuarded("reading the schema version", [&]() -> Result<int> {
    pqxx::nontransaction tx(db_->conn);
    return tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
  });
}

Result<Ticket> PostgresStore::Load(TicketId id) {
  auto found = LoadMany(std::span<const TicketId>(&id, 1));
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return Fail(ErrorCode::kNotFound, "no ticket " + TicketRef(id), "ticket");
  return std::move(found->front());
}

Result<std::vector<Ticket>> PostgresStore::LoadMany(std::span<const TicketId> ids) {
  return PgGuarded("loading tickets", [&]() -> Result<std::vector<Ticket>> {
    std::vector<Ticket> out;
    if (ids.empty()) return out;
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "load_tickets", IdArray(ids));
    out.reserve(rows.size());
    for (const auto& row : rows) {
      try {
        auto ticket = json::TicketFromJson(json::Json::parse(Text(row[1])));
        if (!ticket)
          return Fail(ErrorCode::kInternal, "stored ticket " + TicketRef(Int(row[0])) +
                                                " is corrupt: " + ticket.error().message);
        out.push_back(std::move(*ticket));
      } catch (const nlohmann::json::exception& e) {
        return Fail(ErrorCode::kInternal,
                    "stored ticket " + TicketRef(Int(row[0])) + " is corrupt: " + e.what());
      }
    }
    return out;
  });
}

Result<TicketId> PostgresStore::MaxTicketId() {
  return PgGuarded("reading ticket ids", [&]() -> Result<TicketId> {
    pqxx::nontransaction tx(db_->conn);
    return TicketId(Int(db_->Run(tx, "max_ticket_id")[0][0]));
  });
}

Result<std::vector<TicketId>> PostgresStore::ReserveTicketIds(int count) {
  return PgGuarded("reserving ticket ids", [&]() -> Result<std::vector<TicketId>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<TicketId> ids;
    for (const auto& row : db_->Run(tx, "reserve_ticket_ids", count)) ids.push_back(Int(row[0]));
    std::sort(ids.begin(), ids.end());
    return ids;
  });
}

void PostgresStore::Connection::WriteTickets(pqxx::transaction_base& tx,
                                             std::span<const CommitRecord> records,
                                             const std::map<TicketId, TicketChange>& changes) {
  // The columns both statements write, in insert_tickets' order from tier on.
  struct Columns {
    ArrayColumn version, tier, stage, priority, updated_at, assignee, title, open, paged_to,
        consulting, state;
    void Add(const Ticket& t) {
      version.AddInt(t.version);
      tier.AddText(t.tier);
      stage.AddText(StageName(t.stage));
      priority.AddInt(int(t.priority));
      updated_at.AddInt(EpochSeconds(t.updated_at));
      assignee.AddText(t.assignee);
      title.AddText(t.registration.title);
      open.AddBool(t.stage != Stage::kClosed);
      paged_to.AddText(service::PagedTo(t));
      consulting.AddText(service::ConsultingTeams(t));
      state.AddText(json::EncodeTicketState(t));
    }
  };
  Columns created, updated;
  ArrayColumn created_id, received_at, client_id, expected;
  ArrayColumn asset_ticket, asset, asset_client, asset_received;
  std::vector<int64_t> updated_ids;
  for (const auto& [id, change] : changes) {
    const Ticket& t = change.last->ticket;
    if (change.first->expected_version == 0) {
      created_id.AddInt(id);
      created.Add(t);
      received_at.AddInt(EpochSeconds(t.received_at));
      client_id.AddText(t.registration.client_id);
    } else {
      updated_ids.push_back(id);
      expected.AddInt(change.first->expected_version);
      updated.Add(t);
    }
    if (change.assets)
      for (const auto& [kind, name] : t.registration.assets) {
        asset_ticket.AddInt(id);
        asset.AddText(kind + ":" + name);
        asset_client.AddText(t.registration.client_id);
        asset_received.AddInt(EpochSeconds(t.received_at));
      }
  }
  if (!updated_ids.empty()) {
    const std::string ids = IdArray(updated_ids);
    if (updated_ids.size() > 1) Run(tx, "lock_tickets", ids);
    const auto rows =
        Run(tx, "update_tickets", ids, expected.Literal(), updated.version.Literal(),
            updated.tier.Literal(), updated.stage.Literal(), updated.priority.Literal(),
            updated.updated_at.Literal(), updated.assignee.Literal(), updated.title.Literal(),
            updated.open.Literal(), updated.paged_to.Literal(), updated.consulting.Literal(),
            updated.state.Literal());
    if (rows.size() != updated_ids.size()) {
      std::vector<int64_t> moved = updated_ids;
      for (const auto& row : rows) std::erase(moved, Int(row[0]));
      throw ConcurrentChange{TicketRef(moved.empty() ? 0 : moved.front()) +
                             " changed concurrently (not at the version it was decided on)"};
    }
  }
  if (created_id.size() > 0)
    Run(tx, "insert_tickets", created_id.Literal(), created.version.Literal(),
        created.tier.Literal(), created.stage.Literal(), created.priority.Literal(),
        received_at.Literal(), created.updated_at.Literal(), client_id.Literal(),
        created.assignee.Literal(), created.title.Literal(), created.open.Literal(),
        created.paged_to.Literal(), created.consulting.Literal(), created.state.Literal());
  if (asset.size() > 0)
    Run(tx, "insert_assets", asset_ticket.Literal(), asset.Literal(), asset_client.Literal(),
        asset_received.Literal());
  std::vector<service::TicketText> texts;
  for (const auto& [id, change] : changes)
    if (change.text) texts.push_back(service::TicketTextOf(change.last->ticket));
  pg_tickets::PutTexts(tx, texts);
  ArrayColumn file, file_ticket;
  for (const CommitRecord& r : records)
    for (const std::string& sha : r.files_added) {
      file.AddText(sha);
      file_ticket.AddInt(r.ticket.id);
    }
  if (file.size() > 0) Run(tx, "insert_files", file.Literal(), file_ticket.Literal());
  // The known fixes a resolution, a failed QC or a reopening changed: the latest change of each
  // ticket in the batch stands.
  std::map<core::TicketId, core::ArticleId> fixes;
  for (const CommitRecord& r : records)
    if (const auto change = service::KnownFixChangeOf(r); change.changed)
      fixes[r.ticket.id] = change.article;
  if (!fixes.empty()) {
    ArrayColumn cleared, fixed, fix;
    for (const auto& [ticket, article] : fixes) {
      cleared.AddInt(ticket);
      if (article == 0) continue;
      fixed.AddInt(ticket);
      fix.AddInt(article);
    }
    Run(tx, "clear_known_fixes", cleared.Literal());
    if (fixed.size() > 0) Run(tx, "set_known_fixes", fixed.Literal(), fix.Literal());
  }
  // In key order: two nodes inserting the same keys (a retried request on each) take their
  // index entries in the same order and cannot deadlock on them.
  std::vector<const CommitRecord*> keyed;
  for (const CommitRecord& r : records)
    if (!r.idempotency_key.empty()) keyed.push_back(&r);
  if (keyed.empty()) return;
  std::sort(keyed.begin(), keyed.end(),
            [](const auto* a, const auto* b) { return a->idempotency_key < b->idempotency_key; });
  ArrayColumn key, key_ticket, key_version, key_command, key_at, key_fingerprint;
  for (const CommitRecord* r : keyed) {
    key.AddText(r->idempotency_key);
    key_ticket.AddInt(r->ticket.id);
    key_version.AddInt(r->ticket.version);
    key_command.AddText(r->command_name);
    key_at.AddInt(EpochSeconds(r->at));
    key_fingerprint.AddText(r->idempotency_fingerprint);
  }
  Run(tx, "insert_keys", key.Literal(), key_ticket.Literal(), key_version.Literal(),
      key_command.Literal(), key_at.Literal(), key_fingerprint.Literal());
}

Status PostgresStore::Commit(std::span<const CommitRecord> records) {
  if (records.empty()) return Ok();
  try {
    pqxx::work tx(db_->conn);
    // Ticket rows first, each locked until the commit; then their children, in bulk: the
    // running deadlines replaced, the outbox rows, the events.
    const auto changes = ChangesByTicket(records);
    db_->WriteTickets(tx, records, changes);
    std::vector<int64_t> ids;
    for (const auto& [id, change] : changes) ids.push_back(id);
    db_->Run(tx, "delete_deadlines", IdArray(ids));
    {
      // A ticket's deadlines are those of its last state in the batch.
      bool any = false;
      for (const auto& [id, change] : changes)
        any = any || !service::DeadlinesOf(change.last->ticket).empty();
      if (any) {
        // Held by this node (when it is one of several): it fires what it arms.
        const std::string& node = db_->options.node;
        const int64_t hold = db_->options.deadline_hold.count();
        pqxx::stream_to copy(
            tx, "deadlines",
            std::vector<std::string>{"ticket_id", "clock", "due", "owner", "owner_until"});
        // A deadline already due is held from the commit on, not from its due time.
        for (const auto& [id, change] : changes)
          for (const Deadline& d : service::DeadlinesOf(change.last->ticket))
            copy << std::make_tuple(
                int64_t(d.ticket), d.clock, EpochSeconds(d.due), node,
                node.empty() ? int64_t(0)
                             : std::max(EpochSeconds(d.due), EpochSeconds(change.last->at)) + hold);
        copy.complete();
      }
    }
    size_t effects = 0, events = 0;
    for (const CommitRecord& r : records) {
      effects += r.effects.size();
      events += r.events.size();
    }
    if (effects > 0) {
      pqxx::stream_to copy(
          tx, "outbox",
          std::vector<std::string>{"ticket_id", "kind", "recipient", "template", "subject", "body",
                                   "created_at", "next_attempt_at"});
      for (const CommitRecord& r : records)
        for (const Effect& e : r.effects)
          copy << std::make_tuple(int64_t(e.ticket), std::string(EffectKindName(e.kind)), e.to,
                                  e.template_name, e.subject, e.body, EpochSeconds(r.at),
                                  EpochSeconds(r.at));
      copy.complete();
    }
    if (events > 0) {
      const int64_t last_seq = Int(db_->Run(tx, "advance_log", int64_t(events))[0][0]);
      int64_t seq = last_seq - int64_t(events);
      pqxx::stream_to copy(tx, "events",
                           std::vector<std::string>{"seq", "ticket_id", "at", "type", "actor",
                                                    "recipient", "fields"});
      for (const CommitRecord& r : records)
        for (const Event& e : r.events)
          copy << std::make_tuple(++seq, int64_t(e.ticket), EpochSeconds(e.at), e.type, e.actor,
                                  e.to, json::EncodeFields(e.fields));
      copy.complete();
    }
    tx.commit();
    return Ok();
  } catch (const ConcurrentChange& c) {
    return Fail(ErrorCode::kFailedPrecondition, c.message);
  } catch (const std::exception& e) {
    // Another node's commit of the same new ticket or idempotency key, or a deadlock or
    // serialization failure between two nodes' commits: a concurrent writer, decided again.
    if (const std::string state = SqlState(e);
        state == "23505" || state == "40P01" || state == "40001")
      return Fail(ErrorCode::kFailedPrecondition,
                  std::string("committing: a concurrent writer: ") + e.what());
    return tl::unexpected(FromPostgres(e, "committing"));
  }
}

Result<std::optional<service::IdempotentResult>> PostgresStore::FindIdempotencyKey(
    const std::string& key) {
  using Found = std::optional<service::IdempotentResult>;
  return PgGuarded("looking up an idempotency key", [&]() -> Result<Found> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "find_key", key);
    if (rows.empty()) return Found();
    return Found(service::IdempotentResult{Int(rows[0][0]), Int(rows[0][1]), Text(rows[0][2]),
                                           Text(rows[0][3])});
  });
}

Result<std::vector<Deadline>> PostgresStore::LoadDeadlines() {
  return PgGuarded("loading deadlines", [&]() -> Result<std::vector<Deadline>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<Deadline> out;
    for (const auto& row : db_->Run(tx, "load_deadlines"))
      out.push_back({Int(row[0]), Text(row[1]), FromEpochSeconds(Int(row[2]))});
    return out;
  });
}

Result<int> PostgresStore::CountOtherClientsOnAsset(const std::string& asset,
                                                    const std::string& except_client,
                                                    Timestamp since) {
  return PgGuarded("counting clients on " + asset, [&]() -> Result<int> {
    pqxx::nontransaction tx(db_->conn);
    return db_->Run(tx, "count_clients_on_asset", asset, EpochSeconds(since), except_client)[0][0]
        .as<int>();
  });
}

Result<std::vector<TicketId>> PostgresStore::TicketsOnAsset(const std::string& asset,
                                                            Timestamp since, int limit) {
  return PgGuarded("finding tickets on " + asset, [&]() -> Result<std::vector<TicketId>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<TicketId> ids;
    for (const auto& row : db_->Run(tx, "tickets_on_asset", asset, EpochSeconds(since), limit))
      ids.push_back(row[0].as<int64_t>());
    return ids;
  });
}

Result<std::vector<Event>> PostgresStore::Events(TicketId id) {
  return PgGuarded("loading events", [&]() -> Result<std::vector<Event>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<Event> out;
    for (const auto& row : db_->Run(tx, "load_events", int64_t(id)))
      out.push_back(ReadEvent(id, row, 0));
    return out;
  });
}

Result<std::vector<service::SequencedEvent>> PostgresStore::EventsSince(int64_t after_seq,
                                                                        int limit) {
  return PgGuarded("reading the event log", [&]() -> Result<std::vector<service::SequencedEvent>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<service::SequencedEvent> out;
    for (const auto& row : db_->Run(tx, "events_since", after_seq, std::max(limit, 0)))
      out.push_back({Int(row[0]), ReadEvent(Int(row[1]), row, 2), Text(row[7])});
    return out;
  });
}

Result<std::vector<service::SequencedEvent>> PostgresStore::TicketEventsBefore(TicketId id,
                                                                               int64_t before_seq,
                                                                               int limit) {
  return PgGuarded(
      "loading a page of events", [&]() -> Result<std::vector<service::SequencedEvent>> {
        pqxx::nontransaction tx(db_->conn);
        std::vector<service::SequencedEvent> out;
        for (const auto& row :
             db_->Run(tx, "ticket_events_before", int64_t(id), before_seq, std::max(limit, 0)))
          out.push_back({Int(row[0]), ReadEvent(id, row, 1), ""});
        return out;
      });
}

Result<int64_t> PostgresStore::LastEventSeq() {
  return PgGuarded("reading the event log", [&]() -> Result<int64_t> {
    pqxx::nontransaction tx(db_->conn);
    return Int(db_->Run(tx, "last_event_seq")[0][0]);
  });
}

namespace {

// The queue query for `f` (store/sql) selecting `columns`, with its parameters as text in
// `params`.
std::string QueueSql(const service::TicketFilter& f, const char* columns,
                     std::vector<std::string>& params) {
  sql::Query query = sql::QueueQuery(f, columns, sql::Dialect::kPostgres);
  for (const sql::Param& p : query.params) params.push_back(sql::ParamText(p));
  return std::move(query.sql);
}

}  // namespace

Result<std::vector<Ticket>> PostgresStore::ListTickets(const service::TicketFilter& f) {
  return PgGuarded("listing tickets", [&]() -> Result<std::vector<Ticket>> {
    std::vector<std::string> params;
    const std::string sql = QueueSql(f, "state", params);
    pqxx::nontransaction tx(db_->conn);
    std::vector<Ticket> out;
    for (const auto& row : db_->RunQueueQuery(tx, sql, params)) {
      auto t = json::TicketFromJson(json::Json::parse(Text(row[0])));
      if (!t) return tl::unexpected(t.error());
      out.push_back(std::move(*t));
    }
    return out;
  });
}

Result<std::vector<service::TicketSummary>> PostgresStore::ListTicketSummaries(
    const service::TicketFilter& f) {
  return PgGuarded("listing tickets", [&]() -> Result<std::vector<service::TicketSummary>> {
    std::vector<std::string> params;
    const std::string sql = QueueSql(f, kSummaryColumns, params);
    pqxx::nontransaction tx(db_->conn);
    std::vector<service::TicketSummary> out;
    for (const auto& row : db_->RunQueueQuery(tx, sql, params)) out.push_back(ReadSummary(row));
    return out;
  });
}

Result<std::vector<service::DueTicket>> PostgresStore::ListBreachingSoon(Timestamp until,
                                                                         int limit) {
  return PgGuarded("listing deadlines", [&]() -> Result<std::vector<service::DueTicket>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<service::DueTicket> out;
    for (const auto& row : db_->Run(tx, "breaching_soon", EpochSeconds(until), std::max(limit, 0)))
      out.push_back({ReadSummary(row), Text(row[11]), FromEpochSeconds(Int(row[12]))});
    return out;
  });
}

Status PostgresStore::IndexTicketTexts(std::span<const service::TicketText> texts) {
  return PgGuarded("indexing tickets' text", [&]() -> Status {
    pqxx::work tx(db_->conn);
    pg_tickets::PutTexts(tx, texts);
    tx.commit();
    return Ok();
  });
}

Result<std::vector<service::TicketHit>> PostgresStore::SearchTickets(
    const service::TicketQuery& q) {
  return pg_tickets::Search(db_->conn, q);
}

Result<std::map<std::string, int64_t>> PostgresStore::CountOpenTicketsByTier() {
  return PgGuarded("counting open tickets", [&]() -> Result<std::map<std::string, int64_t>> {
    pqxx::nontransaction tx(db_->conn);
    std::map<std::string, int64_t> out;
    for (const auto& row : db_->Run(tx, "count_open_by_tier")) out[Text(row[0])] = Int(row[1]);
    return out;
  });
}

Result<std::vector<service::OutboxItem>> PostgresStore::PendingOutbox(Timestamp now, int limit) {
  return PgGuarded("reading the outbox", [&]() -> Result<std::vector<service::OutboxItem>> {
    pqxx::nontransaction tx(db_->conn);
    return ReadOutboxRows(db_->Run(tx, "pending_outbox", EpochSeconds(now), std::max(limit, 0)));
  });
}

Result<std::vector<service::OutboxItem>> PostgresStore::ClaimOutbox(Timestamp now, Seconds lease,
                                                                    int limit) {
  return PgGuarded("claiming outbox rows", [&]() -> Result<std::vector<service::OutboxItem>> {
    pqxx::nontransaction tx(db_->conn);
    auto items = ReadOutboxRows(
        db_->Run(tx, "claim_outbox", EpochSeconds(now), lease.count(), std::max(limit, 0)));
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return items;
  });
}

Result<bool> PostgresStore::RenewOutboxLease(int64_t outbox_id, Timestamp held_until,
                                             Timestamp until) {
  return PgGuarded("renewing an outbox lease", [&]() -> Result<bool> {
    pqxx::nontransaction tx(db_->conn);
    return !db_->Run(tx, "renew_outbox_lease", outbox_id, EpochSeconds(held_until),
                     EpochSeconds(until))
                .empty();
  });
}

Status PostgresStore::MarkDelivered(int64_t outbox_id, Timestamp at) {
  return PgGuarded("marking a delivery", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    if (db_->Run(tx, "mark_delivered", EpochSeconds(at), outbox_id).affected_rows() == 0)
      return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
    return Ok();
  });
}

Status PostgresStore::MarkAttemptFailed(int64_t outbox_id, Timestamp at, const std::string& error,
                                        std::optional<Timestamp> retry_at) {
  return PgGuarded("recording a failed delivery", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    const auto retry = SecsOrNone(retry_at);
    const auto dead = retry_at ? std::nullopt : SecsOrNone(at);
    if (db_->Run(tx, "mark_failed", error, OrNull(retry), OrNull(dead), outbox_id)
            .affected_rows() == 0)
      return Fail(ErrorCode::kNotFound, "no outbox row " + std::to_string(outbox_id));
    return Ok();
  });
}

Result<std::vector<service::OutboxItem>> PostgresStore::DeadLetters(int limit) {
  return PgGuarded("reading dead letters", [&]() -> Result<std::vector<service::OutboxItem>> {
    pqxx::nontransaction tx(db_->conn);
    return ReadOutboxRows(db_->Run(tx, "dead_letters", std::max(limit, 0)));
  });
}

Result<int64_t> PostgresStore::OutboxBacklog() {
  return PgGuarded("counting the outbox", [&]() -> Result<int64_t> {
    pqxx::nontransaction tx(db_->conn);
    return Int(db_->Run(tx, "outbox_backlog")[0][0]);
  });
}

Status PostgresStore::PutApiToken(const service::ApiToken& token) {
  return PgGuarded("storing a token", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    if (db_->Run(tx, "insert_token", token.id, token.hash, token.actor, token.label,
                 EpochSeconds(token.created_at), token.read_only)
            .affected_rows() == 0)
      return Fail(ErrorCode::kAlreadyExists, "token id " + token.id + " exists");
    return Ok();
  });
}

Result<std::optional<service::ApiToken>> PostgresStore::FindApiToken(const std::string& hash) {
  using Found = std::optional<service::ApiToken>;
  return PgGuarded("looking up a token", [&]() -> Result<Found> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "find_token", hash);
    if (rows.empty()) return Found();
    return Found(ReadApiTokenRow(rows[0]));
  });
}

Result<bool> PostgresStore::RevokeApiToken(const std::string& id, Timestamp at) {
  return PgGuarded("revoking a token", [&]() -> Result<bool> {
    pqxx::nontransaction tx(db_->conn);
    return db_->Run(tx, "revoke_token", EpochSeconds(at), id).affected_rows() > 0;
  });
}

Result<std::vector<service::ApiToken>> PostgresStore::ListApiTokens(
    const std::optional<std::string>& actor) {
  return PgGuarded("listing tokens", [&]() -> Result<std::vector<service::ApiToken>> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = actor ? db_->Run(tx, "list_tokens_of", *actor) : db_->Run(tx, "list_tokens");
    std::vector<service::ApiToken> out;
    for (const auto& row : rows) out.push_back(ReadApiTokenRow(row));
    return out;
  });
}

Status PostgresStore::PutAccount(const service::Account& account) {
  return PgGuarded("storing an account", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "put_account", account.login, account.password_hash,
             EpochSeconds(account.updated_at));
    return Ok();
  });
}

Result<std::optional<service::Account>> PostgresStore::FindAccount(const std::string& login) {
  using Found = std::optional<service::Account>;
  return PgGuarded("reading an account", [&]() -> Result<Found> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "find_account", login);
    if (rows.empty()) return Found();
    return Found(
        service::Account{Text(rows[0][0]), Text(rows[0][1]), FromEpochSeconds(Int(rows[0][2]))});
  });
}

Status PostgresStore::PutSession(const service::Session& session) {
  return PgGuarded("storing a session", [&]() -> Status {
    pqxx::work tx(db_->conn);
    // Expired sessions go when new ones come: the table holds only live ones for long.
    db_->Run(tx, "purge_sessions", EpochSeconds(session.created_at));
    db_->Run(tx, "insert_session", session.hash, session.actor, session.csrf_token,
             EpochSeconds(session.created_at), EpochSeconds(session.expires_at));
    tx.commit();
    return Ok();
  });
}

Result<std::optional<service::Session>> PostgresStore::FindSession(const std::string& hash,
                                                                   Timestamp now) {
  using Found = std::optional<service::Session>;
  return PgGuarded("reading a session", [&]() -> Result<Found> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "find_session", hash, EpochSeconds(now));
    if (rows.empty()) return Found();
    const auto& row = rows[0];
    return Found(service::Session{Text(row[0]), Text(row[1]), Text(row[2]),
                                  FromEpochSeconds(Int(row[3])), FromEpochSeconds(Int(row[4]))});
  });
}

Status PostgresStore::DeleteSession(const std::string& hash) {
  return PgGuarded("deleting a session", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "delete_session", hash);
    return Ok();
  });
}

Result<int64_t> PostgresStore::DeleteSessionsOf(const std::string& actor) {
  return PgGuarded("ending a login's sessions", [&]() -> Result<int64_t> {
    pqxx::nontransaction tx(db_->conn);
    return int64_t(db_->Run(tx, "delete_sessions_of", actor).affected_rows());
  });
}

Result<std::vector<service::LoginFailures>> PostgresStore::FindLoginFailures(
    std::span<const std::string> keys) {
  return PgGuarded("reading login failures", [&]() -> Result<std::vector<service::LoginFailures>> {
    ArrayColumn list;
    for (const std::string& key : keys) list.AddText(key);
    pqxx::nontransaction tx(db_->conn);
    std::vector<service::LoginFailures> out;
    for (const auto& row : db_->Run(tx, "find_login_failures", list.Literal()))
      out.push_back({Text(row[0]), Int(row[1]), FromEpochSeconds(Int(row[2]))});
    return out;
  });
}

Status PostgresStore::AddLoginFailure(std::span<const std::string> keys, Timestamp at) {
  return PgGuarded("counting a login failure", [&]() -> Status {
    ArrayColumn list;
    for (const std::string& key : keys) list.AddText(key);
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "add_login_failure", list.Literal(), EpochSeconds(at));
    return Ok();
  });
}

Status PostgresStore::ClearLoginFailures(std::span<const std::string> keys) {
  return PgGuarded("clearing login failures", [&]() -> Status {
    ArrayColumn list;
    for (const std::string& key : keys) list.AddText(key);
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "clear_login_failures", list.Literal());
    return Ok();
  });
}

Status PostgresStore::ForgetLoginFailures(Timestamp before) {
  return PgGuarded("forgetting old login failures", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "forget_login_failures", EpochSeconds(before));
    return Ok();
  });
}

Status PostgresStore::PutClient(const service::Client& client) {
  return WriteClient(client, /*replace=*/true);
}

Status PostgresStore::AddClient(const service::Client& client) {
  return WriteClient(client, /*replace=*/false);
}

Status PostgresStore::WriteClient(const service::Client& client, bool replace) {
  auto taken = [&](pqxx::transaction_base& tx) -> std::optional<std::string> {
    if (client.email.empty()) return std::nullopt;
    const auto owner = db_->Run(tx, "email_owner", client.email, client.id);
    if (owner.empty()) return std::nullopt;
    return Text(owner[0][0]);
  };
  auto refuse = [&](const std::string& owner) -> Status {
    return Fail(ErrorCode::kAlreadyExists,
                "the address " + client.email + " belongs to client " + owner, "email");
  };
  return PgGuarded("storing a client", [&]() -> Status {
    try {
      pqxx::work tx(db_->conn);
      if (auto owner = taken(tx)) return refuse(*owner);
      const std::optional<std::string> email =
          client.email.empty() ? std::nullopt : std::optional(client.email);
      const auto written =
          db_->Run(tx, replace ? "put_client" : "add_client", client.id, client.name, OrNull(email),
                   client.organisation, client.phone, service::PhoneDigits(client.phone));
      if (written.affected_rows() == 0)
        return Fail(ErrorCode::kAlreadyExists, "there is already a client " + client.id, "id");
      tx.commit();
      return Ok();
    } catch (const pqxx::unique_violation&) {
      // Another node gave the address to another client between the check and the write.
      pqxx::nontransaction tx(db_->conn);
      if (auto owner = taken(tx)) return refuse(*owner);
      throw;
    }
  });
}

Result<std::optional<service::Client>> PostgresStore::FindClient(const std::string& id) {
  return PgGuarded("reading a client", [&]() -> Result<std::optional<service::Client>> {
    pqxx::nontransaction tx(db_->conn);
    return ClientRow(db_->Run(tx, "find_client", id));
  });
}

Result<std::optional<service::Client>> PostgresStore::FindClientByEmail(const std::string& email) {
  return PgGuarded("reading a client", [&]() -> Result<std::optional<service::Client>> {
    pqxx::nontransaction tx(db_->conn);
    return ClientRow(db_->Run(tx, "find_client_by_email", email));
  });
}

Result<std::vector<service::Client>> PostgresStore::SearchClients(const std::string& words,
                                                                  int limit) {
  return PgGuarded("searching clients", [&]() -> Result<std::vector<service::Client>> {
    const auto search = service::ClientSearch::Of(words);
    std::vector<service::Client> found;
    if (search.lower.empty() || limit <= 0) return found;
    pqxx::nontransaction tx(db_->conn);
    for (const auto& row :
         db_->Run(tx, "search_clients", search.IdPattern(), search.ContainsPattern(),
                  search.DigitsPattern(), search.lower, limit))
      found.push_back(sql::ReadClient(PgRow(row)));
    return found;
  });
}

Status PostgresStore::PutBlob(const std::string& sha256, const std::string& data) {
  return PgGuarded("storing a file", [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "put_blob", sha256, pqxx::binarystring(data.data(), data.size()));
    return Ok();
  });
}

Status PostgresStore::PutUpload(const std::string& uploader, const std::string& sha256,
                                const std::string& data, Timestamp at) {
  // The upload first, then the bytes, in one transaction: a sweep removing the file of an
  // older, expired upload either ran before (the bytes are stored again) or waits for it.
  return PgGuarded("storing an uploaded file", [&]() -> Status {
    pqxx::work tx(db_->conn);
    db_->Run(tx, "put_upload", uploader, sha256, int64_t(data.size()), EpochSeconds(at));
    db_->Run(tx, "put_blob", sha256, pqxx::binarystring(data.data(), data.size()));
    tx.commit();
    return Ok();
  });
}

Result<service::UploadUsage> PostgresStore::UploadsSince(const std::string& uploader,
                                                         Timestamp since) {
  return PgGuarded("counting uploads", [&]() -> Result<service::UploadUsage> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "uploads_since", uploader, EpochSeconds(since));
    return service::UploadUsage{Int(rows[0][0]), Int(rows[0][1])};
  });
}

Result<bool> PostgresStore::HasUpload(const std::string& uploader, const std::string& sha256,
                                      Timestamp since) {
  return PgGuarded("finding an upload", [&]() -> Result<bool> {
    pqxx::nontransaction tx(db_->conn);
    return !db_->Run(tx, "has_upload", uploader, sha256, EpochSeconds(since)).empty();
  });
}

Result<int64_t> PostgresStore::RemoveUnusedUploads(Timestamp before) {
  return PgGuarded("removing unused uploads", [&]() -> Result<int64_t> {
    pqxx::work tx(db_->conn);
    const auto removed = db_->Run(tx, "remove_unused_files", EpochSeconds(before)).affected_rows();
    db_->Run(tx, "forget_uploads", EpochSeconds(before));
    tx.commit();
    return int64_t(removed);
  });
}

Result<std::optional<std::string>> PostgresStore::GetBlob(const std::string& sha256) {
  return PgGuarded("reading a file", [&]() -> Result<std::optional<std::string>> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "get_blob", sha256);
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(pqxx::binarystring(rows[0][0]).str());
  });
}

Result<std::optional<int64_t>> PostgresStore::BlobSize(const std::string& sha256) {
  return PgGuarded("reading a file's size", [&]() -> Result<std::optional<int64_t>> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "blob_size", sha256);
    if (rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(Int(rows[0][0]));
  });
}

Result<int64_t> PostgresStore::KeepRefusedMail(const service::RefusedMail& mail) {
  return PgGuarded("keeping a refused mail", [&]() -> Result<int64_t> {
    pqxx::nontransaction tx(db_->conn);
    const auto inserted =
        db_->Run(tx, "keep_refused", EpochSeconds(mail.received_at), mail.reason, mail.message_id,
                 mail.sender, pqxx::binarystring(mail.raw.data(), mail.raw.size()), mail.key);
    if (!inserted.empty()) return Int(inserted[0][0]);
    // Kept before under the same key (by this node or another).
    return Int(db_->Run(tx, "refused_by_key", mail.key).at(0)[0]);
  });
}

Result<std::vector<service::RefusedMail>> PostgresStore::ListRefusedMail(int limit) {
  return PgGuarded("listing refused mail", [&]() -> Result<std::vector<service::RefusedMail>> {
    pqxx::nontransaction tx(db_->conn);
    std::vector<service::RefusedMail> out;
    for (const auto& row : db_->Run(tx, "list_refused", std::max(limit, 0)))
      out.push_back({Int(row[0]), FromEpochSeconds(Int(row[1])), Text(row[2]), Text(row[3]),
                     Text(row[4]), Int(row[5]), ""});
    return out;
  });
}

Result<std::optional<service::RefusedMail>> PostgresStore::GetRefusedMail(int64_t id) {
  using Found = std::optional<service::RefusedMail>;
  return PgGuarded("reading a refused mail", [&]() -> Result<Found> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "get_refused", id);
    if (rows.empty()) return Found();
    const auto& row = rows[0];
    std::string raw = pqxx::binarystring(row[5]).str();
    const auto size = int64_t(raw.size());
    return Found(service::RefusedMail{Int(row[0]), FromEpochSeconds(Int(row[1])), Text(row[2]),
                                      Text(row[3]), Text(row[4]), size, std::move(raw)});
  });
}

Status PostgresStore::PutSetting(const std::string& key, const std::string& value) {
  return PgGuarded("writing setting " + key, [&]() -> Status {
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "put_setting", key, value);
    return Ok();
  });
}

Result<std::optional<std::string>> PostgresStore::GetSetting(const std::string& key) {
  return PgGuarded("reading setting " + key, [&]() -> Result<std::optional<std::string>> {
    pqxx::nontransaction tx(db_->conn);
    const auto rows = db_->Run(tx, "get_setting", key);
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(Text(rows[0][0]));
  });
}

Result<bool> PostgresStore::HoldLease(const std::string& name, const std::string& holder,
                                      Timestamp now, Timestamp until) {
  return PgGuarded("holding the lease " + name, [&]() -> Result<bool> {
    pqxx::nontransaction tx(db_->conn);
    return !db_->Run(tx, "hold_lease", name, holder, EpochSeconds(now), EpochSeconds(until))
                .empty();
  });
}

Result<std::vector<Deadline>> PostgresStore::ClaimDeadlines(Timestamp now, Timestamp horizon,
                                                            int limit) {
  return PgGuarded("claiming deadlines", [&]() -> Result<std::vector<Deadline>> {
    if (db_->options.node.empty())
      return Fail(ErrorCode::kFailedPrecondition, "claiming deadlines needs a node name");
    pqxx::nontransaction tx(db_->conn);
    std::vector<Deadline> out;
    for (const auto& row :
         db_->Run(tx, "claim_deadlines", db_->options.node, EpochSeconds(now),
                  db_->options.deadline_hold.count(), EpochSeconds(horizon), std::max(limit, 0)))
      out.push_back({Int(row[0]), Text(row[1]), FromEpochSeconds(Int(row[2]))});
    std::sort(out.begin(), out.end(), [](const Deadline& a, const Deadline& b) {
      return std::tie(a.due, a.ticket) < std::tie(b.due, b.ticket);
    });
    return out;
  });
}

Status PostgresStore::ReleaseDeadlines() {
  return PgGuarded("releasing deadlines", [&]() -> Status {
    if (db_->options.node.empty()) return Ok();
    pqxx::nontransaction tx(db_->conn);
    db_->Run(tx, "release_deadlines", db_->options.node);
    return Ok();
  });
}

Result<core::ArticleId> PostgresStore::AddArticle(const service::StoredArticle& article) {
  return pg_articles::Add(db_->conn, article);
}
Status PostgresStore::UpdateArticle(const service::StoredArticle& article) {
  return pg_articles::Update(db_->conn, article);
}
Result<std::optional<core::Article>> PostgresStore::FindArticle(core::ArticleId id) {
  return pg_articles::Find(db_->conn, id);
}
Result<int64_t> PostgresStore::TicketsSolvedBy(core::ArticleId id) {
  return PgGuarded("counting an article's tickets", [&]() -> Result<int64_t> {
    pqxx::nontransaction tx(db_->conn);
    return tx.exec_params1("SELECT COUNT(*) FROM ticket_known_fixes WHERE article_id = $1", id)[0]
        .as<int64_t>();
  });
}
Result<std::vector<service::ArticleEntry>> PostgresStore::ListArticles(
    const service::ArticleFilter& f) {
  return pg_articles::List(db_->conn, f);
}
Result<std::vector<service::ArticleEntry>> PostgresStore::SearchArticles(
    const service::ArticleQuery& q) {
  return pg_articles::Search(db_->conn, q);
}

}  // namespace tierdesk::store
