#pragma once

#include <istream>
#include <string>

#include "service/replay.h"

namespace tierdesk::cli {

// Reads replay input as it is replayed: one JSON command per line, each with an "at" instant
// (RFC 3339), in time order; {"at": ..., "cmd": "tick"} only moves the clock. Blank lines and
// lines starting with '#' are skipped. A bad line is kInvalidArgument "name:line: reason".
class ReplayInputReader final : public service::ReplaySteps {
 public:
  ReplayInputReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}
  Result<std::optional<service::ReplayStep>> Next() override;

 private:
  Error Bad(const std::string& why) const;

  std::istream& in_;
  std::string name_;
  std::string text_;
  int line_ = 0;
  std::optional<Timestamp> last_at_;
};

}  // namespace tierdesk::cli
