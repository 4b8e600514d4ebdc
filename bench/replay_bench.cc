// Replay throughput in memory: commands decided per second by the pure core, and through the
// whole service (decide + commit) on the memory store and on an in-memory SQLite database.
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "core/decide.h"
#include "store/memory/memory_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::bench {
namespace {

const Timestamp kStart = testing::At("2026-01-05T00:00:00Z");

void BM_DecideOnly(benchmark::State& state) {
  const core::Procedure p = testing::SeedProcedure("000-three-level-support.toml");
  int64_t commands = 0;
  core::TicketId id = 0;
  for (auto _ : state) {
    ++id;
    core::Ticket t;
    for (const auto& tc : TicketLife(id, kStart + Minutes(id))) {
      auto d = core::Decide(t, tc.command, tc.at, p, id);
      if (!d) {
        state.SkipWithError(d.error().message.c_str());
        return;
      }
      t = std::move(d->ticket);
      ++commands;
    }
  }
  state.counters["commands_per_s"] =
      benchmark::Counter(double(commands), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecideOnly)->UseRealTime();

// The replay engine's path: decide + commit through the TicketService, batches of range(0)
// commands, on the store named by range(1): 0 = MemoryStore, 1 = SQLite ":memory:".
void BM_ServiceReplay(benchmark::State& state) {
  const core::Procedure p = testing::SeedProcedure("000-three-level-support.toml");
  std::unique_ptr<service::Store> store;
  if (state.range(1) == 0)
    store = std::make_unique<store::MemoryStore>();
  else
    store = std::move(store::SqliteStore::Open(":memory:").value());
  service::TicketService service(*store, p);
  const size_t batch = size_t(state.range(0));
  int64_t commands = 0;
  core::TicketId id = 0;
  std::vector<service::TimedCommand> pending;
  for (auto _ : state) {
    ++id;
    for (auto& tc : TicketLife(id, kStart + Minutes(id))) pending.push_back(std::move(tc));
    if (pending.size() < batch) continue;
    commands += int64_t(pending.size());
    if (!ExecuteBatch(service, pending, state)) return;
  }
  state.counters["commands_per_s"] =
      benchmark::Counter(double(commands), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ServiceReplay)
    ->ArgNames({"batch", "sqlite"})
    ->Args({6, 0})
    ->Args({6, 1})
    ->Args({600, 1})
    ->UseRealTime();

}  // namespace
}  // namespace tierdesk::bench
