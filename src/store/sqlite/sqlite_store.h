#pragma once

#include <map>
#include <memory>
#include <string>

#include "service/ports.h"
#include "store/sqlite/ticket_cache.h"
#include "store/sqlite/ticket_read_ahead.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace tierdesk::store {

struct SqliteOptions {
  // FULL: a commit is on disk when Commit returns (WAL + fsync of the log on every commit), so
  // a power cut loses nothing acknowledged. NORMAL trades the last commits for speed.
  bool synchronous_full = true;
  // WAL pages after which a commit folds the WAL back into the database itself (SQLite's
  // default is 1000). A server raises it on its writer and calls Checkpoint() from another
  // thread, so most copying and fsyncs of the database file happen off the commit path; the
  // writer's own checkpoint remains the backstop that bounds the WAL.
  int wal_autocheckpoint_pages = 1000;
  // Decoded tickets kept after this connection commits them (TicketCache); 0 keeps none.
  size_t ticket_cache_entries = 2048;
  // Tickets read ahead on a thread of its own when the writer is told they come next
  // (ReadAhead, TicketReadAhead); 0 reads none. A file only, not ":memory:".
  size_t read_ahead_entries = 0;
};

// The embedded store: one SQLite file in WAL mode. One writer at a time (the TicketService's
// thread); readers may use their own SqliteStore on the same file.
class SqliteStore final : public service::Store {
 public:
  // Opens (creating if needed) and migrates the database at `path` (":memory:" for a
  // throwaway one). kUnavailable if it cannot be opened.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                                 SqliteOptions options = {});
  ~SqliteStore() override;

  Result<core::Ticket> Load(core::TicketId id) override;
  // Not inside an enclosing transaction: the reader sees committed rows only.
  void ReadAhead(std::span<const core::TicketId> ids) override;
  Result<core::TicketId> MaxTicketId() override;
  Result<std::vector<core::TicketId>> ReserveTicketIds(int count) override;
  Status Commit(std::span<const service::CommitRecord> records) override;
  Result<std::optional<service::IdempotentResult>> FindIdempotencyKey(
      const std::string& key) override;
  Result<std::vector<service::Deadline>> LoadDeadlines() override;
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
  Result<int> CountOtherClientsOnAsset(const std::string& asset, const std::string& except_client,
                                       Timestamp since) override;
  Result<std::vector<core::TicketId>> TicketsOnAsset(const std::string& asset, Timestamp since,
                                                     int limit) override;
  Result<std::vector<service::OutboxItem>> PendingOutbox(Timestamp now, int limit) override;
  Status MarkDelivered(int64_t outbox_id, Timestamp at) override;
  Status MarkAttemptFailed(int64_t outbox_id, Timestamp at, const std::string& error,
                           std::optional<Timestamp> retry_at) override;
  Result<std::vector<service::OutboxItem>> DeadLetters(int limit) override;

  Status PutApiToken(const service::ApiToken& token) override;
  Result<std::optional<service::ApiToken>> FindApiToken(const std::string& hash) override;
  Result<bool> RevokeApiToken(const std::string& id, Timestamp at) override;
  Result<std::vector<service::ApiToken>> ListApiTokens(
      const std::optional<std::string>& actor) override;
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
  Result<std::map<std::string, int64_t>> CountOpenTicketsByTier() override;
  Status IndexTicketTexts(std::span<const service::TicketText> texts) override;
  // sqlite_ticket_search.cc
  Result<std::vector<service::TicketHit>> SearchTickets(const service::TicketQuery& q) override;
  Result<int64_t> OutboxBacklog() override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  // sqlite_articles.cc
  Result<core::ArticleId> AddArticle(const service::StoredArticle& article) override;
  Status UpdateArticle(const service::StoredArticle& article) override;
  Result<std::optional<core::Article>> FindArticle(core::ArticleId id) override;
  Result<std::vector<service::ArticleEntry>> ListArticles(const service::ArticleFilter& f) override;
  Result<std::vector<service::ArticleEntry>> SearchArticles(
      const service::ArticleQuery& q) override;
  Result<int64_t> TicketsSolvedBy(core::ArticleId id) override;

  // Folds the WAL into the database as far as readers allow, without blocking anyone.
  Status Checkpoint() override;

  // Holds every later Commit inside one enclosing transaction until EndEnclosingTransaction:
  // a replay's month of commands is applied whole or not at all, with one fsync at the end
  // instead of one per command. Reads on this connection see what it wrote. A Commit that
  // fails inside spoils the whole: later ones are refused and the end rolls everything back.
  // kFailedPrecondition when one is open already.
  [[nodiscard]] Status BeginEnclosingTransaction();
  // Commits (`keep`) or rolls back everything since BeginEnclosingTransaction; a spoiled one
  // is rolled back and reported as kFailedPrecondition.
  [[nodiscard]] Status EndEnclosingTransaction(bool keep);

  // Writes a consistent copy of the whole database to a new file at `path`.
  [[nodiscard]] Status CopyTo(const std::string& path);

  Result<int> SchemaVersion() override;
  // The reader of tickets ahead, when read_ahead_entries asked for one (for tests, metrics).
  TicketReadAhead* read_ahead() { return read_ahead_.get(); }

 private:
  SqliteStore() = default;
  Status Migrate();
  int AppliedMigrations();  // throws SQLite::Exception
  void WriteRecord(const service::CommitRecord& r);
  // Indexes a ticket's text (ticket_texts), unless what is indexed was read from a later version.
  void PutText(const service::TicketText& text);
  Status WriteClient(const service::Client& client, bool replace);
  Status CommitInsideEnclosing(std::span<const service::CommitRecord> records);

  std::unique_ptr<SQLite::Database> db_;
  // The last id ReserveTicketIds gave: one writer per file, so ids need no more than this.
  core::TicketId reserved_ids_ = 0;
  bool enclosing_ = false;  // inside BeginEnclosingTransaction
  bool spoiled_ = false;    // a commit inside it failed
  TicketCache cache_{0};
  std::unique_ptr<TicketReadAhead> read_ahead_;
  struct Statements;
  std::unique_ptr<Statements> st_;
  // Queue queries prepared once per shape (which filters are set, which columns): compiling the
  // SQL on every queue view was an eighth of its cost.
  std::map<std::string, std::unique_ptr<SQLite::Statement>> queue_queries_;
};

}  // namespace tierdesk::store
