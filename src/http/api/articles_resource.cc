// The knowledge base over the API. A caller reads what core::VersionFor gives them and nothing
// else: lists and searches ask the store only for the views their keys read (core::ReaderKeys),
// an article they may not read is "not found" (as if it did not exist), and a file is served
// only from the version they read, always as a download.
#include "http/api/articles_resource.h"

#include "http/api/api_util.h"
#include "http/api/request_parsers.h"
#include "http/api/views.h"
#include "json/article_codec.h"
#include "markdown/article_html.h"
#include "service/knowledge_base.h"
#include "service/search_terms.h"

namespace tierdesk::http {
namespace {

using core::Article;
using core::ArticleReader;

constexpr int kMaxListed = 50;
constexpr int kDefaultListed = 20;
constexpr int kDefaultFound = 10;

ApiResponse NotFound(const std::string& ref) {
  return ErrorResponse(Refusal::kNotFound, "no article " + ref, "ref");
}

// A client reads only published versions: whether a next version is being written (its
// status, its revision) is staff's.
const char* ShownStatus(core::ArticleStatus status, const Principal& who) {
  return core::ArticleStatusName(who.is_client() ? core::ArticleStatus::kPublished : status);
}

json::Json EntryJson(const service::ArticleEntry& e, const Principal& who,
                     const core::Procedure& p) {
  return {{"id", core::ArticleRef(e.id)},
          {"status", ShownStatus(e.status, who)},
          {"version", e.version},
          {"title", e.title},
          {"at", FormatTimestamp(e.at, p.zone)},
          {"snippet", SnippetJson(e.snippet)}};
}

json::Json TicketRefs(const std::vector<core::TicketId>& ids) {
  json::Json refs = json::Json::array();
  for (core::TicketId id : ids) refs.push_back(core::TicketRef(id));
  return refs;
}

// The article as `reader` reads it; staff also see its workflow, its versions and who reads it.
json::Json ArticleJson(const Article& a, const core::ArticleVersion& v, const Principal& who,
                       const core::Procedure& p) {
  const bool staff = !who.is_client();
  json::Json files = json::Json::array();
  for (const core::Attachment& f : v.attachments) files.push_back(json::AttachmentToJson(f));
  json::Json categories = json::Json::array();
  for (core::Category c : a.categories) categories.push_back(core::CategoryName(c));
  json::Json versions = json::Json::array();
  if (staff)
    for (const core::ArticleVersion& old : a.versions)
      versions.push_back({{"number", old.number},
                          {"title", old.title},
                          {"author", old.author},
                          {"at", FormatTimestamp(old.at, p.zone)},
                          {"note", old.note}});
  json::Json actions = json::Json::array();
  for (const std::string& action : core::ArticleActions(p, a, who.actor)) actions.push_back(action);
  return {{"id", core::ArticleRef(a.id)},
          {"revision", staff ? a.revision : 0},
          {"status", ShownStatus(a.status, who)},
          {"version",
           {{"number", v.number},
            {"title", v.title},
            {"body", v.body},
            {"html", markdown::ArticleHtml(v.body)},
            {"author", v.author},
            {"at", FormatTimestamp(v.at, p.zone)},
            {"note", staff ? v.note : ""},
            {"attachments", std::move(files)}}},
          {"published_version", a.published_version},
          {"published_at", a.published_at ? json::Json(FormatTimestamp(*a.published_at, p.zone))
                                          : json::Json(nullptr)},
          {"published_by", staff ? a.published_by : ""},
          {"reviewer", staff ? a.reviewer : ""},
          {"review_note", staff ? a.review_note : ""},
          {"visibility", staff ? json::ArticleVisibilityToJson(a.visibility) : json::Json(nullptr)},
          {"assets", a.assets},
          {"categories", std::move(categories)},
          {"tickets", staff ? TicketRefs(a.tickets) : json::Json::array()},
          {"versions", std::move(versions)},
          {"actions", std::move(actions)}};
}

// The article as `who` reads version `v` of it, with its revision as the ETag for staff (the
// writers, who send it back as If-Match).
ApiResponse ArticleResponse(int status, const Article& a, const core::ArticleVersion& v,
                            const Principal& who, const core::Procedure& p,
                            std::optional<int64_t> solved_tickets = std::nullopt) {
  json::Json body = ArticleJson(a, v, who, p);
  if (solved_tickets) body["solved_tickets"] = *solved_tickets;
  ApiResponse response = Json(status, body);
  if (!who.is_client()) response.headers.emplace_back("ETag", EntityTagOf(a.revision));
  return response;
}

}  // namespace

Result<ArticleReader> ArticlesResource::ReaderOf(const Principal& who) {
  if (!who.is_client()) return ArticleReader::Staff();
  return ClientReader(who.client_id);
}

Result<ArticleReader> ArticlesResource::ClientReader(const std::string& client_id) {
  auto client = readers_.Borrow()->FindClient(client_id);
  if (!client) return tl::unexpected(client.error());
  return ArticleReader::Client(client_id, *client ? (*client)->organisation : "");
}

Result<ArticleReader> ArticlesResource::TicketClientReader(const std::string& ref) {
  const auto id = core::ParseTicketRef(ref);
  if (!id)
    return Fail(ErrorCode::kInvalidArgument, "readable_by names a ticket (TD-12)", "readable_by");
  Result<core::Ticket> ticket = readers_.Borrow()->Load(*id);
  if (!ticket) {
    if (ticket.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInvalidArgument, "no ticket " + ref, "readable_by");
    return tl::unexpected(ticket.error());
  }
  return ClientReader(ticket->registration.client_id);
}

ApiResponse ArticlesResource::List(const ApiRequest& request, const Principal& who) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return error;
  std::optional<std::string> words;
  service::ArticleFilter filter;
  std::optional<int> limit;
  std::optional<std::string> readable_by;
  for (const auto& [key, value] : *query) {
    if (key == "q") {
      if (value.size() > service::kMaxSearchWordsBytes)
        return ErrorResponse(
            Refusal::kInvalidArgument,
            "q is at most " + std::to_string(service::kMaxSearchWordsBytes) + " bytes", "q");
      words = value;
    } else if (key == "status") {
      if (who.is_client())
        return ErrorResponse(Refusal::kInvalidArgument,
                             "status is for staff: a client reads published articles only",
                             "status");
      filter.status = core::ParseArticleStatus(value);
      if (!filter.status)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "status is draft, in_review, published or archived", "status");
    } else if (key == "subject") {
      // Which tickets an article solved is staff's: clients filter by asset and category.
      const bool allowed = value.starts_with("asset:") || value.starts_with("category:") ||
                           (!who.is_client() && value.starts_with("ticket:"));
      if (!allowed || value.size() > 200)
        return ErrorResponse(Refusal::kInvalidArgument,
                             who.is_client()
                                 ? "subject is asset:<kind:id> or category:<name>"
                                 : "subject is asset:<kind:id>, category:<name> or ticket:TD-<n>",
                             "subject");
      filter.subject = value;
      // A ticket as people name it (TD-12); stores know it by number.
      if (value.starts_with("ticket:")) {
        const auto ticket = core::ParseTicketRef(value.substr(7));
        if (!ticket)
          return ErrorResponse(Refusal::kInvalidArgument, "subject ticket: names a ticket (TD-12)",
                               "subject");
        filter.subject = "ticket:" + std::to_string(*ticket);
      }
    } else if (key == "readable_by") {
      // What staff may put before a ticket's client (a response, a public note): the articles
      // that client reads, as the client would find them.
      if (who.is_client())
        return ErrorResponse(Refusal::kPermissionDenied, "readable_by is for staff", "readable_by");
      readable_by = value;
    } else if (key == "before") {
      auto id = core::ParseArticleRef(value);
      if (!id) return ErrorResponse(Refusal::kInvalidArgument, "before is an article", "before");
      filter.before = *id;
    } else if (key == "limit") {
      limit = ParseCountParameter(value, 1, kMaxListed);
      if (!limit)
        return ErrorResponse(Refusal::kInvalidArgument,
                             "limit must be 1 to " + std::to_string(kMaxListed), "limit");
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  // A search of published articles is staff's known fixes: the published version of each,
  // whatever its audience (what a request being taken may be solved by).
  const bool known_fixes = words && filter.status == core::ArticleStatus::kPublished;
  if (words && ((filter.status && !known_fixes) || filter.before))
    return ErrorResponse(Refusal::kInvalidArgument,
                         "a search (q) is ranked: it takes no before, and status published only",
                         "q");
  if (readable_by && filter.status)
    return ErrorResponse(Refusal::kInvalidArgument,
                         "readable_by finds what a client reads: published articles, no status",
                         "readable_by");
  auto reader = readable_by   ? TicketClientReader(*readable_by)
                : known_fixes ? Result<ArticleReader>(ArticleReader::KnownFixes())
                              : ReaderOf(who);
  if (!reader) return ErrorResponse(reader.error());
  auto store = readers_.Borrow();
  Result<std::vector<service::ArticleEntry>> found;
  if (words) {
    found = service::SearchArticles(*store, *words, *reader, filter.subject,
                                    limit.value_or(kDefaultFound));
  } else {
    filter.reader_keys = core::ReaderKeys(*reader);
    filter.limit = limit.value_or(kDefaultListed);
    found = store->ListArticles(filter);
  }
  if (!found) return ErrorResponse(found.error());
  const core::Procedure& p = *procedure_;
  json::Json items = json::Json::array();
  for (auto& e : *found) {
    // The published version was found (what known fixes and a client read).
    if (known_fixes || readable_by) e.status = core::ArticleStatus::kPublished;
    items.push_back(EntryJson(e, who, p));
  }
  json::Json body = json::Json::object();
  body["articles"] = std::move(items);
  // The next page starts before the last listed (a search is one ranked page).
  body["next_before"] = !words && int(found->size()) == filter.limit && !found->empty()
                            ? json::Json(core::ArticleRef(found->back().id))
                            : json::Json(nullptr);
  return Json(200, body);
}

ApiResponse ArticlesResource::Create(const ApiRequest& request, const Principal& who) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  ApiResponse error;
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return error;
  auto r = json::ArticleRequestFromJson(*body, {"title", "body", "note", "attachments",
                                                "visibility", "assets", "categories", "tickets"});
  if (!r) return ErrorResponse(r.error());
  std::vector<core::Attachment> files = r->attachments.value_or(std::vector<core::Attachment>{});
  if (auto refused = uploads_.CheckFiles(files, who)) return std::move(*refused);
  const core::Procedure& p = *procedure_;
  const Timestamp now = clock_.Now();
  auto article = core::NewArticle(
      p, who.actor, {r->title.value_or(""), r->body.value_or(""), r->note.value_or(""), files},
      r->visibility.value_or(core::ArticleVisibility{}), now);
  if (article && (r->assets || r->categories || r->tickets))
    article = core::ChangeSubjects(p, *article, who.actor,
                                   {r->assets.value_or(std::vector<std::string>{}),
                                    r->categories.value_or(std::vector<core::Category>{}),
                                    r->tickets.value_or(std::vector<core::TicketId>{})});
  if (!article) return ErrorResponse(article.error());
  auto store = readers_.Borrow();
  auto saved = service::SaveNewArticle(*store, *store, std::move(*article));
  if (!saved) return ErrorResponse(saved.error());
  return ArticleResponse(201, *saved, saved->Latest(), who, p);
}

