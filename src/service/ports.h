#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/article.h"
#include "core/event.h"
#include "core/ticket.h"

namespace tierdesk::service {

// A running deadline: the scheduler's unit of work.
struct Deadline {
  core::TicketId ticket = 0;
  std::string clock;
  Timestamp due{};
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

// Who the ticket's page in flight asks to acknowledge, or "" (the queue column `paged`).
std::string PagedTo(const core::Ticket& ticket);

// The teams an open ticket waits on for an answer to a consult, as the queue column `consulting`
// holds them: ",dba,network-ops," (in the order asked, each between commas, so that a team is
// found by ",<id>,"); "" for a closed ticket or none.
std::string ConsultingTeams(const core::Ticket& ticket);

// The deadlines a ticket's clocks imply (paused clocks have none).
std::vector<Deadline> DeadlinesOf(const core::Ticket& ticket);

// The queue columns of a ticket: enough for a list without decoding whole tickets.
struct TicketSummary {
  core::TicketId id = 0;
  std::string title;
  core::Priority priority = core::Priority::kMedium;
  std::string tier;
  core::Stage stage = core::Stage::kOpen;
  std::string assignee;
  std::string client_id;
  Timestamp received_at{};
  Timestamp updated_at{};
  std::string paged;  // who the page in flight asks to acknowledge; empty when none
  std::string consulting;  // ConsultingTeams

