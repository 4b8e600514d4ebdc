#include "store/postgres/postgres_articles.h"

#include "json/article_codec.h"
#include "service/search_terms.h"
#include "store/postgres/pg_arrays.h"
#include "store/postgres/pg_errors.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_search.h"

namespace tierdesk::store::pg_articles {

using service::ArticleEntry;
using service::StoredArticle;

namespace {

void WriteState(pqxx::work& tx, const core::Article& a) {
  tx.exec_params("UPDATE articles SET revision = $1, status = $2, state = $3 WHERE id = $4",
                 a.revision, core::ArticleStatusName(a.status), json::ArticleToJson(a).dump(),
                 a.id);
}

void WriteParts(pqxx::work& tx, const StoredArticle& stored) {
  const core::ArticleId id = stored.article.id;
  tx.exec_params(
      "INSERT INTO article_subjects (subject, article_id) "
      "SELECT DISTINCT unnest($1::TEXT[]), $2::BIGINT ON CONFLICT DO NOTHING",
      TextArray(service::SubjectsOf(stored.article)), id);
  std::vector<std::string> files;
  for (const core::ArticleVersion& v : stored.article.versions)
    for (const core::Attachment& file : v.attachments) files.push_back(file.sha256);
  tx.exec_params(
      "INSERT INTO article_files (sha256, article_id) "
      "SELECT DISTINCT unnest($1::TEXT[]), $2::BIGINT ON CONFLICT DO NOTHING",
      TextArray(files), id);
  for (const service::ArticleDocument& d : stored.documents) {
    const int64_t view =
        tx.exec_params1(
              "INSERT INTO article_views (article_id, version, title, text, at, tags) "
              "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
              id, d.version, d.title, d.text, EpochSeconds(d.at), d.tags)[0]
            .as<int64_t>();
    tx.exec_params(
        "INSERT INTO article_view_keys (key, article_id, view_id) "
        "SELECT DISTINCT unnest($1::TEXT[]), $2::BIGINT, $3::BIGINT ON CONFLICT DO NOTHING",
        TextArray(d.keys), id, view);
  }
}

void RemoveParts(pqxx::work& tx, core::ArticleId id) {
  for (const char* table :
       {"article_view_keys", "article_views", "article_subjects", "article_files"})
    tx.exec_params(std::string("DELETE FROM ") + table + " WHERE article_id = $1", id);
}

ArticleEntry ReadEntry(const pqxx::row& row) {
  ArticleEntry e;
  e.id = row[0].as<int64_t>();
  e.status = core::ParseArticleStatus(Text(row[1])).value_or(core::ArticleStatus{});
  e.version = row[2].as<int>();
  e.title = Text(row[3]);
  e.at = FromEpochSeconds(row[4].as<int64_t>());
  return e;
}

// "AND EXISTS (a key of `keys` reads view v)", its parameter added to `query`.
std::string ReadableBy(PgQuery& query, const std::vector<std::string>& keys) {
  return " AND EXISTS (SELECT 1 FROM article_view_keys k WHERE k.key = ANY (" +
         query.Param(TextArray(keys)) +
         "::TEXT[]) AND k.article_id = v.article_id AND k.view_id = v.id)";
}

// "the view's tags hold one of the reader's keys [and the subject asked for]", its parameters
// added to `s`.
std::string HoldsTags(PgQuery& s, const service::ArticleQuery& q) {
  std::vector<std::string> keys;
  for (const std::string& key : q.reader_keys) keys.push_back(service::SearchTag('k', key));
  std::string out = "tag_set && " + s.Param(TextArray(keys)) + "::TEXT[]";
  if (q.subject) out += " AND " + s.Param(service::SearchTag('s', *q.subject)) + " = ANY (tag_set)";
  return out;
}

}  // namespace

Result<core::ArticleId> Add(pqxx::connection& c, const StoredArticle& article) {
  return PgGuarded("adding an article", [&]() -> Result<core::ArticleId> {
    pqxx::work tx(c);
    StoredArticle stored = article;
    stored.article.id =
        tx.exec1(
              "INSERT INTO articles (revision, status, state) VALUES (1, '', '') RETURNING id")[0]
            .as<int64_t>();
    stored.article.revision = 1;
    WriteState(tx, stored.article);
    WriteParts(tx, stored);
    tx.commit();
    return stored.article.id;
  });
}

Status Update(pqxx::connection& c, const StoredArticle& article) {
  return PgGuarded("saving an article", [&]() -> Status {
    const core::Article& a = article.article;
    pqxx::work tx(c);
    const auto current =
        tx.exec_params("SELECT revision FROM articles WHERE id = $1 FOR UPDATE", a.id);
    if (current.empty()) return Fail(ErrorCode::kNotFound, "no article " + core::ArticleRef(a.id));
    if (current[0][0].as<int64_t>() + 1 != a.revision)
      return Fail(ErrorCode::kFailedPrecondition,
                  core::ArticleRef(a.id) + " was changed by someone else since", "revision");
    WriteState(tx, a);
    RemoveParts(tx, a.id);
    WriteParts(tx, article);
    tx.commit();
    return Ok();
  });
}

Result<std::optional<core::Article>> Find(pqxx::connection& c, core::ArticleId id) {
  return PgGuarded("reading an article", [&]() -> Result<std::optional<core::Article>> {
    pqxx::nontransaction tx(c);
    const auto rows = tx.exec_params("SELECT state FROM articles WHERE id = $1", id);
    if (rows.empty()) return std::optional<core::Article>();
    auto article = json::ArticleFromStoredText(Text(rows[0][0]));
    if (!article) return tl::unexpected(article.error());
    return std::optional<core::Article>(std::move(*article));
  });
}

Result<std::vector<ArticleEntry>> List(pqxx::connection& c, const service::ArticleFilter& f) {
  return PgGuarded("listing articles", [&]() -> Result<std::vector<ArticleEntry>> {
    std::vector<ArticleEntry> found;
    if (f.reader_keys.empty() || f.limit <= 0) return found;
    PgQuery q;
    q.sql =
        "SELECT v.article_id, a.status, v.version, v.title, v.at FROM article_views v "
        "JOIN articles a ON a.id = v.article_id WHERE TRUE" +
        ReadableBy(q, f.reader_keys);
    if (f.before) q.sql += " AND v.article_id < " + q.Param(std::to_string(*f.before)) + "::BIGINT";
    if (f.status) q.sql += " AND a.status = " + q.Param(core::ArticleStatusName(*f.status));
    if (f.subject)
      q.sql += " AND v.article_id IN (SELECT article_id FROM article_subjects WHERE subject = " +
               q.Param(*f.subject) + ")";
    q.sql += " ORDER BY v.article_id DESC LIMIT " + q.Param(std::to_string(f.limit)) + "::INTEGER";
    pqxx::nontransaction tx(c);
    for (const auto& row : q.Run(tx)) found.push_back(ReadEntry(row));
    return found;
  });
}

Result<std::vector<ArticleEntry>> Search(pqxx::connection& c, const service::ArticleQuery& q,
                                         int64_t recent_views) {
  return PgGuarded("searching articles", [&]() -> Result<std::vector<ArticleEntry>> {
    std::vector<ArticleEntry> found;
    if (q.terms.empty() || q.reader_keys.empty() || q.limit <= 0) return found;
    pqxx::read_transaction tx(c);
    const std::vector<int64_t> newest = NewestMatches(
        tx,
        {"article_views", "id",
         [&](PgQuery& s) { return "search @@ " + TsQuery(s, q) + " AND " + HoldsTags(s, q); }},
        recent_views);
    if (newest.empty()) return found;
    // Of those, the best (ranked on the views alone), then their article's status and a headline
    // of each. The title's words weigh as 'A', the text's as 'B'; tags are not words asked for.
    PgQuery s;
    const std::string words = TsQuery(s, q);
    const std::string best = "SELECT id, article_id, ts_rank(search, " + words +
                             ") AS r FROM article_views WHERE id = ANY (" +
                             s.Param(IdArray(newest)) +
                             "::BIGINT[]) ORDER BY r DESC, "
                             "article_id DESC LIMIT " +
                             s.Param(std::to_string(q.limit)) + "::INTEGER";
    s.sql = "SELECT v.article_id, a.status, v.version, v.title, v.at, " +
            Headline("v.text", words) + ", best.r FROM (" + best +
            ") best JOIN article_views v ON v.id = best.id JOIN articles a ON a.id = v.article_id "
            "ORDER BY best.r DESC, v.article_id DESC";
    for (const auto& row : s.Run(tx)) {
      ArticleEntry e = ReadEntry(row);
      e.snippet = Text(row[5]);
      e.score = row[6].as<double>();
      found.push_back(std::move(e));
    }
    return found;
  });
}

}  // namespace tierdesk::store::pg_articles
