#pragma once

#include <istream>
#include <string>
#include <vector>

#include "service/replay.h"

namespace tierdesk::cli {

// Reads replay input: one JSON command per line, each with an "at" instant (RFC 3339), in
// time order; {"at": ..., "cmd": "tick"} only moves the clock. Blank lines and lines starting
// with '#' are skipped. On the first bad line: kInvalidArgument "name:line: reason".
[[nodiscard]] Result<std::vector<service::ReplayStep>> ReadReplayInput(std::istream& in,
                                                                       const std::string& name);

}  // namespace tierdesk::cli
