#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "service/ports.h"

namespace tierdesk::store {

// Whether --db names a PostgreSQL database (postgresql://user@host/db, several nodes may share
// it) rather than a SQLite file (one node).
bool IsPostgresUrl(std::string_view db);

struct PostgresOptions {
  // Server-side prepared statements: parsed and planned once per connection. Off behind a
  // pooler in transaction mode (pgbouncer before 1.21), where a server session and the
  // statements prepared on it are not the same from one transaction to the next; each statement
  // is then sent with its parameters (unnamed, parsed every time).
  bool prepared_statements = true;
  // The node this connection works for, when several share the database: the deadlines its
  // commits arm are held by it until `deadline_hold` past their due time (then any node may
  // claim them), and its claims are made in this name. Empty: deadlines are armed unheld.
  std::string node;
  Seconds deadline_hold{10};
};

// service::Store on a PostgreSQL server: what lets several tierdesk nodes share one desk. One
// object is one connection, used by one thread at a time (as with SqliteStore, a server opens
// one per thread). Every write is one transaction; a commit is durable when Commit returns
// (the server's synchronous_commit decides how: on by default).
class PostgresStore final : public service::Store, public service::DeadlineClaims {
 public:
  // Connects to `uri` (a libpq connection URI, postgresql://user@host:port/db) and migrates
  // the schema. kUnavailable when the server cannot be reached.
  [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> Open(const std::string& uri,
                                                                   PostgresOptions options = {});
  ~PostgresStore() override;

  Result<core::Ticket> Load(core::TicketId id) override;
  Result<std::vector<core::Ticket>> LoadMany(std::span<const core::TicketId> ids) override;
  Result<core::TicketId> MaxTicketId() override;
  Result<std::vector<core::TicketId>> ReserveTicketIds(int count) override;
  Status Commit(std::span<const service::CommitRecord> records) override;
  Result<std::optional<service::IdempotentResult>> FindIdempotencyKey(
      const std::string& key) override;
  Result<std::vector<service::Deadline>> LoadDeadlines() override;
  Result<int> CountOtherClientsOnAsset(const std::string& asset, const std::string& except_client,
                                       Timestamp since) override;
  Result<std::vector<core::TicketId>> TicketsOnAsset(const std::string& asset, Timestamp since,
                                                     int limit) override;

  Result<std::vector<core::Event>> Events(core::TicketId id) override;
  Result<std::vector<service::SequencedEvent>> EventsSince(int64_t after_seq, int limit) override;
  Result<std::vector<service::SequencedEvent>> TicketEventsBefore(core::TicketId id,
                                                                  int64_t before_seq,
                                                                  int limit) override;
  Result<int64_t> LastEventSeq() override;

  Result<std::vector<core::Ticket>> ListTickets(const service::TicketFilter& f) override;
  Result<std::vector<service::TicketSummary>> ListTicketSummaries(
      const service::TicketFilter& f) override;
  Result<std::vector<service::DueTicket>> ListBreachingSoon(Timestamp until, int limit) override;
  Result<std::map<std::string, int64_t>> CountOpenTicketsByTier() override;
  Status IndexTicketTexts(std::span<const service::TicketText> texts) override;
  Result<std::vector<service::TicketHit>> SearchTickets(const service::TicketQuery& q) override;

  Result<std::vector<service::OutboxItem>> PendingOutbox(Timestamp now, int limit) override;
  Result<std::vector<service::OutboxItem>> ClaimOutbox(Timestamp now, Seconds lease,
                                                       int limit) override;
  Result<bool> RenewOutboxLease(int64_t outbox_id, Timestamp held_until, Timestamp until) override;
  Status MarkDelivered(int64_t outbox_id, Timestamp at) override;
  Status MarkAttemptFailed(int64_t outbox_id, Timestamp at, const std::string& error,
                           std::optional<Timestamp> retry_at) override;
  Result<std::vector<service::OutboxItem>> DeadLetters(int limit) override;
  Result<int64_t> OutboxBacklog() override;

  Status PutApiToken(const service::ApiToken& token) override;
  Result<std::optional<service::ApiToken>> FindApiToken(const std::string& hash) override;
  Result<bool> RevokeApiToken(const std::string& id, Timestamp at) override;
  Result<std::vector<service::ApiToken>> ListApiTokens(
      const std::optional<std::string>& actor) override;
  Status PutAccount(const service::Account& account) override;
  Result<std::optional<service::Account>> FindAccount(const std::string& login) override;
  Status PutSession(const service::Session& session) override;
  Result<std::optional<service::Session>> FindSession(const std::string& hash,
                                                      Timestamp now) override;
  Status DeleteSession(const std::string& hash) override;
  Result<int64_t> DeleteSessionsOf(const std::string& actor) override;
  Result<std::vector<service::LoginFailures>> FindLoginFailures(
      std::span<const std::string> keys) override;
  Status AddLoginFailure(std::span<const std::string> keys, Timestamp at) override;
  Status ClearLoginFailures(std::span<const std::string> keys) override;
  Status ForgetLoginFailures(Timestamp before) override;

  Status PutClient(const service::Client& client) override;
  Status AddClient(const service::Client& client) override;
  Result<std::vector<service::Client>> SearchClients(const std::string& words, int limit) override;
  Result<std::optional<service::Client>> FindClient(const std::string& id) override;
  Result<std::optional<service::Client>> FindClientByEmail(const std::string& email) override;

  Status PutUpload(const std::string& uploader, const std::string& sha256, const std::string& data,
                   Timestamp at) override;
  Result<service::UploadUsage> UploadsSince(const std::string& uploader, Timestamp since) override;
  Result<bool> HasUpload(const std::string& uploader, const std::string& sha256,
                         Timestamp since) override;
  Result<int64_t> RemoveUnusedUploads(Timestamp before) override;
  Status PutBlob(const std::string& sha256, const std::string& data) override;
  Result<std::optional<std::string>> GetBlob(const std::string& sha256) override;
  Result<std::optional<int64_t>> BlobSize(const std::string& sha256) override;

  Result<int64_t> KeepRefusedMail(const service::RefusedMail& mail) override;
  Result<std::vector<service::RefusedMail>> ListRefusedMail(int limit) override;
  Result<std::optional<service::RefusedMail>> GetRefusedMail(int64_t id) override;

  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Result<core::ArticleId> AddArticle(const service::StoredArticle& article) override;
  Status UpdateArticle(const service::StoredArticle& article) override;
  Result<std::optional<core::Article>> FindArticle(core::ArticleId id) override;
  Result<std::vector<service::ArticleEntry>> ListArticles(const service::ArticleFilter& f) override;
  Result<std::vector<service::ArticleEntry>> SearchArticles(
      const service::ArticleQuery& q) override;
  Result<int64_t> TicketsSolvedBy(core::ArticleId id) override;
  Result<bool> HoldLease(const std::string& name, const std::string& holder, Timestamp now,
                         Timestamp until) override;

  Result<std::vector<service::Deadline>> ClaimDeadlines(Timestamp now, Timestamp horizon,
                                                        int limit) override;
  Status ReleaseDeadlines() override;

  Result<int> SchemaVersion() override;
  service::DeadlineClaims* SharedDeadlines() override { return this; }

 private:
  PostgresStore() = default;
  Status Migrate();
  Status WriteClient(const service::Client& client, bool replace);

  // The connection, with the statements prepared on it (pqxx stays out of this header).
  struct Connection;
  std::unique_ptr<Connection> db_;
};

}  // namespace tierdesk::store