  static TicketSummary Of(const core::Ticket& t);
  friend bool operator==(const TicketSummary&, const TicketSummary&) = default;
};

// Everything one command changes, written in one transaction.
struct CommitRecord {
  core::Ticket ticket;           // state after the command (version already bumped)
  int64_t expected_version = 0;  // the stored version it was decided on (0 = new)
  std::vector<core::Event> events;
  std::vector<core::Effect> effects;  // rows for the outbox
  Timestamp at{};
  std::string idempotency_key;  // empty = none
  std::string command_name;
  // The queue columns of the stored version it was decided on (none for a new ticket, or when
  // unknown): a store may then write only the columns that changed, sparing index upkeep.
  std::optional<TicketSummary> stored;
  std::string idempotency_fingerprint;  // what the request under the key asked (see Command)
  // The digests of the files this change attached to the ticket: named by a ticket from now on,
  // so never removed as unused uploads.
  std::vector<std::string> files_added;
  // Whether the command changed the ticket's assets (named at intake, added by a hand-off): a
  // store rewrites its asset index only then. Set from the ticket before and after, never from
  // the command's name (see AssetsChanged).
  bool assets_changed = false;
  // Whether the command changed what staff search the ticket by (TicketTextOf): a store
  // re-indexes it only then. Set from the ticket before and after, like assets_changed.
  bool text_changed = false;
};

// What a change did to the known fix a ticket is resolved with (a resolution's known_fix), which
// stores count per article: a resolution sets it (or clears it, naming none); a failed quality
// control or a reopening clears it (the fix did not hold); nothing else touches it. So a ticket
// counts for at most one article, the one its standing resolution names.
struct KnownFixChange {
  bool changed = false;
  core::ArticleId article = 0;  // 0: cleared
};
KnownFixChange KnownFixChangeOf(const CommitRecord& r);

// Words to find, already cut into terms (SearchTerms): letters and digits only, lower case, no
// stop words. A text matches when its title or body holds every term (`any_term`: one of them);
// a term matches a form of the word (where the engine stems), the last, when it has four
// characters or more, also a word it begins (what is being typed: PrefixTerm; shorter, a
// prefix would be most of the vocabulary).
struct SearchWords {
  std::vector<std::string> terms;
  bool any_term = false;
  bool PrefixTerm(size_t i) const { return i + 1 == terms.size() && terms[i].size() >= 4; }
};

// What staff search a ticket by: its title, and as its text the problem as the requester told
// it (description, what they tried, the error messages) and its standing resolution's fields
// (the known fix's reference left out: it is a link, not words).
struct TicketText {
  core::TicketId id = 0;
  int64_t version = 0;  // the ticket's version it was read from: an older one never replaces it
  std::string title;
  std::string text;
  friend bool operator==(const TicketText&, const TicketText&) = default;
};
TicketText TicketTextOf(const core::Ticket& ticket);
// Whether a command turning `before` into `after` changed what TicketTextOf indexes.
bool TicketTextChanged(const core::Ticket& before, const core::Ticket& after);

// Tickets whose title or text matches the words, for staff.
struct TicketQuery : SearchWords {
  int limit = 20;
};

// One ticket found: its queue columns, the passage of its text that matched best (the matched
// words between kHitStart and kHitEnd) and how well it matched (higher is better).
struct TicketHit {
  TicketSummary summary;
  std::string snippet;
  double score = 0;
  friend bool operator==(const TicketHit&, const TicketHit&) = default;
};

// Whether a command turning `before` into `after` changed the ticket's assets.
inline bool AssetsChanged(const core::Ticket& before, const core::Ticket& after) {
  return before.registration.assets != after.registration.assets;
}

// What an idempotency key was first used for.
struct IdempotentResult {
  core::TicketId ticket = 0;
  int64_t version = 0;
  std::string command_name;
  std::string fingerprint;  // the request's digest, as the command carried it
};

// Where a page of the queue ends: the next page starts after this position.
struct QueuePosition {
  core::Priority priority;
  Timestamp received_at;
  core::TicketId id;
};
// Where a listed ticket stands in the queue's order: the next page starts after it.
inline QueuePosition PositionOf(const TicketSummary& t) {
  return {t.priority, t.received_at, t.id};
}

struct TicketFilter {
  std::optional<std::string> tier;
  std::optional<core::Stage> stage;
  std::optional<std::string> client_id;  // only this client's tickets
  std::optional<std::string> assignee;
  std::optional<std::string> asset;    // "kind:id": the asset's forum
  std::optional<std::string> paged;    // a person: tickets whose page in flight asks them
  std::optional<std::string> consulting;  // a consult team: tickets waiting on its answer
  bool open_only = false;              // everything but closed
  std::optional<QueuePosition> after;  // keyset pagination in queue order
  int limit = 100;
};

// A ticket with a deadline coming up: its earliest running clock.
struct DueTicket {
  TicketSummary summary;
  std::string clock;
  Timestamp due{};
};

// A credential for the API. Only a hash of the secret is kept; the secret is shown once.
struct ApiToken {
  std::string id;     // public handle, to list and revoke
  std::string hash;   // hex digest of the whole secret token
  std::string actor;  // who it acts as: a person id or "client:<unique user id>"
  std::string label;
  Timestamp created_at{};
  std::optional<Timestamp> revoked_at;
  bool read_only = false;  // scope: a read-only token may only GET
};

// A password login. Only an argon2id hash of the password is kept.
struct Account {
  std::string login;  // a person id, or "client:<unique user id>"
  std::string password_hash;
  Timestamp updated_at{};
};

// A browser session, from a login. The cookie's secret is stored only as a digest; the CSRF
// token is stored as is: it proves nothing without the cookie.
struct Session {
  std::string hash;  // digest of the cookie's secret
  std::string actor;
  std::string csrf_token;
  Timestamp created_at{};
  Timestamp expires_at{};
};

// Wrong passwords counted under one key (a login, an address, or the two together), shared by
// every node on the database.
struct LoginFailures {
  std::string key;
  int64_t failures = 0;
  Timestamp last{};  // the latest failure
  friend bool operator==(const LoginFailures&, const LoginFailures&) = default;
};

// A client of the help desk, as the directory knows them: mail from `email` is theirs.
struct Client {
  std::string id;  // the unique user ID
  std::string name;
  std::string email;  // lower case; at most one client per address; may be empty
  std::string organisation;
  std::string phone;  // as given ("+91 98450 12345"); found by its digits
  friend bool operator==(const Client&, const Client&) = default;
};

// A received mail that did not become a ticket change (unreadable, an unknown sender, machine
// mail...): kept whole for an operator, never dropped.
struct RefusedMail {
  int64_t id = 0;
  Timestamp received_at{};
  std::string reason;
  std::string message_id;
  std::string sender;
  int64_t size = 0;
  std::string raw;  // left empty in lists
  std::string key;  // what identifies the message (its Message-ID): kept once however often sent
};

// One event of the store's global log, with its place in it: what live streams follow.
struct SequencedEvent {
  int64_t seq = 0;  // the global event id: increasing in commit order, across tickets
  core::Event event;
  std::string client_id;  // the requester of the event's ticket
  friend bool operator==(const SequencedEvent&, const SequencedEvent&) = default;
};

struct OutboxItem {
  int64_t id = 0;
  core::Effect effect;
  Timestamp created_at{};
  int attempts = 0;
  std::string last_error;
  std::optional<Timestamp> dead_at;  // given up on: a dead letter
};

// What a search or a list finds of an article: one view of it (core::ArticleViews), as a reader
// holding one of the view's keys reads it.
struct ArticleDocument {
  int version = 0;
  std::string title;
  std::string text;  // the body as plain text, and the text of its text files: what is searched
  Timestamp at{};    // when the version was written
  std::vector<std::string> keys;  // who reads it (core::ArticleView::keys)
  // Its keys and the article's subjects as words a full-text index holds beside its text
  // (SearchTag), so that an engine filters by them inside the search itself.
  std::string tags;
  friend bool operator==(const ArticleDocument&, const ArticleDocument&) = default;
};

// An article as a store keeps it: the whole article, and its views for lists and search
// (KnowledgeBase makes them, so every store indexes the same text under the same keys).
struct StoredArticle {
  core::Article article;
  std::vector<ArticleDocument> documents;
};

// One article found, as the reader who asked reads it.
struct ArticleEntry {
  core::ArticleId id = 0;
  core::ArticleStatus status = core::ArticleStatus::kDraft;
  int version = 0;
  std::string title;
  Timestamp at{};
  // Search only: the passage that matched best, each matched word between kHitStart and kHitEnd
  // (characters the indexed text never holds), and how well it matched (higher is better).
  std::string snippet;
  double score = 0;
  friend bool operator==(const ArticleEntry&, const ArticleEntry&) = default;
};
inline constexpr char kHitStart = '\x02';
inline constexpr char kHitEnd = '\x03';

// What an article is about, as lists filter on it: "asset:<kind:id>", "category:<name>",
// "ticket:<id>" (SubjectsOf).
std::vector<std::string> SubjectsOf(const core::Article& article);

struct ArticleFilter {
  std::vector<std::string> reader_keys;  // only views one of these keys reads (ReaderKeys)
  std::optional<core::ArticleStatus> status;
  std::optional<std::string> subject;     // about this (SubjectsOf)
  std::optional<core::ArticleId> before;  // keyset: the next page of newest-first ids
  int limit = 50;
};

// Article views that match the words and that one of the reader's keys reads.
struct ArticleQuery : SearchWords {
  std::vector<std::string> reader_keys;
  std::optional<std::string> subject;
  int limit = 10;
};

// A search that matches more views (or tickets) than this ranks the newest this many (every
// store): ranking every one that holds a word most hold costs more than the answer is worth.
inline constexpr int kMostRankedViews = 1000;

// Knowledge-base articles, and the search over them.
class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Stores a new article, giving it the next id (increasing, never given before) and revision 1;
  // returns the id.
  [[nodiscard]] virtual Result<core::ArticleId> AddArticle(const StoredArticle& article) = 0;
  // Replaces the article with the same id by `article`, whose revision is one more than the
  // stored one's (kFailedPrecondition otherwise: someone else saved it since it was read;
  // kNotFound when there is none). Its views replace the old ones in one transaction.
  [[nodiscard]] virtual Status UpdateArticle(const StoredArticle& article) = 0;
  [[nodiscard]] virtual Result<std::optional<core::Article>> FindArticle(core::ArticleId id) = 0;
  // Views the filter's keys read, newest article first, one per article.
  [[nodiscard]] virtual Result<std::vector<ArticleEntry>> ListArticles(const ArticleFilter& f) = 0;
  // Views the query's keys read that match its terms, best first (a title match above a text
  // one), one per article; no terms find nothing.
  [[nodiscard]] virtual Result<std::vector<ArticleEntry>> SearchArticles(const ArticleQuery& q) = 0;
  // How many tickets stand resolved with the article as their known fix (KnownFixChangeOf).
  [[nodiscard]] virtual Result<int64_t> TicketsSolvedBy(core::ArticleId id) = 0;
};

// Storage is split into ports by concern, so each part of tierdesk depends on the little it
// uses and each port has a contract suite of its own (tests/contract). A backend implements
// them all, as Store: SqliteStore (embedded default), MemoryStore (replay and tests).

// Tickets: their current state, and what each change writes with it in one transaction
// (events, running deadlines, outbox rows, idempotency keys). The write path's port.
class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // Returns the ticket, or kNotFound if `id` is unknown.
  [[nodiscard]] virtual Result<core::Ticket> Load(core::TicketId id) = 0;
  // The tickets of `ids` that exist, in any order (an unknown id is left out): what a batch
  // decides on, read at once where the store is a round trip away. The same as Load for each.
  [[nodiscard]] virtual Result<std::vector<core::Ticket>> LoadMany(
      std::span<const core::TicketId> ids) {
    std::vector<core::Ticket> out;
    for (core::TicketId id : ids) {
      auto ticket = Load(id);
      if (ticket)
        out.push_back(std::move(*ticket));
      else if (ticket.error().code != ErrorCode::kNotFound)
        return tl::unexpected(ticket.error());
    }
    return out;
  }
  // A hint that these tickets are loaded next (the deadlines about to fire in a burst): a store
  // may read them ahead on another thread. Load returns the same whether it does or not.
  virtual void ReadAhead(std::span<const core::TicketId> ids) { (void)ids; }
  // The highest ticket id in use (0 when empty).
  [[nodiscard]] virtual Result<core::TicketId> MaxTicketId() = 0;
  // `count` ids for new tickets, increasing, never given before by this store and above every
  // ticket committed through it. Several nodes sharing one database get ids of their own. An id
  // given is not given again (the service keeps one a refused create did not use).
  [[nodiscard]] virtual Result<std::vector<core::TicketId>> ReserveTicketIds(int count) = 0;
  // Writes every record in one transaction, or nothing. Fails with kFailedPrecondition if a
  // ticket's stored version is not the record's expected_version (a concurrent writer).
  [[nodiscard]] virtual Status Commit(std::span<const CommitRecord> records) = 0;
  // The first result recorded under `key`, if any.
  [[nodiscard]] virtual Result<std::optional<IdempotentResult>> FindIdempotencyKey(
      const std::string& key) = 0;
  // Every running deadline (the scheduler rebuilds from this at start).
  [[nodiscard]] virtual Result<std::vector<Deadline>> LoadDeadlines() = 0;
  // Distinct clients other than `except_client` with tickets on `asset` ("kind:id") received
  // at or after `since` (a create's priority may depend on it).
  [[nodiscard]] virtual Result<int> CountOtherClientsOnAsset(const std::string& asset,
                                                             const std::string& except_client,
                                                             Timestamp since) = 0;
  // Tickets on `asset` received at or after `since`, oldest first, at most `limit`: those a
  // multi-client outage raises along with the request just opened.
  [[nodiscard]] virtual Result<std::vector<core::TicketId>> TicketsOnAsset(const std::string& asset,
                                                                           Timestamp since,
                                                                           int limit) = 0;
  // Indexes each ticket's text for search (replacing what is indexed of it, unless that was read
  // from a later version): what RefreshTicketIndex writes for tickets stored before an index.
  // A commit indexes the text it changes itself (CommitRecord::text_changed).
  [[nodiscard]] virtual Status IndexTicketTexts(std::span<const TicketText> texts) = 0;
};

