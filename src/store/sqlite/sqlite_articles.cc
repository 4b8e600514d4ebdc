// The knowledge base on SQLite: articles as JSON state rows, their views in an FTS5 index. A
// list finds a view only through a key its reader holds (article_view_keys); a search through
// the same keys as words of the index (service::SearchTag), so the index filters them itself.
#include <SQLiteCpp/SQLiteCpp.h>

#include "json/article_codec.h"
#include "service/search_terms.h"
#include "store/sqlite/fts_query.h"
#include "store/sqlite/sqlite_guarded.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::store {

using service::ArticleEntry;
using service::StoredArticle;

namespace {

// "?3, ?4, ?5" for `count` parameters numbered from `first`.
std::string Placeholders(int first, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? ", ?" : "?") + std::to_string(first + int(i));
  return out;
}

// The FTS5 query: the words (FtsWords), and in the tags one of the reader's keys and the subject
// asked for (service::SearchTag).
std::string MatchExpression(const service::ArticleQuery& q) {
  std::string keys;
  for (const std::string& key : q.reader_keys)
    keys += (keys.empty() ? "" : " OR ") + service::SearchTag('k', key);
  std::string out = FtsWords(q) + " AND tags : (" + keys + ")";
  if (q.subject) out += " AND tags : " + service::SearchTag('s', *q.subject);
  return out;
}

// Writes what the article's row does not hold: subjects, files, views with their keys and text.
void WriteParts(SQLite::Database& db, const StoredArticle& stored) {
  const core::ArticleId id = stored.article.id;
  for (const std::string& subject : service::SubjectsOf(stored.article)) {
    SQLite::Statement q(db, "INSERT OR IGNORE INTO article_subjects VALUES (?, ?)");
    q.bind(1, subject);
    q.bind(2, id);
    q.exec();
  }
  for (const core::ArticleVersion& v : stored.article.versions)
    for (const core::Attachment& file : v.attachments) {
      SQLite::Statement q(db, "INSERT OR IGNORE INTO article_files VALUES (?, ?)");
      q.bind(1, file.sha256);
      q.bind(2, id);
      q.exec();
    }
  for (const service::ArticleDocument& d : stored.documents) {
    // The trigger article_views_indexed indexes its text.
    SQLite::Statement view(db,
                           "INSERT INTO article_views (article_id, version, title, text, at, "
                           "tags) VALUES (?, ?, ?, ?, ?, ?)");
    view.bind(1, id);
    view.bind(2, d.version);
    view.bind(3, d.title);
    view.bind(4, d.text);
    view.bind(5, EpochSeconds(d.at));
    view.bind(6, d.tags);
    view.exec();
    const int64_t view_id = db.getLastInsertRowid();
    for (const std::string& key : d.keys) {
      SQLite::Statement k(db, "INSERT OR IGNORE INTO article_view_keys VALUES (?, ?, ?)");
      k.bind(1, key);
      k.bind(2, id);
      k.bind(3, view_id);
      k.exec();
    }
  }
}

void RemoveParts(SQLite::Database& db, core::ArticleId id) {
  for (const char* sql :
       {"DELETE FROM article_view_keys WHERE view_id IN "
        "(SELECT id FROM article_views WHERE article_id = ?1)",
        "DELETE FROM article_views WHERE article_id = ?1",  // unindexed by its trigger
        "DELETE FROM article_subjects WHERE article_id = ?1",
        "DELETE FROM article_files WHERE article_id = ?1"}) {
    SQLite::Statement q(db, sql);
    q.bind(1, id);
    q.exec();
  }
}

void WriteState(SQLite::Database& db, const core::Article& article) {
  SQLite::Statement q(db, "UPDATE articles SET revision = ?, status = ?, state = ? WHERE id = ?");
  q.bind(1, article.revision);
  q.bind(2, core::ArticleStatusName(article.status));
  q.bind(3, json::ArticleToJson(article).dump());
  q.bind(4, article.id);
  q.exec();
}

ArticleEntry ReadEntry(SQLite::Statement& q) {
  ArticleEntry e;
  e.id = q.getColumn(0).getInt64();
  e.status = core::ParseArticleStatus(q.getColumn(1).getString()).value_or(core::ArticleStatus{});
  e.version = q.getColumn(2).getInt();
  e.title = q.getColumn(3).getString();
  e.at = FromEpochSeconds(q.getColumn(4).getInt64());
  return e;
}

}  // namespace

Result<core::ArticleId> SqliteStore::AddArticle(const StoredArticle& article) {
  return Guarded("adding an article", [&]() -> Result<core::ArticleId> {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    db_->exec("INSERT INTO articles (revision, status, state) VALUES (1, '', '')");
    StoredArticle stored = article;
    stored.article.id = db_->getLastInsertRowid();
    stored.article.revision = 1;
    WriteState(*db_, stored.article);
    WriteParts(*db_, stored);
    tx.commit();
    return stored.article.id;
  });
}

