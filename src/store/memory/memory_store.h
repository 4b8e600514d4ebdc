#pragma once

#include <map>
#include <mutex>
#include <unordered_map>

#include "service/ports.h"

namespace tierdesk::store {

// service::Store held in memory, for replays and simulations that need no file: the same
// contract as the SQLite store (atomic batches, versions, idempotency keys), no durability.
class MemoryStore final : public service::Store {
 public:
  // kDiscard keeps no outbox: for a replay held in memory, where nothing ever delivers and
  // every mail and page is printed on the timeline instead (a month's mail is most of what
  // such a replay would otherwise hold).
  enum class Outbox { kKeep, kDiscard };
  explicit MemoryStore(Outbox outbox = Outbox::kKeep) : keep_outbox_(outbox == Outbox::kKeep) {}

  Result<core::Ticket> Load(core::TicketId id) override;
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
  // memory_ticket_search.cc
  Status IndexTicketTexts(std::span<const service::TicketText> texts) override;
  Result<std::vector<service::TicketHit>> SearchTickets(const service::TicketQuery& q) override;
  Result<int64_t> OutboxBacklog() override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Result<core::ArticleId> AddArticle(const service::StoredArticle& article) override;
  Status UpdateArticle(const service::StoredArticle& article) override;
  Result<std::optional<core::Article>> FindArticle(core::ArticleId id) override;
  Result<std::vector<service::ArticleEntry>> ListArticles(const service::ArticleFilter& f) override;
  Result<std::vector<service::ArticleEntry>> SearchArticles(
      const service::ArticleQuery& q) override;
  Result<int64_t> TicketsSolvedBy(core::ArticleId id) override;
  // Nothing is kept past the process, so there is no schema to migrate.
  Result<int> SchemaVersion() override {
    return Fail(ErrorCode::kFailedPrecondition, "a store in memory has no schema");
  }

 private:
  // Indexes a ticket's text unless what is indexed was read from a later version (mu_ held).
  void PutText(const service::TicketText& text);
  Status WriteClient(const service::Client& client, bool replace);  // with mu_ held

  core::TicketId reserved_ids_ = 0;  // the last id ReserveTicketIds gave
  struct AssetTicket {
    Timestamp received_at;
    std::string client;
    core::TicketId ticket = 0;
  };

  const bool keep_outbox_;
  std::mutex mu_;
  std::map<core::TicketId, core::Ticket> tickets_;  // guarded by mu_
  // Each ticket's events, packed (packed_events.h), with how many there are.
  struct EventLog {
    std::string packed;
    size_t count = 0;
  };
  std::unordered_map<core::TicketId, EventLog> events_;                           // guarded by mu_
  std::unordered_map<core::TicketId, std::vector<service::Deadline>> deadlines_;  // guarded by mu_
  struct OutboxRow {
    service::OutboxItem item;
    Timestamp next_attempt_at;
    std::optional<Timestamp> delivered_at;
  };
  std::vector<OutboxRow> outbox_;                                       // guarded by mu_
  std::unordered_map<std::string, service::IdempotentResult> keys_;     // guarded by mu_
  std::unordered_map<std::string, std::vector<AssetTicket>> by_asset_;  // guarded by mu_
  std::map<std::string, std::string> settings_;                         // guarded by mu_
  std::map<std::string, service::ApiToken> tokens_by_hash_;             // guarded by mu_
  std::map<std::string, service::Client> clients_;                      // guarded by mu_
  std::map<std::string, std::string> blobs_;                            // guarded by mu_
  struct UploadRow {
    int64_t size = 0;
    Timestamp at{};
  };
  std::map<std::pair<std::string, std::string>, UploadRow> uploads_;    // (uploader, sha256)
  std::multimap<std::string, core::TicketId> ticket_files_;             // guarded by mu_
  std::map<core::TicketId, core::ArticleId> known_fixes_;               // guarded by mu_
  std::map<core::TicketId, service::TicketText> ticket_texts_;          // guarded by mu_
  std::vector<service::RefusedMail> refused_mail_;                      // guarded by mu_
  std::map<std::string, service::Account> accounts_;                    // guarded by mu_
  std::map<core::ArticleId, service::StoredArticle> articles_;          // guarded by mu_
  std::map<std::string, service::Session> sessions_;                    // guarded by mu_
  std::map<std::string, service::LoginFailures> login_failures_;        // guarded by mu_
  // The global event log: entry seq - 1 names the ticket and the offset in its packed log of
  // event `seq`.
  std::vector<std::pair<core::TicketId, size_t>> sequence_;  // guarded by mu_
};

}  // namespace tierdesk::store