// The event log: a ticket's history, and every ticket's events in commit order for followers
// (live streams, webhooks).
class EventLog {
 public:
  virtual ~EventLog() = default;

  [[nodiscard]] virtual Result<std::vector<core::Event>> Events(core::TicketId id) = 0;
  // Up to `limit` events of every ticket with seq > `after_seq`, in seq order. Seqs are given
  // in commit order and a commit is seen whole, so a reader never sees a seq before every
  // smaller one: following the log by the last seq read misses nothing and repeats nothing.
  [[nodiscard]] virtual Result<std::vector<SequencedEvent>> EventsSince(int64_t after_seq,
                                                                        int limit) = 0;
  // The seq of the last event committed (0 when there is none).
  [[nodiscard]] virtual Result<int64_t> LastEventSeq() = 0;
  // Up to `limit` events of ticket `id` with seq < `before_seq`, newest first: a ticket's
  // timeline a page at a time (`client_id` left empty).
  [[nodiscard]] virtual Result<std::vector<SequencedEvent>> TicketEventsBefore(core::TicketId id,
                                                                               int64_t before_seq,
                                                                               int limit) = 0;
};

// Queues and counts over the tickets, for people and dashboards (the read side).
class QueueStore {
 public:
  virtual ~QueueStore() = default;

