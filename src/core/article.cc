#include "core/article.h"

#include <algorithm>

#include "common/text.h"
#include "common/utf8.h"
#include "core/enum_names.h"

namespace tierdesk::core {

std::string ArticleRef(ArticleId id) { return "KB-" + std::to_string(id); }

std::optional<ArticleId> ParseArticleRef(std::string_view ref) { return ParseRef(ref, "KB-"); }

const char* ArticleStatusName(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft:
      return "draft";
    case ArticleStatus::kInReview:
      return "in_review";
    case ArticleStatus::kPublished:
      return "published";
    case ArticleStatus::kArchived:
      return "archived";
  }
  return "";
}

std::optional<ArticleStatus> ParseArticleStatus(std::string_view s) {
  return ParseByName<ArticleStatus, int(ArticleStatus::kArchived) + 1>(s, ArticleStatusName);
}

const char* ArticleAudienceName(ArticleAudience a) {
  switch (a) {
    case ArticleAudience::kInternal:
      return "internal";
    case ArticleAudience::kAllClients:
      return "all_clients";
    case ArticleAudience::kNamed:
      return "named";
  }
  return "";
}

std::optional<ArticleAudience> ParseArticleAudience(std::string_view s) {
  return ParseByName<ArticleAudience, int(ArticleAudience::kNamed) + 1>(s, ArticleAudienceName);
}

const ArticleVersion* Article::Published() const {
  if (published_version == 0) return nullptr;
  for (const ArticleVersion& v : versions)
    if (v.number == published_version) return &v;
  return nullptr;
}

namespace {
constexpr std::string_view kStaffKey = "staff";
constexpr std::string_view kAllClientsKey = "clients";
constexpr std::string_view kPublishedKey = "published";  // staff reading known fixes
std::string ClientKey(std::string_view id) { return "client:" + std::string(id); }
std::string OrganisationKey(std::string_view name) { return "org:" + std::string(name); }
}  // namespace

std::vector<std::string> ReaderKeys(const ArticleReader& reader) {
  if (reader.staff) return {std::string(reader.published_only ? kPublishedKey : kStaffKey)};
  if (reader.client_id.empty()) return {};  // nobody signed in reads nothing
  std::vector<std::string> keys = {std::string(kAllClientsKey), ClientKey(reader.client_id)};
  if (!reader.organisation.empty()) keys.push_back(OrganisationKey(reader.organisation));
  return keys;
}

std::vector<ArticleView> ArticleViews(const Article& article) {
  std::vector<ArticleView> views;
  if (article.versions.empty()) return views;
  views.push_back({&article.Latest(), {std::string(kStaffKey)}});
  const ArticleVersion* published = article.Published();
  if (published == nullptr || article.status == ArticleStatus::kArchived) return views;
  const ArticleVisibility& v = article.visibility;
  ArticleView readers{published, {std::string(kPublishedKey)}};
  if (v.audience == ArticleAudience::kAllClients) readers.keys.emplace_back(kAllClientsKey);
  if (v.audience == ArticleAudience::kNamed) {
    for (const std::string& id : v.clients) readers.keys.push_back(ClientKey(id));
    for (const std::string& name : v.organisations) readers.keys.push_back(OrganisationKey(name));
  }
  views.push_back(std::move(readers));
  return views;
}

bool MayRead(const Article& article, const ArticleReader& reader) {
  return VersionFor(article, reader) != nullptr;
}

const ArticleVersion* VersionFor(const Article& article, const ArticleReader& reader) {
  const std::vector<std::string> held = ReaderKeys(reader);
  for (const ArticleView& view : ArticleViews(article))
    for (const std::string& key : view.keys)
      if (std::find(held.begin(), held.end(), key) != held.end()) return view.version;
  return nullptr;
}

bool MayPublish(const Procedure& procedure, std::string_view person) {
  const Person* p = procedure.FindPerson(person);
  if (p == nullptr) return false;
  return std::any_of(procedure.knowledge.publishers.begin(), procedure.knowledge.publishers.end(),
                     [&](const std::string& role) { return p->roles.count(role) > 0; });
}

