// The scheduler with 1M open tickets: memory per running deadline, and the rebuild of all of
// them from SQLite at start.
#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "service/scheduler.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::bench {
namespace {

constexpr int64_t kTickets = 1'000'000;
const Timestamp kStart = testing::At("2026-01-05T00:00:00Z");

void BM_SchedulerMemoryPerDeadline(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    const size_t before = HeapInUse();
    auto scheduler = std::make_unique<service::Scheduler>();
    // Two running clocks per ticket (a response target and a page's ack window), spread over
    // a week, as the engine holds them for open tickets.
    for (int64_t id = 1; id <= n; ++id)
      scheduler->OnTicketDeadlines(
          id, {{id, core::clocks::kResponse, kStart + Seconds(id * 7 % 604800)},
               {id, core::clocks::kAck, kStart + Seconds(id * 13 % 604800)}});
    const size_t after = HeapInUse();
    state.counters["deadlines"] = double(scheduler->size());
    state.counters["heap_bytes_per_deadline"] = double(after - before) / double(scheduler->size());
    state.counters["own_estimate_bytes_per_deadline"] =
        double(scheduler->ApproximateBytes()) / double(scheduler->size());
    benchmark::DoNotOptimize(scheduler->NextDue());
  }
}
BENCHMARK(BM_SchedulerMemoryPerDeadline)
    ->Arg(kTickets)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Fills a database file with `n` tickets and one running deadline each (raw SQL: the rows are
// what the rebuild reads; building them through the engine would take minutes).
std::string PrepareDatabase(int64_t n) {
  const std::string path = testing::TempDbPath("bench-rebuild-" + std::to_string(n));
  { auto store = store::SqliteStore::Open(path); }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  SQLite::Transaction tx(db);
  SQLite::Statement ticket(db,
                           "INSERT INTO tickets (id, version, tier, stage, priority, received_at, "
                           "updated_at, client_id, assignee, title, state) "
                           "VALUES (?, 1, 'L2', 'open', 2, ?, ?, 'C-1', '', 'bench', '{}')");
  SQLite::Statement deadline(db, "INSERT INTO deadlines (ticket_id, clock, due) VALUES (?, ?, ?)");
  for (int64_t id = 1; id <= n; ++id) {
    const int64_t t = kStart.time_since_epoch().count();
    ticket.bind(1, id);
    ticket.bind(2, t);
    ticket.bind(3, t);
    ticket.exec();
    ticket.reset();
    deadline.bind(1, id);
    deadline.bind(2, id % 2 ? "response" : "ack");
    deadline.bind(3, t + id * 7 % 604800);
    deadline.exec();
    deadline.reset();
  }
  tx.commit();
  return path;
}

void BM_RebuildFromSqlite(benchmark::State& state) {
  const std::string path = PrepareDatabase(state.range(0));
  auto store = std::move(store::SqliteStore::Open(path).value());
  for (auto _ : state) {
    service::Scheduler scheduler;
    auto status = scheduler.Rebuild(*store);
    if (!status) state.SkipWithError(status.error().message.c_str());
    state.counters["deadlines"] = double(scheduler.size());
  }
}
BENCHMARK(BM_RebuildFromSqlite)->Arg(kTickets)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace tierdesk::bench