ApiResponse ArticlesResource::Get(const Principal& who, const std::string& ref) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  auto id = core::ParseArticleRef(ref);
  if (!id) return NotFound(ref);
  auto reader = ReaderOf(who);
  if (!reader) return ErrorResponse(reader.error());
  auto found = readers_.Borrow()->FindArticle(*id);
  if (!found) return ErrorResponse(found.error());
  if (!*found) return NotFound(ref);
  const core::ArticleVersion* v = core::VersionFor(**found, *reader);
  if (v == nullptr) return NotFound(ref);
  // How many tickets it solved (resolved with it as their known fix): staff's, and only here.
  std::optional<int64_t> solved;
  if (!who.is_client()) {
    auto counted = readers_.Borrow()->TicketsSolvedBy(*id);
    if (!counted) return ErrorResponse(counted.error());
    solved = *counted;
  }
  return ArticleResponse(200, **found, *v, who, *procedure_, solved);
}

ApiResponse ArticlesResource::Change(const ApiRequest& request, const Principal& who,
                                     const std::string& ref, const std::string& action) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  auto id = core::ParseArticleRef(ref);
  if (!id) return NotFound(ref);
  auto if_match = ParseIfMatch(request.Header("if-match"));
  if (!if_match)
    return ErrorResponse(Refusal::kMalformedRequest, "If-Match is \"*\" or quoted revisions",
                         "If-Match");
  ApiResponse error;
  auto body = ParseBody(request.body.empty() ? "{}" : request.body, limits_, error);
  if (!body) return error;
  // One connection at a time (a request holding one while it borrows another could wait on
  // itself when the pool is busy): read, check, then borrow again to save.
  auto found = readers_.Borrow()->FindArticle(*id);
  if (!found) return ErrorResponse(found.error());
  if (!*found) return NotFound(ref);
  // Clients read articles; one they may not read is not there for them.
  if (who.is_client()) {
    auto reader = ReaderOf(who);
    if (reader && core::VersionFor(**found, *reader) != nullptr)
      return ErrorResponse(Refusal::kPermissionDenied, "clients read articles only", "actor");
    return NotFound(ref);
  }
  const Article& current = **found;
  if (if_match->conditional && std::find(if_match->versions.begin(), if_match->versions.end(),
                                         current.revision) == if_match->versions.end())
    return ErrorResponse(
        Refusal::kVersionMismatch,
        ref + " is at revision " + std::to_string(current.revision) + ": read it again",
        "If-Match");
  const core::Procedure& p = *procedure_;
  const Timestamp now = clock_.Now();
  Result<Article> changed = tl::unexpected(Error{ErrorCode::kNotFound, "no action", "action"});
  if (action == "edit") {
    auto r = json::ArticleRequestFromJson(*body, {"title", "body", "note", "attachments"});
    if (!r) return ErrorResponse(r.error());
    const core::ArticleVersion& latest = current.Latest();
    std::vector<core::Attachment> files = r->attachments.value_or(latest.attachments);
    if (auto refused = uploads_.CheckFiles(files, who, latest.attachments))
      return std::move(*refused);
    changed = core::EditArticle(p, current, who.actor,
                                {r->title.value_or(latest.title), r->body.value_or(latest.body),
                                 r->note.value_or(""), files},
                                now);
  } else if (action == "submit" || action == "publish" || action == "archive") {
    auto r = json::ArticleRequestFromJson(*body, {});
    if (!r) return ErrorResponse(r.error());
    changed = action == "submit"    ? core::SubmitForReview(p, current, who.actor)
              : action == "publish" ? core::Publish(p, current, who.actor, now)
                                    : core::Archive(p, current, who.actor);
  } else if (action == "send_back") {
    auto r = json::ArticleRequestFromJson(*body, {"reason"});
    if (!r) return ErrorResponse(r.error());
    changed = core::SendBack(p, current, who.actor, r->reason.value_or(""));
  } else if (action == "visibility") {
    auto r = json::ArticleRequestFromJson(*body, {"visibility"});
    if (!r) return ErrorResponse(r.error());
    if (!r->visibility)
      return ErrorResponse(Refusal::kInvalidArgument, "missing 'visibility'", "visibility");
    changed = core::ChangeVisibility(p, current, who.actor, *r->visibility);
  } else if (action == "subjects") {
    auto r = json::ArticleRequestFromJson(*body, {"assets", "categories", "tickets"});
    if (!r) return ErrorResponse(r.error());
    changed = core::ChangeSubjects(
        p, current, who.actor,
        {r->assets.value_or(current.assets), r->categories.value_or(current.categories),
         r->tickets.value_or(current.tickets)});
  }
  if (!changed) return ErrorResponse(changed.error());
  auto store = readers_.Borrow();
  auto saved = service::SaveArticleChange(*store, *store, std::move(*changed));
  if (!saved) return ErrorResponse(saved.error());
  return ArticleResponse(200, *saved, saved->Latest(), who, p);
}

ApiResponse ArticlesResource::File(const Principal& who, const std::string& ref,
                                   const std::string& sha256) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  auto id = core::ParseArticleRef(ref);
  if (!id) return NotFound(ref);
  auto reader = ReaderOf(who);
  if (!reader) return ErrorResponse(reader.error());
  auto store = readers_.Borrow();
  auto found = store->FindArticle(*id);
  if (!found) return ErrorResponse(found.error());
  const core::ArticleVersion* v = *found ? core::VersionFor(**found, *reader) : nullptr;
  if (v == nullptr) return NotFound(ref);
  // Only a file of the version the caller reads: a digest alone opens nothing.
  const core::Attachment* file = nullptr;
  for (const core::Attachment& a : v->attachments)
    if (a.sha256 == sha256) file = &a;
  if (file == nullptr)
    return ErrorResponse(Refusal::kNotFound, ref + " has no file " + sha256, "sha256");
  auto bytes = store->GetBlob(sha256);
  if (!bytes) return ErrorResponse(bytes.error());
  if (!*bytes) return ErrorResponse(Refusal::kNotFound, "the file is not stored", "sha256");
  return FileDownload(std::move(**bytes), file->name);
}

}  // namespace tierdesk::http
