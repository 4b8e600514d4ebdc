// Staff's ticket search at scale: 1M tickets written through the service (decide + commit, so
// each ticket's text is indexed as a real desk's is), titles of 6 words and descriptions of 40
// drawn from the 5,000-word Zipf-like vocabulary of the article bench, three tickets in ten
// resolved with a summary of 20 words. Searched by one, two and three words, a word's
// beginning, a resolution's word and a question; each query timed alone.
//
//   build/bench/ticket_search_bench             (SQLite; the file is kept in /tmp between runs)
//   build/bench/ticket_search_bench --postgres  (a PostgreSQL server started on loopback)
//   TIERDESK_BENCH_PG=postgresql://… build/bench/ticket_search_bench --postgres
//                                               (that database, filled on the first run only)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>

#include "bench_main.h"
#include "integration/postgres_server.h"
#include "latencies.h"
#include "service/ticket_search.h"
#include "service/ticket_service.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "test_support.h"
#include "zipf_words.h"

namespace tierdesk::bench {
namespace {

constexpr int kTickets = 1'000'000;
constexpr int kBatch = 2'000;

// Writes kTickets tickets through the service, a batch of creates at a time followed by the
// resolutions of three in ten of them.
void Fill(service::Store& store) {
  const core::Procedure procedure = testing::SeedProcedure("000-three-level-support.toml");
  service::TicketService service(store, procedure);
  std::mt19937 rng(11);
  const Timestamp start = testing::At("2025-01-06T09:00:00Z");
  std::vector<service::TimedCommand> creates, resolves;
  auto run = [&](std::vector<service::TimedCommand>& batch) {
    const auto results = service.ExecuteBatch(batch);
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i]) {
        std::cerr << results[i].error().ToString() << "\n";
        std::abort();
      }
      if (batch[i].command.ticket == 0 && results[i]->ticket.id % 10 < 3)
        resolves.push_back(
            {core::Command{"psc-anil", results[i]->ticket.id,
                           core::cmd::Resolve{{{"summary", Words(rng, 20)}, {"details", "Done"}}},
                           ""},
             batch[i].at + Minutes(30)});
    }
    batch.clear();
  };
  for (int i = 1; i <= kTickets; ++i) {
    core::cmd::Create c;
    for (int w = 0; w < 6; ++w) c.registration.title += (w ? " " : "") + Word(NextRank(rng));
    c.registration.description = Words(rng, 40);
    c.registration.client_id = "C-" + std::to_string(i % 5000);
    c.registration.requester_email = "someone@client.example";
    creates.push_back({core::Command{"psc-anil", 0, c, ""}, start + Seconds(30 * int64_t(i))});
    if (creates.size() == kBatch || i == kTickets) {
      run(creates);
      run(resolves);
      if (i % 100'000 == 0) std::cerr << "  " << i << " tickets written\n";
    }
  }
}

service::Store* Open(bool postgres) {
  static std::unique_ptr<service::Store> store;
  if (store) return store.get();
  if (postgres) {
    const char* kept = std::getenv("TIERDESK_BENCH_PG");
    static std::optional<testing::PostgresServer> server;
    if (!kept) server.emplace();
    auto pg =
        store::PostgresStore::Open(kept ? kept : server->CreateDatabase("ticket_search_bench"));
    if (!pg) std::abort();
    store = std::move(*pg);
  } else {
    auto sqlite = store::SqliteStore::Open("/tmp/tierdesk-ticket-search-bench.db",
                                           {.synchronous_full = false});
    if (!sqlite) std::abort();
    store = std::move(*sqlite);
  }
  auto last = store->MaxTicketId();
  if (!last) std::abort();
  if (*last == 0) Fill(*store);
  return store.get();
}

bool g_postgres = false;

struct Query {
  std::string words;
  const char* kind;
};

std::vector<Query> Queries() {
  std::vector<Query> q;
  for (int r : {3, 40, 300, 2000, 4500}) q.push_back({Word(r), "one word"});
  for (auto [a, b] : {std::pair{5, 60}, {30, 700}, {200, 3000}, {10, 20}})
    q.push_back({Word(a) + " " + Word(b), "two words"});
  q.push_back({Word(8) + " " + Word(90) + " " + Word(1500), "three words"});
  q.push_back({Word(50).substr(0, 4), "a word's beginning"});
  q.push_back({"why does " + Word(120) + " fail", "a question"});
  return q;
}

void SearchTickets(benchmark::State& state) {
  service::Store& store = *Open(g_postgres);
  const auto queries = Queries();
  Latencies times;
  std::vector<double> slowest(queries.size(), 0);
  size_t found = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < queries.size(); ++i) {
      auto hits = times.Time([&] { return service::SearchTickets(store, queries[i].words, 10); });
      slowest[i] = std::max(slowest[i], times.Last());
      if (!hits) state.SkipWithError(hits.error().message.c_str());
      found += hits ? hits->size() : 0;
    }
  }
  for (size_t i = 0; i < queries.size(); ++i)
    std::fprintf(stderr, "  %-18s %-40s max %.1f ms\n", queries[i].kind, queries[i].words.c_str(),
                 slowest[i]);
  state.counters["hits_per_query"] = double(found) / double(times.size());
  times.Report(state);
}
BENCHMARK(SearchTickets)->Iterations(20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tierdesk::bench

int main(int argc, char** argv) {
  return tierdesk::bench::RunBenchmarks(argc, argv, tierdesk::bench::g_postgres);
}
