#pragma once

#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/procedure.h"
#include "main/timeline.h"
#include "service/replay.h"

namespace tierdesk::cli {

// A line of the timeline that must (or, negated, must not) appear.
struct Expectation {
  int line = 0;
  bool negate = false;
  std::optional<Timestamp> at;  // exact instant; any when absent
  // expect-none looks only at the timeline so far: up to the last `at` or `until` before it.
  std::optional<Timestamp> so_far;
  std::string ticket;
  std::string type;
  std::vector<std::pair<std::string, std::string>> fields;
};

// A scenario reads like the SOP it tests:
//
//   # scenario: the L2 primary does not acknowledge; the secondary is paged
//   procedure ../../procedures/000-three-level-support.toml
//   at 2026-01-05 10:00 client:C-1001 create {"title": "Shop down", "assets": {"server": "web-01"}}
//   at 2026-01-05 10:05 psc-anil handoff TD-1 {"to": "L2", "criterion": "needs_deeper_knowledge",
//   "tried": "restart"} at 2026-01-05 10:20 ssc-ravi acknowledge TD-1 !permission_denied until
//   2026-01-05 12:00 expect 2026-01-05 10:10 TD-1 paged to=ssc-meena expect-none TD-1 paged
//   to=ssc-lead
//
// `expect` lines may come anywhere; `expect-none` holds for the timeline up to the last
// `at` or `until` line above it ("nothing like this so far").
// Times are local wall-clock times in the procedure's time zone. `!code` after a command says
// it must be refused with that error code.
struct Scenario {
  std::string title;
  std::filesystem::path procedure_path;
  core::Procedure procedure;
  std::vector<service::ReplayStep> steps;
  std::optional<Timestamp> until;
  std::vector<Expectation> expectations;
};

// kInvalidArgument "name:line: reason" for the first malformed line or an invalid procedure.
[[nodiscard]] Result<Scenario> ReadScenario(const std::filesystem::path& path);

// One message per unmet expectation ("name:line: ...").
std::vector<std::string> CheckExpectations(const Scenario& scenario, const std::string& name,
                                           const std::vector<TimelineEntry>& timeline);

}  // namespace tierdesk::cli