namespace {

Status Refuse(ErrorCode code, std::string message, std::string field) {
  return Fail(code, std::move(message), std::move(field));
}

Status Staff(const Procedure& procedure, std::string_view person, std::string_view doing) {
  if (procedure.FindPerson(person) != nullptr) return Ok();
  return Refuse(ErrorCode::kPermissionDenied,
                "only support staff " + std::string(doing) + " knowledge-base articles", "actor");
}

Status Publisher(const Procedure& procedure, std::string_view person) {
  if (MayPublish(procedure, person)) return Ok();
  std::string roles;
  for (const std::string& role : procedure.knowledge.publishers)
    roles += (roles.empty() ? "" : " or ") + role;
  return Refuse(ErrorCode::kPermissionDenied,
                "'" + std::string(person) + "' may not publish: it takes the role " + roles,
                "actor");
}

Status InStatus(const Article& article, std::initializer_list<ArticleStatus> allowed,
                std::string_view doing) {
  if (std::find(allowed.begin(), allowed.end(), article.status) != allowed.end()) return Ok();
  return Refuse(ErrorCode::kFailedPrecondition,
                "cannot " + std::string(doing) + " " + ArticleRef(article.id) + ": it is " +
                    ArticleStatusName(article.status),
                "status");
}

// Any status but archived: an archived article is withdrawn, and changes to it go nowhere.
Status NotArchived(const Article& article, std::string_view doing) {
  return InStatus(
      article, {ArticleStatus::kDraft, ArticleStatus::kInReview, ArticleStatus::kPublished}, doing);
}

Status CheckEdit(const ArticleEdit& edit) {
  if (edit.title.empty())
    return Refuse(ErrorCode::kInvalidArgument, "an article needs a title", "title");
  if (edit.title.size() > kMaxArticleTitleBytes || edit.title.find('\n') != std::string::npos)
    return Refuse(
        ErrorCode::kInvalidArgument,
        "a title is one line of at most " + std::to_string(kMaxArticleTitleBytes) + " bytes",
        "title");
  if (edit.body.empty())
    return Refuse(ErrorCode::kInvalidArgument, "an article needs a body", "body");
  if (edit.body.size() > kMaxArticleBodyBytes)
    return Refuse(ErrorCode::kInvalidArgument,
                  "a body is at most " + std::to_string(kMaxArticleBodyBytes / 1024) + " KiB",
                  "body");
  for (const auto& [field, text] :
       {std::pair{"title", &edit.title}, std::pair{"body", &edit.body}, {"note", &edit.note}})
    if (!IsValidUtf8(*text) || text->find('\0') != std::string::npos)
      return Refuse(ErrorCode::kInvalidArgument, std::string(field) + " is not UTF-8 text", field);
  if (edit.note.size() > kMaxArticleNoteBytes)
    return Refuse(ErrorCode::kInvalidArgument,
                  "a note is at most " + std::to_string(kMaxArticleNoteBytes) + " bytes", "note");
  if (edit.attachments.size() > kMaxArticleAttachments)
    return Refuse(ErrorCode::kInvalidArgument,
                  "an article has at most " + std::to_string(kMaxArticleAttachments) + " files",
                  "attachments");
  for (const Attachment& file : edit.attachments)
    if (file.sha256.size() != 64 || file.name.empty() || !IsValidUtf8(file.name))
      return Refuse(ErrorCode::kInvalidArgument, "each file has a name and the digest of an upload",
                    "attachments");
  return Ok();
}

void AddVersion(Article& a, std::string_view author, const ArticleEdit& edit, Timestamp now) {
  const int number = a.versions.empty() ? 1 : a.versions.back().number + 1;
  a.versions.push_back(ArticleVersion{number, edit.title, edit.body, std::string(author), now,
                                      edit.note, edit.attachments});
  // The oldest go first, never the one readers see.
  while (a.versions.size() > kMaxArticleVersions) {
    auto oldest = std::find_if(a.versions.begin(), a.versions.end(), [&](const ArticleVersion& v) {
      return v.number != a.published_version;
    });
    a.versions.erase(oldest);
  }
}

}  // namespace