Status SqliteStore::UpdateArticle(const StoredArticle& article) {
  return Guarded("saving an article", [&]() -> Status {
    const core::Article& a = article.article;
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement current(*db_, "SELECT revision FROM articles WHERE id = ?");
    current.bind(1, a.id);
    if (!current.executeStep())
      return Fail(ErrorCode::kNotFound, "no article " + core::ArticleRef(a.id));
    if (current.getColumn(0).getInt64() + 1 != a.revision)
      return Fail(ErrorCode::kFailedPrecondition,
                  core::ArticleRef(a.id) + " was changed by someone else since", "revision");
    current.reset();
    WriteState(*db_, a);
    RemoveParts(*db_, a.id);
    WriteParts(*db_, article);
    tx.commit();
    return Ok();
  });
}

Result<std::optional<core::Article>> SqliteStore::FindArticle(core::ArticleId id) {
  return Guarded("reading an article", [&]() -> Result<std::optional<core::Article>> {
    SQLite::Statement q(*db_, "SELECT state FROM articles WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<core::Article>();
    auto article = json::ArticleFromStoredText(q.getColumn(0).getString());
    if (!article) return tl::unexpected(article.error());
    return std::optional<core::Article>(std::move(*article));
  });
}

Result<std::vector<ArticleEntry>> SqliteStore::ListArticles(const service::ArticleFilter& f) {
  return Guarded("listing articles", [&]() -> Result<std::vector<ArticleEntry>> {
    std::vector<ArticleEntry> found;
    if (f.reader_keys.empty() || f.limit <= 0) return found;
    // Newest first along article_views_article, each view checked against the reader's keys
    // (the keys table's primary key): a page costs its rows, not the desk's size.
    // ?1 before, ?2 status, ?3 subject, ?4 limit, then the keys.
    std::string sql =
        "SELECT v.article_id, a.status, v.version, v.title, v.at FROM article_views v "
        "JOIN articles a ON a.id = v.article_id WHERE EXISTS (SELECT 1 FROM article_view_keys k "
        "WHERE k.key IN (" +
        Placeholders(5, f.reader_keys.size()) +
        ") AND k.article_id = v.article_id AND k.view_id = v.id) "
        "AND (?1 IS NULL OR v.article_id < ?1)";
    if (f.status) sql += " AND a.status = ?2";
    if (f.subject)
      sql += " AND v.article_id IN (SELECT article_id FROM article_subjects WHERE subject = ?3)";
    sql += " ORDER BY v.article_id DESC LIMIT ?4";
    SQLite::Statement q(*db_, sql);
    if (f.before) q.bind(1, *f.before);
    if (f.status) q.bind(2, core::ArticleStatusName(*f.status));
    if (f.subject) q.bind(3, *f.subject);
    q.bind(4, f.limit);
    for (size_t i = 0; i < f.reader_keys.size(); ++i) q.bind(int(5 + i), f.reader_keys[i]);
    while (q.executeStep()) found.push_back(ReadEntry(q));
    return found;
  });
}

Result<int64_t> SqliteStore::TicketsSolvedBy(core::ArticleId id) {
  return Guarded("counting an article's tickets", [&]() -> Result<int64_t> {
    SQLite::Statement q(*db_, "SELECT COUNT(*) FROM ticket_known_fixes WHERE article_id = ?");
    q.bind(1, id);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

Result<std::vector<ArticleEntry>> SqliteStore::SearchArticles(const service::ArticleQuery& q) {
  return Guarded("searching articles", [&]() -> Result<std::vector<ArticleEntry>> {
    std::vector<ArticleEntry> found;
    if (q.terms.empty() || q.reader_keys.empty() || q.limit <= 0) return found;
    const std::string match = MatchExpression(q);
    // A title holds the few words that name the problem, so its hits weigh four times a
    // text's; tags are not words asked for. The index filters by reader and subject itself.
    const auto ranked = BestOfNewest(*db_, "article_search", "4.0, 1.0, 0.0", match, q.limit);
    // Their rows and snippets (a snippet reads and tokenizes the text: only for those shown).
    SQLite::Statement shown(
        *db_,
        "SELECT v.article_id, a.status, v.version, v.title, v.at, "
        "snippet(article_search, 1, char(2), char(3), '…', 16) FROM article_search "
        "JOIN article_views v ON v.id = article_search.rowid JOIN articles a ON a.id = "
        "v.article_id "
        "WHERE article_search MATCH ? AND article_search.rowid = ?");
    for (const auto& [view, bm25] : ranked) {
      shown.reset();
      shown.bind(1, match);
      shown.bind(2, view);
      if (!shown.executeStep()) continue;
      ArticleEntry e = ReadEntry(shown);
      e.snippet = shown.getColumn(5).getString();
      e.score = -bm25;  // bm25 is lower for better matches
      found.push_back(std::move(e));
    }
    return found;
  });
}

}  // namespace tierdesk::store
