// The procedure over the API: the one in force, and changing it while serving (reload the file,
// check a draft, upload a new file).
#include "http/api/procedure_resource.h"

#include "common/utf8.h"
#include "core/asset_info.h"
#include "core/permission.h"
#include "http/api/api_util.h"
#include "http/api/procedure_view.h"

namespace tierdesk::http {

namespace {

json::Json ProblemsJson(const std::vector<ProcedureProblem>& problems) {
  json::Json out = json::Json::array();
  for (const auto& p : problems) out.push_back({{"line", p.line}, {"message", p.message}});
  return out;
}

}  // namespace

ApiResponse ProcedureResource::View(const Principal& who) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied,
                         "the procedure and staff directory are for staff");
  return InForce();
}

ApiResponse ProcedureResource::InForce() {
  return Json(200, ProcedureJson(*procedure_, clock_.Now()));
}

ApiResponse ProcedureResource::Intake() {
  const core::Procedure& p = *procedure_;
  json::Json fields = json::Json::array();
  for (int i = 0; i < core::kIntakeFieldCount; ++i)
    fields.push_back({{"name", core::IntakeFieldName(core::IntakeField(i))},
                      {"label", core::IntakeFieldLabel(core::IntakeField(i))}});
  json::Json required = json::Json::object();
  for (const auto& [channel, names] : p.intake.required) {
    json::Json list = json::Json::array();
    for (core::IntakeField f : names) list.push_back(core::IntakeFieldName(f));
    required[core::ChannelName(channel)] = std::move(list);
  }
  json::Json body = json::Json::object();
  body["fields"] = std::move(fields);
  body["required"] = std::move(required);
  return Json(200, body);
}

ApiResponse ProcedureResource::Directory(const Principal& who, bool people) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "the staff directory is for staff");
  const core::Procedure& p = *procedure_;
  json::Json body = json::Json::object();
  body[people ? "people" : "assets"] = people ? PeopleJson(p) : AssetsJson(p);
  return Json(200, body);
}

ApiResponse ProcedureResource::Asset(const Principal& who, const std::string& encoded) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  // A page names the asset with its colon escaped ("server%3Aweb-01"); in a path, '+' is itself.
  std::string plus_kept;
  for (char c : encoded) plus_kept += c == '+' ? std::string("%2B") : std::string(1, c);
  const std::string key = PercentDecode(plus_kept);
  if (!IsValidUtf8(key)) return ErrorResponse(Refusal::kNotFound, "no such asset", "key");
  const core::Procedure& p = *procedure_;
  const core::Asset* asset = p.FindAsset(key);
  if (asset == nullptr)
    return ErrorResponse(Refusal::kNotFound, "no asset '" + key + "' (kind:id)", "key");
  json::Json contacts = json::Json::array();
  for (const core::AssetContact& c : core::AssetContacts(p, *asset, who.is_client())) {
    const core::Person* person = c.person;
    contacts.push_back({{"role", core::ContactRoleName(c.role)},
                        {"on_call", c.on_call},
                        {"step", c.step},
                        {"person", c.person_id},
                        {"name", person ? person->name : c.person_id},
                        {"email", person ? person->email : ""},
                        {"phone", person ? person->phone : ""},
                        {"ack_window", FormatDuration(c.ack_window)}});
  }
  json::Json body = {{"kind", asset->kind},
                     {"id", asset->id},
                     {"name", asset->name},
                     {"contacts", std::move(contacts)}};
  if (!who.is_client()) body["forum"] = asset->forum;
  return Json(200, body);
}

void ProcedureResource::Reload(const Principal& who, Respond respond) {
  if (!HasAdminRole(who))
    return respond(
        ErrorResponse(Refusal::kPermissionDenied,
                      std::string("reloading the procedure needs ") + core::kAdministratorRoles));
  if (!loader_)
    return respond(ErrorResponse(Refusal::kFailedPrecondition, "this server cannot reload"));
  std::lock_guard lock(file_mu_);
  ApplyProcedureFile(std::move(respond));
}

ApiResponse ProcedureResource::Validate(const ApiRequest& request, const Principal& who) {
  // Checking a draft reads the files it names beside the procedure (holiday calendars): what it
  // says of them (found, their size, their content's problems) is for those who may replace it.
  if (!HasAdminRole(who))
    return ErrorResponse(
        Refusal::kPermissionDenied,
        std::string("checking a procedure file needs ") + core::kAdministratorRoles);
  if (!check_)
    return ErrorResponse(Refusal::kFailedPrecondition, "this server cannot check procedure files");
  const ProcedureCheck checked = check_(request.body);
  return Json(200, {{"valid", checked.problems.empty() && checked.procedure.has_value()},
                    {"problems", ProblemsJson(checked.problems)}});
}

void ProcedureResource::Upload(const ApiRequest& request, const Principal& who, Respond respond) {
  if (!HasAdminRole(who))
    return respond(
        ErrorResponse(Refusal::kPermissionDenied,
                      std::string("replacing the procedure needs ") + core::kAdministratorRoles));
  if (!check_ || !write_ || !loader_)
    return respond(ErrorResponse(Refusal::kFailedPrecondition,
                                 "this server cannot replace its procedure file"));
  const ProcedureCheck checked = check_(request.body);
  if (!checked.problems.empty() || !checked.procedure) {
    // An error like any other, with the problems as the validation lists them.
    const std::string message = "the procedure has " + std::to_string(checked.problems.size()) +
                                " problem(s); nothing changed";
    ApiResponse refused = ErrorResponse(Refusal::kInvalidArgument, message, "body");
    json::Json body = json::Json::parse(refused.body);  // our own, well-formed
    body["valid"] = false;
    body["problems"] = ProblemsJson(checked.problems);
    refused.body = json::Dump(body);
    return respond(std::move(refused));
  }
  std::lock_guard lock(file_mu_);
  // Refused before the file is touched: what is on disk stays what is in force.
  if (auto stranded = StrandedTickets(*checked.procedure)) return respond(std::move(*stranded));
  if (auto written = write_(request.body); !written) return respond(ErrorResponse(written.error()));
  ApplyProcedureFile(std::move(respond));
}

void ProcedureResource::ApplyProcedureFile(Respond respond) {
  auto next = loader_();
  if (!next) return respond(ErrorResponse(next.error()));
  if (auto stranded = StrandedTickets(**next)) return respond(std::move(*stranded));
  const core::Procedure* procedure = *next;
  engine_.ReplaceProcedure(*procedure, [this, procedure, respond = std::move(respond)]() mutable {
    procedure_.Replace(*procedure);
    ends_.PeopleChanged();
    respond(InForce());
  });
}

std::optional<ApiResponse> ProcedureResource::StrandedTickets(const core::Procedure& next) {
  std::map<std::string, int64_t> open;
  {
    auto reader = readers_.Borrow();
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
