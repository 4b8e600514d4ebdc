#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "core/procedure.h"
#include "http/api/exchange.h"
#include "http/api/procedure_in_force.h"
#include "http/api/reader_pool.h"
#include "http/auth/auth.h"
#include "http/auth/credential_ends.h"
#include "service/engine.h"

namespace tierdesk::http {

// Reads the procedure file again: the new procedure (kept alive by the caller for as long as
// the server runs), or kInvalidArgument whose message lists the validator's problems.
using ProcedureLoader = std::function<Result<const core::Procedure*>()>;

// A procedure file's text checked as `tierdesk validate` checks the file serve runs (relative
// iCalendar files from its folder): the procedure, or every problem with its line.
struct ProcedureProblem {
  int line = 0;  // 1-based; 0 for the file as a whole
  std::string message;
};
struct ProcedureCheck {
  std::optional<core::Procedure> procedure;  // set only when `problems` is empty
  std::vector<ProcedureProblem> problems;
};
using ProcedureChecker = std::function<ProcedureCheck(std::string_view text)>;
// Puts checked text in place of the procedure file serve runs, durably, keeping the old one.
using ProcedureWriter = std::function<Status(std::string_view text)>;

// The procedure over the API (procedure_resource.cc): the one in force and the directory it
// names; reloading its file, checking a draft, uploading a new file (administrators).
class ProcedureResource {
 public:
  ProcedureResource(service::Engine& engine, ReaderPool& readers, ProcedureInForce& procedure,
                    const Clock& clock, CredentialEnds& ends)
      : engine_(engine), readers_(readers), procedure_(procedure), clock_(clock), ends_(ends) {}

  // For POST /api/v1/procedure/reload; without it, a reload answers 409.
  void SetLoader(ProcedureLoader loader) { loader_ = std::move(loader); }
  // For POST /api/v1/procedure/validate and POST /api/v1/procedure (the upload, which then
  // applies the file through the loader as a reload does); without them both answer 409.
  void SetFile(ProcedureChecker check, ProcedureWriter write) {
    check_ = std::move(check);
    write_ = std::move(write);
  }

  ApiResponse View(const Principal& who);
  // GET /api/v1/intake: what a request must bring by each channel, for staff and clients alike
  // (the forms mark what the core will ask for).
  ApiResponse Intake();
  // GET /api/v1/people and /api/v1/assets: the staff directory.
  ApiResponse Directory(const Principal& who, bool people);
  // One asset's page: its name and, for staff, its forum and who supports it (core::AssetContacts).
  ApiResponse Asset(const Principal& who, const std::string& encoded_key);
  void Reload(const Principal& who, Respond respond);
  ApiResponse Validate(const ApiRequest& request, const Principal& who);
  void Upload(const ApiRequest& request, const Principal& who, Respond respond);

 private:
  ApiResponse InForce();
  // Loads the procedure file and puts it in force between two batches, answering as a reload
  // does. The caller holds file_mu_.
  void ApplyProcedureFile(Respond respond);
  // A 409 when `next` lacks a tier that has open tickets (they would have nowhere to be).
  std::optional<ApiResponse> StrandedTickets(const core::Procedure& next);

  service::Engine& engine_;
  ReaderPool& readers_;
  ProcedureInForce& procedure_;
  const Clock& clock_;
  CredentialEnds& ends_;
  ProcedureLoader loader_;
  ProcedureChecker check_;
  ProcedureWriter write_;
  std::mutex file_mu_;  // one reload or upload at a time, so versions apply in order
};

}  // namespace tierdesk::http