  // Tickets ordered by priority, then time received (the queue order).
  [[nodiscard]] virtual Result<std::vector<core::Ticket>> ListTickets(const TicketFilter& f) = 0;
  // The same tickets, as summaries (cheaper: no ticket is decoded).
  [[nodiscard]] virtual Result<std::vector<TicketSummary>> ListTicketSummaries(
      const TicketFilter& f) = 0;
  // Tickets with a running deadline due at or before `until`, soonest first.
  [[nodiscard]] virtual Result<std::vector<DueTicket>> ListBreachingSoon(Timestamp until,
                                                                         int limit) = 0;
  // Tickets whose indexed text matches the query, best first (a title match above a text one).
  [[nodiscard]] virtual Result<std::vector<TicketHit>> SearchTickets(const TicketQuery& q) = 0;
  // Open (not closed) tickets per tier: for /metrics.
  [[nodiscard]] virtual Result<std::map<std::string, int64_t>> CountOpenTicketsByTier() = 0;
};

// Notifications waiting to go out (mail, pages, webhooks), written with the ticket change that
// made them; delivered, retried or given up on.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Undelivered, not dead outbox rows due for an attempt at `now`, oldest first.
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> PendingOutbox(Timestamp now, int limit) = 0;
  // The rows this dispatcher attempts now: PendingOutbox's, each kept from every other
  // dispatcher on the database for `lease` (a node that dies mid-delivery leaves the row to
  // another after that, which delivers it again: at least once). A store that only one
  // dispatcher uses returns PendingOutbox's.
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> ClaimOutbox(Timestamp now, Seconds lease,
                                                                    int limit) {
    (void)lease;
    return PendingOutbox(now, limit);
  }
  // Just before a claimed row's delivery: whether this dispatcher still holds it (its lease,
  // ending at `held_until`, was not taken over after it ran out), moving the lease's end to
  // `until`. A store that only one dispatcher uses answers true.
  [[nodiscard]] virtual Result<bool> RenewOutboxLease(int64_t outbox_id, Timestamp held_until,
                                                      Timestamp until) {
    (void)outbox_id, (void)held_until, (void)until;
    return true;
  }
  [[nodiscard]] virtual Status MarkDelivered(int64_t outbox_id, Timestamp at) = 0;
  // Records a failed attempt: retried at `retry_at`, or a dead letter when it is empty.
  [[nodiscard]] virtual Status MarkAttemptFailed(int64_t outbox_id, Timestamp at,
                                                 const std::string& error,
                                                 std::optional<Timestamp> retry_at) = 0;
  // Rows given up on, newest first.
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> DeadLetters(int limit) = 0;
  // Undelivered rows: for /metrics.
  [[nodiscard]] virtual Result<int64_t> OutboxBacklog() = 0;
};

