// The knowledge base in memory: articles by id, and a search that matches terms as word
// beginnings (no stemming) and ranks title hits above text hits.
#include <algorithm>

#include "service/search_terms.h"
#include "store/memory/memory_store.h"

namespace tierdesk::store {

using service::ArticleDocument;
using service::ArticleEntry;

namespace {

// The view of `stored` a holder of `keys` reads, if any.
const ArticleDocument* ViewFor(const service::StoredArticle& stored,
                               const std::vector<std::string>& keys) {
  for (const ArticleDocument& d : stored.documents)
    for (const std::string& key : d.keys)
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) return &d;
  return nullptr;
}

bool About(const service::StoredArticle& stored, const std::optional<std::string>& subject) {
  if (!subject) return true;
  const auto subjects = service::SubjectsOf(stored.article);
  return std::find(subjects.begin(), subjects.end(), *subject) != subjects.end();
}

ArticleEntry EntryOf(const service::StoredArticle& stored, const ArticleDocument& d) {
  return ArticleEntry{stored.article.id, stored.article.status, d.version, d.title, d.at, "", 0};
}

}  // namespace

Result<core::ArticleId> MemoryStore::AddArticle(const service::StoredArticle& article) {
  std::lock_guard lock(mu_);
  const core::ArticleId id = articles_.empty() ? 1 : articles_.rbegin()->first + 1;
  service::StoredArticle& stored = articles_[id] = article;
  stored.article.id = id;
  stored.article.revision = 1;
  return id;
}

Status MemoryStore::UpdateArticle(const service::StoredArticle& article) {
  std::lock_guard lock(mu_);
  auto it = articles_.find(article.article.id);
  if (it == articles_.end())
    return Fail(ErrorCode::kNotFound, "no article " + core::ArticleRef(article.article.id));
  if (it->second.article.revision + 1 != article.article.revision)
    return Fail(ErrorCode::kFailedPrecondition,
                core::ArticleRef(article.article.id) + " was changed by someone else since",
                "revision");
  it->second = article;
  return Ok();
}

Result<std::optional<core::Article>> MemoryStore::FindArticle(core::ArticleId id) {
  std::lock_guard lock(mu_);
  auto it = articles_.find(id);
  if (it == articles_.end()) return std::optional<core::Article>();
  return std::optional<core::Article>(it->second.article);
}

Result<int64_t> MemoryStore::TicketsSolvedBy(core::ArticleId id) {
  std::lock_guard lock(mu_);
  return std::count_if(known_fixes_.begin(), known_fixes_.end(),
                       [&](const auto& fix) { return fix.second == id; });
}

Result<std::vector<ArticleEntry>> MemoryStore::ListArticles(const service::ArticleFilter& f) {
  std::lock_guard lock(mu_);
  std::vector<ArticleEntry> found;
  for (auto it = articles_.rbegin(); it != articles_.rend() && int(found.size()) < f.limit; ++it) {
    const auto& [id, stored] = *it;
    if (f.before && id >= *f.before) continue;
    if (f.status && stored.article.status != *f.status) continue;
    if (!About(stored, f.subject)) continue;
    if (const ArticleDocument* d = ViewFor(stored, f.reader_keys))
      found.push_back(EntryOf(stored, *d));
  }
  return found;
}

Result<std::vector<ArticleEntry>> MemoryStore::SearchArticles(const service::ArticleQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<ArticleEntry> found;
  if (q.terms.empty()) return found;
  for (const auto& [id, stored] : articles_) {
    if (!About(stored, q.subject)) continue;
    const ArticleDocument* d = ViewFor(stored, q.reader_keys);
    if (d == nullptr) continue;
    const std::optional<double> score = service::PlainMatch(d->title, d->text, q);
    if (!score) continue;
    ArticleEntry e = EntryOf(stored, *d);
    e.snippet = service::MarkedPassage(d->text, q.terms);
    e.score = *score;
    found.push_back(std::move(e));
  }
  std::stable_sort(found.begin(), found.end(), [](const ArticleEntry& a, const ArticleEntry& b) {
    return a.score != b.score ? a.score > b.score : a.id > b.id;
  });
  if (int(found.size()) > std::max(q.limit, 0)) found.resize(std::max(q.limit, 0));
  return found;
}

}  // namespace tierdesk::store