Status CheckVisibility(const ArticleVisibility& v) {
  if (v.audience == ArticleAudience::kNamed && v.clients.empty() && v.organisations.empty())
    return Refuse(ErrorCode::kInvalidArgument,
                  "an article for named readers names clients or organisations", "visibility");
  if (v.audience != ArticleAudience::kNamed && (!v.clients.empty() || !v.organisations.empty()))
    return Refuse(ErrorCode::kInvalidArgument,
                  "only an article for named readers names clients or organisations", "visibility");
  if (v.clients.size() + v.organisations.size() > kMaxNamedReaders)
    return Refuse(ErrorCode::kInvalidArgument,
                  "an article names at most " + std::to_string(kMaxNamedReaders) + " readers",
                  "visibility");
  for (const auto* names : {&v.clients, &v.organisations})
    for (const std::string& name : *names)
      if (name.empty() || !IsValidUtf8(name))
        return Refuse(ErrorCode::kInvalidArgument, "a named reader is a non-empty name",
                      "visibility");
  return Ok();
}

Result<Article> NewArticle(const Procedure& procedure, std::string_view author,
                           const ArticleEdit& first, ArticleVisibility visibility, Timestamp now) {
  if (auto s = Staff(procedure, author, "write"); !s) return tl::unexpected(s.error());
  if (auto s = CheckEdit(first); !s) return tl::unexpected(s.error());
  if (auto s = CheckVisibility(visibility); !s) return tl::unexpected(s.error());
  Article a;
  a.visibility = std::move(visibility);
  AddVersion(a, author, first, now);
  return a;
}

Result<Article> EditArticle(const Procedure& procedure, const Article& article,
                            std::string_view author, const ArticleEdit& edit, Timestamp now) {
  if (auto s = Staff(procedure, author, "edit"); !s) return tl::unexpected(s.error());
  if (auto s = NotArchived(article, "edit"); !s) return tl::unexpected(s.error());
  if (auto s = CheckEdit(edit); !s) return tl::unexpected(s.error());
  Article a = article;
  AddVersion(a, author, edit, now);
  a.status = ArticleStatus::kDraft;  // a new version is reviewed again before readers see it
  return a;
}

Result<Article> SubmitForReview(const Procedure& procedure, const Article& article,
                                std::string_view person) {
  if (auto s = Staff(procedure, person, "submit"); !s) return tl::unexpected(s.error());
  if (auto s = InStatus(article, {ArticleStatus::kDraft}, "submit"); !s)
    return tl::unexpected(s.error());
  Article a = article;
  a.status = ArticleStatus::kInReview;
  return a;
}

Result<Article> SendBack(const Procedure& procedure, const Article& article,
                         std::string_view publisher, std::string_view reason) {
  if (auto s = Publisher(procedure, publisher); !s) return tl::unexpected(s.error());
  if (auto s = InStatus(article, {ArticleStatus::kInReview}, "send back"); !s)
    return tl::unexpected(s.error());
  if (reason.empty() || reason.size() > kMaxArticleNoteBytes || !IsValidUtf8(reason))
    return tl::unexpected(Refuse(ErrorCode::kInvalidArgument,
                                 "say why it goes back to its author, in at most " +
                                     std::to_string(kMaxArticleNoteBytes) + " bytes",
                                 "reason")
                              .error());
  Article a = article;
  a.status = ArticleStatus::kDraft;
  a.reviewer = std::string(publisher);
  a.review_note = std::string(reason);
  return a;
}

Result<Article> Publish(const Procedure& procedure, const Article& article,
                        std::string_view publisher, Timestamp now) {
  if (auto s = Publisher(procedure, publisher); !s) return tl::unexpected(s.error());
  if (auto s = InStatus(article, {ArticleStatus::kInReview}, "publish"); !s)
    return tl::unexpected(s.error());
  Article a = article;
  a.status = ArticleStatus::kPublished;
  a.published_version = a.Latest().number;
  a.published_by = std::string(publisher);
  a.published_at = now;
  a.reviewer = std::string(publisher);
  a.review_note.clear();
  return a;
}