// Who may call: API tokens, password accounts and browser sessions.
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  [[nodiscard]] virtual Status PutApiToken(const ApiToken& token) = 0;
  // The token whose secret hashes to `hash`, revoked or not.
  [[nodiscard]] virtual Result<std::optional<ApiToken>> FindApiToken(const std::string& hash) = 0;
  // Marks the token revoked; false if no token has that id.
  [[nodiscard]] virtual Result<bool> RevokeApiToken(const std::string& id, Timestamp at) = 0;
  // Every token, revoked ones too (only those acting as `actor` when it is given), oldest
  // first. Tokens are few (one per person or integration), so the list is not paged.
  [[nodiscard]] virtual Result<std::vector<ApiToken>> ListApiTokens(
      const std::optional<std::string>& actor) = 0;

  [[nodiscard]] virtual Status PutAccount(const Account& account) = 0;  // insert or replace
  [[nodiscard]] virtual Result<std::optional<Account>> FindAccount(const std::string& login) = 0;
  [[nodiscard]] virtual Status PutSession(const Session& session) = 0;
  // The session with that digest, if it exists and has not expired at `now`.
  [[nodiscard]] virtual Result<std::optional<Session>> FindSession(const std::string& hash,
                                                                   Timestamp now) = 0;
  [[nodiscard]] virtual Status DeleteSession(const std::string& hash) = 0;
  // Ends every session of `actor` (a password changed, a person removed): how many there were.
  [[nodiscard]] virtual Result<int64_t> DeleteSessionsOf(const std::string& actor) = 0;

  // The failure records of `keys` that exist, in any order.
  [[nodiscard]] virtual Result<std::vector<LoginFailures>> FindLoginFailures(
      std::span<const std::string> keys) = 0;
  // One more failure at `at` under each of `keys`, in one write (a record is made if none is).
  [[nodiscard]] virtual Status AddLoginFailure(std::span<const std::string> keys, Timestamp at) = 0;
  [[nodiscard]] virtual Status ClearLoginFailures(std::span<const std::string> keys) = 0;
  // Forgets the records whose latest failure is before `before`.
  [[nodiscard]] virtual Status ForgetLoginFailures(Timestamp before) = 0;
};

