#pragma once

#include <atomic>

#include "core/procedure.h"

namespace tierdesk::http {

// The procedure the API answers by: replaced whole by a reload or an upload, between two of the
// engine's batches. Old versions stay alive (ProcedureVersions), so a request that read one
// finishes with it. Thread-safe.
class ProcedureInForce {
 public:
  explicit ProcedureInForce(const core::Procedure& first) : current_(&first) {}
  const core::Procedure& operator*() const { return *current_.load(); }
  const core::Procedure* operator->() const { return current_.load(); }
  void Replace(const core::Procedure& next) { current_ = &next; }

 private:
  std::atomic<const core::Procedure*> current_;
};

}  // namespace tierdesk::http
