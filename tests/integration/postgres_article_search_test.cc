// PostgreSQL's article search looks at the newest views first and at the older ones only when
// those hold too few matches: whatever the split, the answer is the one a single look at every
// view gives (same articles, same order, same snippets), for each reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "integration/postgres_server.h"
#include "service/knowledge_base.h"
#include "service/search_terms.h"
#include "store/postgres/postgres_articles.h"
#include "store/postgres/postgres_store.h"
#include "test_support.h"

namespace tierdesk::testing {
namespace {

// Article i (1-based) holds "lease" when i is a multiple of 3, "fan" when i is at most 4 (the
// oldest), "disk" in every one; a third are internal.
core::Article Numbered(int i) {
  core::Article a;
  a.status = core::ArticleStatus::kPublished;
  a.visibility = i % 2 ? core::ArticleVisibility{core::ArticleAudience::kInternal, {}, {}}
                       : core::ArticleVisibility{core::ArticleAudience::kAllClients, {}, {}};
  std::string body = "The disk of host " + std::to_string(i) + " was checked.";
  if (i % 3 == 0) body += " Renew the lease.";
  if (i <= 4) body += " The fan is loud.";
  a.versions.push_back(
      {1, "Note " + std::to_string(i), body, "t2-alex", At("2026-01-05T10:00:00Z"), "", {}});
  a.published_version = 1;
  if (i % 5 == 0) a.assets = {"server:db-01"};
  return a;
}

TEST(PostgresArticleSearch, FindsTheSameWhereverTheNewestViewsEnd) {
  PostgresServer server;
  ASSERT_TRUE(server.running()) << server.Log();
  const std::string uri = server.CreateDatabase("articles");
  auto store = store::PostgresStore::Open(uri);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  for (int i = 1; i <= 30; ++i)
    ASSERT_TRUE(service::SaveNewArticle(**store, **store, Numbered(i)).has_value());

  pqxx::connection c(uri);
  for (const core::ArticleReader& reader :
       {core::ArticleReader::Staff(), core::ArticleReader::Client("C-1", "Acme")}) {
    for (const char* words : {"lease", "fan", "disk", "disk lease", "fans", "leas"}) {
      for (const std::optional<std::string>& subject :
           {std::optional<std::string>(), std::optional<std::string>("asset:server:db-01")}) {
        service::ArticleQuery q{
            {service::SearchTerms(words)}, core::ReaderKeys(reader), subject, 50};
        const auto whole = store::pg_articles::Search(c, q, 1'000'000);
        ASSERT_TRUE(whole.has_value()) << whole.error().ToString();
        EXPECT_FALSE(whole->empty() && !subject) << words;
        for (const int64_t recent : {1, 4, 12, 29}) {
          const auto split = store::pg_articles::Search(c, q, recent);
          ASSERT_TRUE(split.has_value()) << split.error().ToString();
          EXPECT_EQ(*split, *whole) << words << " with the newest " << recent << " views first";
        }
      }
    }
  }
  // The oldest articles are found when only the newest views are looked at first.
  const auto fan = store::pg_articles::Search(c, {{{"fan"}}, {"staff"}, {}, 10}, 2);
  ASSERT_TRUE(fan.has_value());
  std::vector<core::ArticleId> ids;
  for (const auto& e : *fan) ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<core::ArticleId>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace tierdesk::testing