// The client directory. PutClient inserts or replaces by id, AddClient only inserts
// (kAlreadyExists on "id" when the id is taken); both refuse with kAlreadyExists on "email" when
// the address belongs to another client.
class ClientDirectory {
 public:
  virtual ~ClientDirectory() = default;

  [[nodiscard]] virtual Status PutClient(const Client& client) = 0;
  [[nodiscard]] virtual Status AddClient(const Client& client) = 0;
  // Up to `limit` clients that `words` names, as an agent types them (ClientSearch): the one
  // whose id it is first, then by name.
  [[nodiscard]] virtual Result<std::vector<Client>> SearchClients(const std::string& words,
                                                                  int limit) = 0;
  [[nodiscard]] virtual Result<std::optional<Client>> FindClient(const std::string& id) = 0;
  [[nodiscard]] virtual Result<std::optional<Client>> FindClientByEmail(
      const std::string& email) = 0;
};

// What one caller uploaded over a while.
struct UploadUsage {
  int64_t files = 0;
  int64_t bytes = 0;
};

// Files received on tickets, by the hex SHA-256 of their bytes (stored once however often
// they are sent), and who uploaded which over the API: a file is kept while a ticket names it
// (CommitRecord::files_added) or while its upload is recent.
class FileStore {
 public:
  virtual ~FileStore() = default;

  // Stores an uploaded file's bytes (once per digest) and that `uploader` sent it at `at`.
  [[nodiscard]] virtual Status PutUpload(const std::string& uploader, const std::string& sha256,
                                         const std::string& data, Timestamp at) = 0;
  // What `uploader` uploaded at or after `since` (a file sent again counts once, at its latest).
  [[nodiscard]] virtual Result<UploadUsage> UploadsSince(const std::string& uploader,
                                                         Timestamp since) = 0;
  // Whether `uploader` uploaded the file with digest `sha256` at or after `since`.
  [[nodiscard]] virtual Result<bool> HasUpload(const std::string& uploader,
                                               const std::string& sha256, Timestamp since) = 0;
  // Forgets the uploads made before `before`, removing each of their files that no ticket names
  // and no later upload holds; how many files were removed.
  [[nodiscard]] virtual Result<int64_t> RemoveUnusedUploads(Timestamp before) = 0;

  [[nodiscard]] virtual Status PutBlob(const std::string& sha256, const std::string& data) = 0;
  [[nodiscard]] virtual Result<std::optional<std::string>> GetBlob(const std::string& sha256) = 0;
  // The stored file's length in bytes without reading it (nullopt when none is stored).
  [[nodiscard]] virtual Result<std::optional<int64_t>> BlobSize(const std::string& sha256) = 0;
};

