#pragma once

// The knowledge base on PostgreSQL (PostgresStore's ArticleStore, on its connection): articles as
// JSON state rows, their views' words in a generated tsvector under GIN, found only through a
// key their reader holds.

#include <pqxx/pqxx>

#include "service/ports.h"

namespace tierdesk::store::pg_articles {

[[nodiscard]] Result<core::ArticleId> Add(pqxx::connection& c,
                                          const service::StoredArticle& article);
[[nodiscard]] Status Update(pqxx::connection& c, const service::StoredArticle& article);
[[nodiscard]] Result<std::optional<core::Article>> Find(pqxx::connection& c, core::ArticleId id);
[[nodiscard]] Result<std::vector<service::ArticleEntry>> List(pqxx::connection& c,
                                                              const service::ArticleFilter& f);
// The newest `recent_views` views are searched first, then older ranges four times as wide each,
// until service::kMostRankedViews matches are found (a test sets it small to search in many).
inline constexpr int64_t kRecentViews = 2'000;
[[nodiscard]] Result<std::vector<service::ArticleEntry>> Search(
    pqxx::connection& c, const service::ArticleQuery& q, int64_t recent_views = kRecentViews);

}  // namespace tierdesk::store::pg_articles
