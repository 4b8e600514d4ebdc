#pragma once

// Workloads shared by the benchmarks.

#include <malloc.h>

#include <vector>

#include "service/ticket_service.h"
#include "test_support.h"

namespace tierdesk::bench {

// Bytes in use on the heap right now (glibc).
inline size_t HeapInUse() { return mallinfo2().uordblks; }

// The commands of one ticket's life under seed 000, from intake to sign-off, starting at `t0`.
inline std::vector<service::TimedCommand> TicketLife(core::TicketId id, Timestamp t0) {
  using namespace core;
  const std::string client = "C-" + std::to_string(id % 5000);
  std::vector<service::TimedCommand> out;
  out.push_back({testing::CreateFor(client), t0});
  out.push_back({Command{"psc-anil", id, cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
                 t0 + Minutes(5)});
  out.push_back({Command{"ssc-ravi", id, cmd::Acknowledge{}, ""}, t0 + Minutes(6)});
  out.push_back({Command{"ssc-ravi", id,
                         cmd::Respond{"Working on it", {}, t0 + Minutes(120), "Looking at logs"}, ""},
                 t0 + Minutes(10)});
  out.push_back({Command{"ssc-ravi", id,
                         cmd::Resolve{{{"summary", "Fixed"}, {"details", "Restarted the pool"}}}, ""},
                 t0 + Minutes(40)});
  out.push_back({Command{"client:" + client, id, cmd::SignOff{"thanks"}, ""}, t0 + Minutes(60)});
  return out;
}

}  // namespace tierdesk::bench