// Mail kept for an operator. Keep returns its id (the id it already has when a mail with the
// same non-empty key is kept); List gives the newest first, without `raw`.
class RefusedMailStore {
 public:
  virtual ~RefusedMailStore() = default;

  [[nodiscard]] virtual Result<int64_t> KeepRefusedMail(const RefusedMail& mail) = 0;
  [[nodiscard]] virtual Result<std::vector<RefusedMail>> ListRefusedMail(int limit) = 0;
  [[nodiscard]] virtual Result<std::optional<RefusedMail>> GetRefusedMail(int64_t id) = 0;
};

// Key/value settings of the installation (the procedure it runs, the IMAP poller's place...).
class SettingsStore {
 public:
  virtual ~SettingsStore() = default;

  [[nodiscard]] virtual Status PutSetting(const std::string& key, const std::string& value) = 0;
  [[nodiscard]] virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  // Whether `holder` holds the lease `name` until `until` (taken or renewed now): work that one
  // node at a time must do, such as polling a mailbox. False while another holder's lease runs.
  // A store that only one node uses grants it always.
  [[nodiscard]] virtual Result<bool> HoldLease(const std::string& name, const std::string& holder,
                                               Timestamp now, Timestamp until) {
    (void)name, (void)holder, (void)now, (void)until;
    return true;
  }
};

// Deadlines on a database that several nodes share: which node fires each. A node fires the
// deadlines its own commits arm (the store marks them held by it until a while after they fall
// due), and claims the deadlines no live node holds: armed before the nodes started, or held by
// a node that stopped or died. Firing twice is harmless (the second finds the ticket changed and
// decides nothing); holds keep it rare. Only a store several nodes can share implements it.
class DeadlineClaims {
 public:
  virtual ~DeadlineClaims() = default;

  // Claims for this node up to `limit` running deadlines that are due by `horizon` and held by
  // no node (or by one whose hold has run out), soonest first, holding each for a while past the
  // later of its due time and `now`.
  [[nodiscard]] virtual Result<std::vector<Deadline>> ClaimDeadlines(Timestamp now,
                                                                     Timestamp horizon,
                                                                     int limit) = 0;
  // Lets go of every deadline this node holds (it is stopping): other nodes claim them at once.
  [[nodiscard]] virtual Status ReleaseDeadlines() = 0;
};

// What a backend does for its database as a whole, beside the records. The serving process asks
// these instead of testing which backend it holds.
class DatabaseUpkeep {
 public:
  virtual ~DatabaseUpkeep() = default;

  // The schema version the database is at, after the migrations opening it ran.
  [[nodiscard]] virtual Result<int> SchemaVersion() = 0;
  // Folds a write-ahead log the backend keeps beside the database into it, off the commit path
  // (SQLite's WAL, called every second from a connection of its own). Ok where there is none.
  [[nodiscard]] virtual Status Checkpoint() { return Ok(); }
  // The deadlines of a database several nodes share; null where one process serves it.
  virtual DeadlineClaims* SharedDeadlines() { return nullptr; }
};

// Every port, as one backend provides them over one database.
class Store : public TicketStore,
              public EventLog,
              public QueueStore,
              public OutboxStore,
              public CredentialStore,
              public ClientDirectory,
              public FileStore,
              public RefusedMailStore,
              public SettingsStore,
              public ArticleStore,
              public DatabaseUpkeep {};

// Delivers outbox rows of the kinds it handles (mail, pages, webhooks...).
class Courier {
 public:
  virtual ~Courier() = default;
  virtual bool Handles(core::Effect::Kind kind) const = 0;
  // Ok once the far side accepted it. kFailedPrecondition when retrying cannot help (the row
  // becomes a dead letter at once); any other error is retried with backoff.
  [[nodiscard]] virtual Status Deliver(const OutboxItem& item) = 0;
};

// Adds effects that every committed event causes beyond the procedure's own (webhook
// notifications to subscribers, say). Called on the writer thread, before the commit, so the
// effects are written in the same transaction as the events.
class EventFanOut {
 public:
  virtual ~EventFanOut() = default;
  virtual void AddEffects(const core::Event& event, std::vector<core::Effect>& effects) const = 0;
};

}  // namespace tierdesk::service
