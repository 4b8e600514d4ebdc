#pragma once

// Knowledge-base articles (seed 003: Engineering "updates the knowledge base with any new
// findings, fixes, or improvements"; Tier 1 checks "for known issues"). An article is written as
// drafts, reviewed, and published by someone the procedure lets publish; each version is kept
// with its author and time. Who may read it is decided here, once, for every path that can show
// an article or a piece of one (ArticleReader).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "core/procedure.h"
#include "core/ticket.h"

namespace tierdesk::core {

using ArticleId = int64_t;
std::string ArticleRef(ArticleId id);  // "KB-7"
std::optional<ArticleId> ParseArticleRef(std::string_view ref);

enum class ArticleStatus {
  kDraft,      // being written; staff only
  kInReview,   // submitted; a publisher reviews it
  kPublished,  // its published version is read by its audience
  kArchived,   // withdrawn: staff still find it, nobody else
};
const char* ArticleStatusName(ArticleStatus s);
std::optional<ArticleStatus> ParseArticleStatus(std::string_view s);

// Who an article's published version is for.
enum class ArticleAudience {
  kInternal,    // staff only
  kAllClients,  // every signed-in client
  kNamed,       // the clients and organisations named
};
const char* ArticleAudienceName(ArticleAudience a);
std::optional<ArticleAudience> ParseArticleAudience(std::string_view s);

struct ArticleVisibility {
  ArticleAudience audience = ArticleAudience::kInternal;
  std::vector<std::string> clients;        // unique user IDs (kNamed)
  std::vector<std::string> organisations;  // organisation names (kNamed)
  friend bool operator==(const ArticleVisibility&, const ArticleVisibility&) = default;
};

// One version of an article's text, as its author saved it.
struct ArticleVersion {
  int number = 0;  // from 1
  std::string title;
  std::string body;  // Markdown
  std::string author;
  Timestamp at{};
  std::string note;  // what changed, in the author's words (optional)
  // Files that go with this version's text (stored by digest, as a ticket's are); readers get
  // the files of the version they read.
  std::vector<Attachment> attachments;
  friend bool operator==(const ArticleVersion&, const ArticleVersion&) = default;
};

struct Article {
  ArticleId id = 0;
  int64_t revision = 0;  // the store's count of saves: what a change expects (If-Match)
  ArticleStatus status = ArticleStatus::kDraft;  // of the newest version
  ArticleVisibility visibility;
  std::vector<ArticleVersion> versions;  // oldest first; never empty once created
  int published_version = 0;             // the version readers see; 0 before the first publish
  std::string published_by;
  std::optional<Timestamp> published_at;
  std::string reviewer;     // who sent it back or published it last
  std::string review_note;  // why it was sent back; empty once published
  // What the article is about, for search and for the pages of assets and products.
  std::vector<std::string> assets;  // "kind:id"
  std::vector<Category> categories;
  std::vector<TicketId> tickets;  // the tickets it solved, or was written from

  const ArticleVersion& Latest() const { return versions.back(); }
  // The version the audience reads, if one was ever published.
  const ArticleVersion* Published() const;
  friend bool operator==(const Article&, const Article&) = default;
};

// Who asks to read: staff, a signed-in client (by unique user ID and organisation), or nobody
// signed in. Staff read every article at its newest version; as known fixes (suggested while a
// request is taken, inserted in a reply) they read the published versions only, whatever their
// audience: a draft is not yet a fix.
struct ArticleReader {
  bool staff = false;
  std::string client_id;  // empty: not a client
  std::string organisation;
  bool published_only = false;  // staff: the published versions only

