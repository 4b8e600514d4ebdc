#include "service/knowledge_base.h"

#include <algorithm>

#include "common/utf8.h"
#include "core/command.h"
#include "core/event_type.h"
#include "markdown/article_html.h"
#include "service/search_terms.h"

namespace tierdesk::service {
namespace {

bool IsTextFile(const core::Attachment& file) {
  const std::string& type = file.content_type;
  return type.starts_with("text/") || type == "application/json" || type == "application/xml";
}

}  // namespace

std::vector<std::string> SubjectsOf(const core::Article& article) {
  std::vector<std::string> subjects;
  for (const std::string& asset : article.assets) subjects.push_back("asset:" + asset);
  for (core::Category c : article.categories)
    subjects.push_back(std::string("category:") + core::CategoryName(c));
  for (core::TicketId t : article.tickets) subjects.push_back("ticket:" + std::to_string(t));
  return subjects;
}

KnownFixChange KnownFixChangeOf(const CommitRecord& r) {
  KnownFixChange change;
  for (const core::Event& e : r.events) {
    if (e.type == core::EventTypeName(core::EventType::kResolved)) {
      change.changed = true;
      auto fix = r.ticket.resolution.find(core::cmd::kKnownFixField);
      change.article =
          fix == r.ticket.resolution.end() ? 0 : core::ParseArticleRef(fix->second).value_or(0);
    } else if (e.type == core::EventTypeName(core::EventType::kReopened) ||
               e.type == core::EventTypeName(core::EventType::kQcFailed)) {
      change = {true, 0};
    }
  }
  return change;
}

StoredArticle Indexed(const core::Article& article, FileStore& files) {
  StoredArticle stored{article, {}};
  std::string subject_tags;
  for (const std::string& subject : SubjectsOf(article))
    subject_tags += " " + SearchTag('s', subject);
  for (const core::ArticleView& view : core::ArticleViews(article)) {
    const core::ArticleVersion& v = *view.version;
    std::string text = markdown::ArticleText(v.body);
    for (const core::Attachment& file : v.attachments) {
      if (!IsTextFile(file) || file.sha256.empty()) continue;
      auto bytes = files.GetBlob(file.sha256);
      if (!bytes || !*bytes) continue;  // a file gone is not searched; the article still is
      // Any bytes a file holds, as UTF-8 text (a Latin-1 log, a cut character): what every
      // engine can index.
      text += "\n\n" + file.name + "\n" +
              ValidUtf8(std::string_view(**bytes).substr(0, kMaxIndexedFileBytes));
    }
    std::string tags;
    for (const std::string& key : view.keys)
      tags += (tags.empty() ? "" : " ") + SearchTag('k', key);
    stored.documents.push_back({v.number, WithoutHitMarks(v.title),
                                WithoutHitMarks(std::move(text)), v.at, view.keys,
                                tags + subject_tags});
  }
  return stored;
}

Result<core::Article> SaveNewArticle(ArticleStore& articles, FileStore& files,
                                     core::Article article) {
  article.revision = 1;
  auto id = articles.AddArticle(Indexed(article, files));
  if (!id) return tl::unexpected(id.error());
  article.id = *id;
  return article;
}

Result<core::Article> SaveArticleChange(ArticleStore& articles, FileStore& files,
                                        core::Article changed) {
  ++changed.revision;
  if (auto s = articles.UpdateArticle(Indexed(changed, files)); !s)
    return tl::unexpected(s.error());
  return changed;
}

Status RefreshArticleIndex(Store& store) {
  const std::string version = std::to_string(kArticleIndexVersion);
  auto recorded = store.GetSetting("article_index");
  if (!recorded) return tl::unexpected(recorded.error());
  if (*recorded == version) return Ok();
  // Every article (staff read each at its newest version), newest first, a page at a time.
  ArticleFilter every{.reader_keys = core::ReaderKeys(core::ArticleReader::Staff()), .limit = 200};
  for (;;) {
    auto page = store.ListArticles(every);
    if (!page) return tl::unexpected(page.error());
    if (page->empty()) break;
    for (const ArticleEntry& entry : *page) {
      auto article = store.FindArticle(entry.id);
      if (!article) return tl::unexpected(article.error());
      if (!*article) continue;
      auto saved = SaveArticleChange(store, store, std::move(**article));
      if (!saved && saved.error().code != ErrorCode::kFailedPrecondition)
        return tl::unexpected(saved.error());
    }
    every.before = page->back().id;
  }
  return store.PutSetting("article_index", version);
}

Result<std::vector<ArticleEntry>> SearchArticles(ArticleStore& articles, std::string_view words,
                                                 const core::ArticleReader& reader,
                                                 std::optional<std::string> subject, int limit) {
  ArticleQuery query{{SearchTerms(words)}, core::ReaderKeys(reader), std::move(subject), limit};
  if (query.terms.empty() || query.reader_keys.empty() || limit <= 0)
    return std::vector<ArticleEntry>{};
  return EveryTermThenSome(
      std::move(query), limit, [&](const ArticleQuery& q) { return articles.SearchArticles(q); },
      [](const ArticleEntry& e) { return e.id; });
}

}  // namespace tierdesk::service
