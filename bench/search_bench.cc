// Knowledge-base search at scale: 100k published articles (titles of 6 words, bodies of ~150,
// drawn from a 5,000-word vocabulary with a Zipf-like skew, so some words are in most articles
// and some in few), searched as staff and as a client by one, two and three words and by a
// word's beginning. Each query's latency is timed alone; p50 and p99 are reported as counters.
//
//   build/bench/search_bench                       (SQLite; the file is kept in /tmp between runs)
//   build/bench/search_bench --postgres            (a PostgreSQL server started on loopback)
//   TIERDESK_BENCH_PG=postgresql://… build/bench/search_bench --postgres
//                                                  (that database, filled on the first run only)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>

#include "bench_main.h"
#include "bench_store.h"
#include "latencies.h"
#include "search_queries.h"
#include "service/knowledge_base.h"
#include "test_support.h"
#include "zipf_words.h"

namespace tierdesk::bench {
namespace {

constexpr int kArticles = 100'000;

core::Article MakeArticle(std::mt19937& rng, int i) {
  core::Article a;
  a.status = core::ArticleStatus::kPublished;
  a.visibility = i % 3 == 0 ? core::ArticleVisibility{core::ArticleAudience::kInternal, {}, {}}
                            : core::ArticleVisibility{core::ArticleAudience::kAllClients, {}, {}};
  std::string title, body;
  for (int w = 0; w < 6; ++w) title += (w ? " " : "") + Word(NextRank(rng));
  body = Words(rng, 150);
  a.versions.push_back({1, title, body, "t2-alex", testing::At("2026-01-05T10:00:00Z"), "", {}});
  a.published_version = 1;
  return a;
}

void Fill(service::Store& store) {
  std::mt19937 rng(7);
  for (int i = 0; i < kArticles; ++i)
    if (!service::SaveNewArticle(store, store, MakeArticle(rng, i))) std::abort();
}

service::Store* Open(bool postgres) {
  static service::Store* store = nullptr;
  if (store) return store;
  store = &OpenBenchStore(postgres, "/tmp/tierdesk-search-bench-v2.db", "search_bench");
  auto first = store->ListArticles({.reader_keys = {"staff"}, .limit = 1});
  if (!first) std::abort();
  if (first->empty()) Fill(*store);
  return store;
}

bool g_postgres = false;

void Search(benchmark::State& state) {
  service::Store& store = *Open(g_postgres);
  const core::ArticleReader reader =
      state.range(0) ? core::ArticleReader::Client("C-7", "Acme") : core::ArticleReader::Staff();
  TimeSearches(state, SearchQueries(3, "how do I ", ""), [&](const std::string& words) {
    return service::SearchArticles(store, words, reader, std::nullopt, 10);
  });
  state.SetLabel(state.range(0) ? "client" : "staff");
}
BENCHMARK(Search)->Arg(0)->Arg(1)->Iterations(20)->Unit(benchmark::kMillisecond);

// The newest 20 articles the reader may read: the knowledge base's first page.
void List(benchmark::State& state) {
  service::Store& store = *Open(g_postgres);
  const core::ArticleReader reader =
      state.range(0) ? core::ArticleReader::Client("C-7", "Acme") : core::ArticleReader::Staff();
  Latencies times;
  for (auto _ : state) {
    auto page = times.Time(
        [&] { return store.ListArticles({.reader_keys = core::ReaderKeys(reader), .limit = 20}); });
    if (!page || page->size() != 20) state.SkipWithError("a short page");
  }
  times.Report(state);
  state.SetLabel(state.range(0) ? "client" : "staff");
}
BENCHMARK(List)->Arg(0)->Arg(1)->Iterations(200)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tierdesk::bench

int main(int argc, char** argv) {
  return tierdesk::bench::RunBenchmarks(argc, argv, tierdesk::bench::g_postgres);
}
