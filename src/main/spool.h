#pragma once

#include <fstream>
#include <memory>
#include <ostream>

#include "common/result.h"

namespace tierdesk::cli {

// Output held back until a command knows it succeeded. A replay's timeline may be a month long,
// too large to keep in memory, and must not be printed when a later line fails: it is written
// to a temporary file that has no name (unlinked at once, so nothing is left behind whatever
// happens) and copied out only on success.
class Spool {
 public:
  // kUnavailable when no temporary file can be made (in $TMPDIR, else /tmp).
  [[nodiscard]] static Result<std::unique_ptr<Spool>> Open();

  std::ostream& stream() { return file_; }
  // Writes everything spooled so far to `out`.
  [[nodiscard]] Status CopyTo(std::ostream& out);

 private:
  std::fstream file_;
};

}  // namespace tierdesk::cli
