#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/procedure.h"

namespace tierdesk::serve {

// Every version of the procedure a serving node has loaded. Each stays alive until the node
// stops: a request in flight, and the people it found, keep pointing into the version they
// started with while a reload makes a newer one current. Thread-safe.
class ProcedureVersions {
 public:
  explicit ProcedureVersions(core::Procedure first);

  // The version loaded last.
  const core::Procedure& Current() const;
  // Loads `path` as the next version and makes it current. kInvalidArgument listing the file's
  // problems when it has any; the current version stays.
  [[nodiscard]] Result<const core::Procedure*> Reload(const std::string& path);
  // A person's e-mail address as the current version gives it; empty for no such person.
  std::string EmailOf(const std::string& person) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<const core::Procedure>> versions_;  // guarded by mu_; never empty
};

}  // namespace tierdesk::serve