Result<Article> Archive(const Procedure& procedure, const Article& article,
                        std::string_view publisher) {
  if (auto s = Publisher(procedure, publisher); !s) return tl::unexpected(s.error());
  if (auto s = NotArchived(article, "archive"); !s) return tl::unexpected(s.error());
  Article a = article;
  a.status = ArticleStatus::kArchived;
  return a;
}

Result<Article> ChangeVisibility(const Procedure& procedure, const Article& article,
                                 std::string_view person, ArticleVisibility visibility) {
  if (article.published_version > 0) {
    if (auto s = Publisher(procedure, person); !s) return tl::unexpected(s.error());
  } else if (auto s = Staff(procedure, person, "change"); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = NotArchived(article, "change who reads"); !s) return tl::unexpected(s.error());
  if (auto s = CheckVisibility(visibility); !s) return tl::unexpected(s.error());
  Article a = article;
  a.visibility = std::move(visibility);
  return a;
}

Result<Article> ChangeSubjects(const Procedure& procedure, const Article& article,
                               std::string_view person, ArticleSubjects subjects) {
  if (auto s = Staff(procedure, person, "change"); !s) return tl::unexpected(s.error());
  if (auto s = NotArchived(article, "change what it is about"); !s)
    return tl::unexpected(s.error());
  auto too_many = [](size_t n, const char* field) -> Status {
    if (n <= kMaxArticleSubjects) return Ok();
    return Refuse(ErrorCode::kInvalidArgument,
                  std::string("at most ") + std::to_string(kMaxArticleSubjects) + " " + field,
                  field);
  };
  for (const Status& s : {too_many(subjects.assets.size(), "assets"),
                          too_many(subjects.categories.size(), "categories"),
                          too_many(subjects.tickets.size(), "tickets")})
    if (!s) return tl::unexpected(s.error());
  for (const std::string& key : subjects.assets)
    if (procedure.FindAsset(key) == nullptr)
      return tl::unexpected(
          Refuse(ErrorCode::kInvalidArgument, "no asset '" + key + "' in the procedure", "assets")
              .error());
  for (TicketId id : subjects.tickets)
    if (id <= 0)
      return tl::unexpected(
          Refuse(ErrorCode::kInvalidArgument, "tickets are named by their ids", "tickets").error());
  auto unique = [](auto& list) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  };
  unique(subjects.assets);
  unique(subjects.categories);
  unique(subjects.tickets);
  Article a = article;
  a.assets = std::move(subjects.assets);
  a.categories = std::move(subjects.categories);
  a.tickets = std::move(subjects.tickets);
  return a;
}

std::vector<std::string> ArticleActions(const Procedure& procedure, const Article& article,
                                        std::string_view person) {
  std::vector<std::string> actions;
  if (article.versions.empty()) return actions;
  const ArticleVersion& latest = article.Latest();
  const ArticleEdit same{latest.title, latest.body, "", latest.attachments};
  const Timestamp any{};
  const std::pair<const char*, bool> tried[] = {
      {"edit", EditArticle(procedure, article, person, same, any).has_value()},
      {"submit", SubmitForReview(procedure, article, person).has_value()},
      {"send_back", SendBack(procedure, article, person, "why").has_value()},
      {"publish", Publish(procedure, article, person, any).has_value()},
      {"archive", Archive(procedure, article, person).has_value()},
      {"visibility", ChangeVisibility(procedure, article, person, article.visibility).has_value()},
      {"subjects", ChangeSubjects(procedure, article, person,
                                  {article.assets, article.categories, article.tickets})
                       .has_value()},
  };
  for (const auto& [name, allowed] : tried)
    if (allowed) actions.emplace_back(name);
  return actions;
}

}  // namespace tierdesk::core
