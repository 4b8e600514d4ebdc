// Fills a database with N open tickets through the engine's own path (decide + commit in
// batches), for the HTTP benchmarks:
//   seed_tickets DB PROCEDURE N [RECEIVED_FROM [SPREAD_SECONDS]]
// Tickets are received from RECEIVED_FROM (RFC 3339; default 2026-01-05T09:00:00Z), one a
// second, or spread over SPREAD_SECONDS when given (so their deadlines fall due together).
#include <iostream>

#include "procedure/loader.h"
#include "service/ticket_service.h"
#include "store/sqlite/sqlite_store.h"

int main(int argc, char** argv) {
  using namespace tierdesk;
  if (argc < 4 || argc > 6) {
    std::cerr << "usage: seed_tickets DB PROCEDURE N [RECEIVED_FROM [SPREAD_SECONDS]]\n";
    return 2;
  }
  auto loaded = procedure::LoadProcedureFile(argv[2]);
  if (!loaded.procedure) {
    std::cerr << procedure::FormatProblems(argv[2], loaded.problems);
    return 2;
  }
  auto store = store::SqliteStore::Open(argv[1], {.synchronous_full = false});
  if (!store) {
    std::cerr << store.error().ToString() << "\n";
    return 1;
  }
  service::TicketService service(**store, *loaded.procedure);
  const long n = std::stol(argv[3]);
  auto from = ParseTimestamp(argc > 4 ? argv[4] : "2026-01-05T09:00:00Z");
  if (!from) {
    std::cerr << from.error().message << "\n";
    return 2;
  }
  const long spread = argc > 5 ? std::stol(argv[5]) : 0;
  const char* priorities[] = {"critical", "high", "medium", "medium", "low"};
  std::vector<service::TimedCommand> batch;
  for (long i = 1; i <= n; ++i) {
    core::cmd::Create c;
    c.registration.title = "Seeded ticket " + std::to_string(i);
    c.registration.client_id = "C-" + std::to_string(i % 5000);
    c.registration.caller_phone = "555-0100";
    c.registration.assets = {{"server", i % 2 ? "web-01" : "db-01"}, {"product", "shop"}};
    c.priority = core::ParsePriority(priorities[i % 5]);
    const Seconds offset{spread > 0 ? i % spread : i};
    batch.push_back({core::Command{"psc-anil", 0, c, ""}, *from + offset});
    if (batch.size() == 2000 || i == n) {
      for (const auto& r : service.ExecuteBatch(batch))
        if (!r) {
          std::cerr << r.error().ToString() << "\n";
          return 1;
        }
      batch.clear();
    }
  }
  std::cout << "seeded " << n << " tickets into " << argv[1] << "\n";
  return 0;
}
