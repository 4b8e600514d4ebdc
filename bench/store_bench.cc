// Durable appends to a SQLite file with synchronous=FULL (an fsync per transaction): one
// command per transaction, and many commands per transaction (group commit).
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "store/sqlite/sqlite_store.h"

namespace tierdesk::bench {
namespace {

const Timestamp kStart = testing::At("2026-01-05T00:00:00Z");

void BM_DurableCommands(benchmark::State& state) {
  const core::Procedure p = testing::SeedProcedure("000-three-level-support.toml");
  const size_t batch = size_t(state.range(0));
  const std::string path = testing::TempDbPath("bench-append-" + std::to_string(batch));
  auto store = std::move(store::SqliteStore::Open(path, {.synchronous_full = true}).value());
  service::TicketService service(*store, p);
  int64_t commands = 0, transactions = 0;
  core::TicketId id = 0;
  std::vector<service::TimedCommand> pending;
  for (auto _ : state) {
    // One ticket's life: 6 commands; batched into transactions of `batch` commands.
    ++id;
    for (auto& tc : TicketLife(id, kStart + Minutes(id))) {
      pending.push_back(std::move(tc));
      if (pending.size() < batch) continue;
      commands += int64_t(pending.size());
      ++transactions;
      if (!ExecuteBatch(service, pending, state)) return;
    }
  }
  state.counters["commands_per_s"] =
      benchmark::Counter(double(commands), benchmark::Counter::kIsRate);
  state.counters["commits_per_s"] =
      benchmark::Counter(double(transactions), benchmark::Counter::kIsRate);
}
// Batching must keep a ticket's commands in order; the service sees earlier ones of the batch.
BENCHMARK(BM_DurableCommands)->Arg(1)->Arg(6)->Arg(96)->Arg(960)->MinTime(3)->UseRealTime();

}  // namespace
}  // namespace tierdesk::bench
