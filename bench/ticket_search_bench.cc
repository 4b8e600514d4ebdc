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
#include "bench_store.h"
#include "search_queries.h"
#include "service/ticket_search.h"
#include "service/ticket_service.h"
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
  static service::Store* store = nullptr;
  if (store) return store;
  store = &OpenBenchStore(postgres, "/tmp/tierdesk-ticket-search-bench.db", "ticket_search_bench");
  auto last = store->MaxTicketId();
  if (!last) std::abort();
  if (*last == 0) Fill(*store);
  return store;
}

bool g_postgres = false;

void SearchTickets(benchmark::State& state) {
  service::Store& store = *Open(g_postgres);
  TimeSearches(state, SearchQueries(4, "why does ", " fail"),
               [&](const std::string& words) { return service::SearchTickets(store, words, 10); });
}
BENCHMARK(SearchTickets)->Iterations(20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tierdesk::bench

int main(int argc, char** argv) {
  return tierdesk::bench::RunBenchmarks(argc, argv, tierdesk::bench::g_postgres);
}
