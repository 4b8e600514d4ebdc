// Changing the procedure while serving: reload the file, check a draft, upload a new file.
#include "core/permission.h"
#include "http/api/api.h"
#include "http/api/api_util.h"
#include "http/live/stream_hub.h"

namespace tierdesk::http {

namespace {

json::Json ProblemsJson(const std::vector<Api::ProcedureProblem>& problems) {
  json::Json out = json::Json::array();
  for (const auto& p : problems) out.push_back({{"line", p.line}, {"message", p.message}});
  return out;
}

}  // namespace

void Api::ReloadProcedure(const Principal& who, Respond respond) {
  if (!HasAdminRole(who))
    return respond(
        ErrorResponse(Refusal::kPermissionDenied,
                      std::string("reloading the procedure needs ") + core::kAdministratorRoles));
  if (!loader_)
    return respond(ErrorResponse(Refusal::kFailedPrecondition, "this server cannot reload"));
  std::lock_guard lock(procedure_file_mu_);
  ApplyProcedureFile(std::move(respond));
}

ApiResponse Api::ValidateProcedure(const ApiRequest& request, const Principal& who) {
  // Checking a draft reads the files it names beside the procedure (holiday calendars): what it
  // says of them (found, their size, their content's problems) is for those who may replace it.
  if (!HasAdminRole(who))
    return ErrorResponse(
        Refusal::kPermissionDenied,
        std::string("checking a procedure file needs ") + core::kAdministratorRoles);
  if (!check_procedure_)
    return ErrorResponse(Refusal::kFailedPrecondition, "this server cannot check procedure files");
  const ProcedureCheck checked = check_procedure_(request.body);
  return Json(200, {{"valid", checked.problems.empty() && checked.procedure.has_value()},
                    {"problems", ProblemsJson(checked.problems)}});
}

void Api::UploadProcedure(const ApiRequest& request, const Principal& who, Respond respond) {
  if (!HasAdminRole(who))
    return respond(
        ErrorResponse(Refusal::kPermissionDenied,
                      std::string("replacing the procedure needs ") + core::kAdministratorRoles));
  if (!check_procedure_ || !write_procedure_ || !loader_)
    return respond(ErrorResponse(Refusal::kFailedPrecondition,
                                 "this server cannot replace its procedure file"));
  const ProcedureCheck checked = check_procedure_(request.body);
  if (!checked.problems.empty() || !checked.procedure) {
    // An error like any other, with the problems as the validation lists them.
    const std::string message = "the procedure has " + std::to_string(checked.problems.size()) +
                                " problem(s); nothing changed";
    return respond(Json(
        422, {{"error", {{"code", "invalid_argument"}, {"message", message}, {"field", "body"}}},
              {"valid", false},
              {"problems", ProblemsJson(checked.problems)}}));
  }
  std::lock_guard lock(procedure_file_mu_);
  // Refused before the file is touched: what is on disk stays what is in force.
  if (auto stranded = StrandedTickets(*checked.procedure)) return respond(std::move(*stranded));
  if (auto written = write_procedure_(request.body); !written)
    return respond(ErrorResponse(written.error()));
  ApplyProcedureFile(std::move(respond));
}

void Api::ApplyProcedureFile(Respond respond) {
  auto next = loader_();
  if (!next) return respond(ErrorResponse(next.error()));
  if (auto stranded = StrandedTickets(**next)) return respond(std::move(*stranded));
  const core::Procedure* procedure = *next;
  engine_.ReplaceProcedure(*procedure, [this, procedure, respond = std::move(respond)]() mutable {
    procedure_ = procedure;
    // Someone it no longer names loses their live stream now, not at the next event.
    if (stream_hub_ != nullptr) stream_hub_->RecheckCredentials();
    respond(ProcedureView());
  });
}

std::optional<ApiResponse> Api::StrandedTickets(const core::Procedure& next) {
  std::map<std::string, int64_t> open;
  {
    auto reader = Reader();
    auto counts = reader->CountOpenTicketsByTier();
    if (!counts) return ErrorResponse(counts.error());
    open = std::move(*counts);
  }
  for (const auto& [tier, n] : open)
    if (next.FindTier(tier) == nullptr)
      return ErrorResponse(Refusal::kFailedPrecondition, "the new procedure drops tier '" + tier +
                                                             "', which has " + std::to_string(n) +
                                                             " open tickets");
  return std::nullopt;
}

}  // namespace tierdesk::http
