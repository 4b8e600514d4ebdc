#pragma once

// Workloads shared by the benchmarks.

#include <malloc.h>

#include <vector>

#include "service/ticket_service.h"
#include "test_support.h"

namespace tierdesk::bench {

// Bytes allocated on the heap right now (glibc), large mmapped blocks included.
inline size_t HeapInUse() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;  // small chunks plus mmapped large blocks
}

// The commands of one ticket's life under seed 000, from intake to sign-off, starting at `t0`.
inline std::vector<service::TimedCommand> TicketLife(core::TicketId id, Timestamp t0) {
  using namespace core;
  const std::string client = "C-" + std::to_string(id % 5000);
  std::vector<service::TimedCommand> out;
  out.push_back({testing::CreateFor(client), t0});
  out.push_back(
      {Command{"psc-anil", id, cmd::HandOff{"L2", "needs_deeper_knowledge", "restarted", ""}, ""},
       t0 + Minutes(5)});
  out.push_back({Command{"ssc-ravi", id, cmd::Acknowledge{}, ""}, t0 + Minutes(6)});
  out.push_back(
      {Command{"ssc-ravi", id,
               cmd::Respond{"Working on it", {}, t0 + Minutes(120), "Looking at logs"}, ""},
       t0 + Minutes(10)});
  out.push_back(
      {Command{"ssc-ravi", id,
               cmd::Resolve{{{"summary", "Fixed"}, {"details", "Restarted the pool"}}}, ""},
       t0 + Minutes(40)});
  out.push_back({Command{"client:" + client, id, cmd::SignOff{"thanks"}, ""}, t0 + Minutes(60)});
  return out;
}

// Executes `pending` as one batch and clears it; false (with the reason in `state`) if any
// command was refused, which would make the figures meaningless.
template <class State>
bool ExecuteBatch(service::TicketService& service, std::vector<service::TimedCommand>& pending,
                  State& state) {
  for (const auto& r : service.ExecuteBatch(pending))
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return false;
    }
  pending.clear();
  return true;
}

}  // namespace tierdesk::bench