  static ArticleReader Staff() { return {true, "", "", false}; }
  static ArticleReader KnownFixes() { return {true, "", "", true}; }
  static ArticleReader Client(std::string id, std::string organisation) {
    return {false, std::move(id), std::move(organisation), false};
  }
  static ArticleReader Anonymous() { return {}; }
};

// Who reads what is said as keys: a reader holds some, each view of an article grants some, and
// a reader reads a view when they share one. Stores keep the keys a view grants beside it, so a
// list or a search applies the rule in its query; MayRead applies the same keys here.
std::vector<std::string> ReaderKeys(const ArticleReader& reader);
struct ArticleView {
  const ArticleVersion* version = nullptr;
  std::vector<std::string> keys;  // who reads it
};
// What each audience of `article` reads: the newest version for staff; the published one, if
// any and not archived, for the readers its visibility names. Pointers into `article`.
std::vector<ArticleView> ArticleViews(const Article& article);

// The one visibility rule. Staff read every version of every article. Anyone else reads only a
// published version, only of an article not archived, and only as its audience allows: all
// clients, or a client named or of an organisation named; internal articles and nobody signed in
// read nothing. Every path (list, search and its snippets, suggestions at intake, previews,
// files, the API, the stream, mail) asks this and shows nothing it refuses.
bool MayRead(const Article& article, const ArticleReader& reader);
// The version `reader` reads (the newest for staff, the published one for others), or null.
const ArticleVersion* VersionFor(const Article& article, const ArticleReader& reader);

// Who may publish: people with one of the procedure's publisher roles (seed 003's
// knowledge_manager; `[knowledge] publishers`).
bool MayPublish(const Procedure& procedure, std::string_view person);

// Changes to an article, each checked against its status and who asks. `now` is the time of the
// change; refusals name the field at fault.
struct ArticleEdit {
  std::string title;
  std::string body;
  std::string note;
  std::vector<Attachment> attachments;  // the new version's files, kept ones and new ones
};
[[nodiscard]] Result<Article> NewArticle(const Procedure& procedure, std::string_view author,
                                         const ArticleEdit& first, ArticleVisibility visibility,
                                         Timestamp now);
// A new version. Editing a published article starts a draft of its next version; readers keep
// the published one until that is published in turn.
[[nodiscard]] Result<Article> EditArticle(const Procedure& procedure, const Article& article,
                                          std::string_view author, const ArticleEdit& edit,
                                          Timestamp now);
[[nodiscard]] Result<Article> SubmitForReview(const Procedure& procedure, const Article& article,
                                              std::string_view person);
// A publisher sends a submitted version back to its author (with why) or publishes it.
[[nodiscard]] Result<Article> SendBack(const Procedure& procedure, const Article& article,
                                       std::string_view publisher, std::string_view reason);
[[nodiscard]] Result<Article> Publish(const Procedure& procedure, const Article& article,
                                      std::string_view publisher, Timestamp now);
[[nodiscard]] Result<Article> Archive(const Procedure& procedure, const Article& article,
                                      std::string_view publisher);
// Who reads the article from its next publication on. Before the first publication any staff
// may set it; afterwards it changes what readers see at once, so only a publisher may.
[[nodiscard]] Result<Article> ChangeVisibility(const Procedure& procedure, const Article& article,
                                               std::string_view person,
                                               ArticleVisibility visibility);
// What the article is about: assets and products ("kind:id" the procedure knows), categories,
// and the tickets it solved. Any staff, in any status but archived.
struct ArticleSubjects {
  std::vector<std::string> assets;
  std::vector<Category> categories;
  std::vector<TicketId> tickets;
};
[[nodiscard]] Result<Article> ChangeSubjects(const Procedure& procedure, const Article& article,
                                             std::string_view person, ArticleSubjects subjects);
[[nodiscard]] Status CheckVisibility(const ArticleVisibility& visibility);

// What `person` may do to `article` now, by the names the API's routes use ("edit", "submit",
// "send_back", "publish", "archive", "visibility", "subjects"): each is listed exactly when its
// function above accepts it, as they are asked rather than restated.
std::vector<std::string> ArticleActions(const Procedure& procedure, const Article& article,
                                        std::string_view person);

inline constexpr size_t kMaxArticleTitleBytes = 200;
inline constexpr size_t kMaxArticleBodyBytes = 64 * 1024;
inline constexpr size_t kMaxArticleVersions = 200;  // the oldest are dropped past it
inline constexpr size_t kMaxArticleNoteBytes = 2000;  // a version's note, a reason to send back
inline constexpr size_t kMaxArticleAttachments = 20;
inline constexpr size_t kMaxArticleSubjects = 50;  // of each kind
inline constexpr size_t kMaxNamedReaders = 200;

}  // namespace tierdesk::core
